// The builtin registry and the predeclared functions len, close, and, or, div, mod, quo, rem.
#include <array>

#include "cue/builtin.hpp"
#include "cue/evaluator.hpp"

namespace forge::cue {

// ---------------------------------------------------------------- argument helpers

static const value *not_concrete(evaluator &ev, const value *v, position pos, const char *want) {
    if (v->is_bottom()) return v;
    if (v->is_atom() || v->k == vk::vertex)
        return ev.error(err_code::eval, pos,
                        "cannot use " + ev.str(v) + " (type " + kind_name(v->mask) + ") as " + want);
    return ev.error(err_code::incomplete, pos, "non-concrete argument " + ev.str(v));
}

const value *arg_string(evaluator &ev, const value *v, std::string *out, position pos) {
    v = ev.resolve_default(v);
    if (v->k != vk::str) return not_concrete(ev, v, pos, "string");
    *out = std::string(v->s);
    return nullptr;
}

const value *arg_bytes(evaluator &ev, const value *v, std::string *out, position pos) {
    v = ev.resolve_default(v);
    if (v->k != vk::str && v->k != vk::bytes) return not_concrete(ev, v, pos, "bytes");
    *out = std::string(v->s);
    return nullptr;
}

const value *arg_int(evaluator &ev, const value *v, int64_t *out, position pos) {
    v = ev.resolve_default(v);
    if (v->k != vk::num || !v->num.is_int()) return not_concrete(ev, v, pos, "int");
    auto r = v->num.to_int64();
    if (!r.ok()) return ev.error(err_code::eval, pos, r.err().message);
    *out = *r;
    return nullptr;
}

const value *arg_number(evaluator &ev, const value *v, const value **out, position pos) {
    v = ev.resolve_default(v);
    if (v->k != vk::num) return not_concrete(ev, v, pos, "number");
    *out = v;
    return nullptr;
}

const value *arg_bool(evaluator &ev, const value *v, bool *out, position pos) {
    v = ev.resolve_default(v);
    if (v->k != vk::bool_) return not_concrete(ev, v, pos, "bool");
    *out = v->b;
    return nullptr;
}

const value *arg_list(evaluator &ev, const value *v, std::vector<const value *> *out, position pos) {
    v = ev.resolve_default(v);
    if (v->k != vk::vertex || !v->vx->is_list) return not_concrete(ev, v, pos, "list");
    ev.finalize(v->vx);
    vertex *l = v->vx;
    if (l->is_disjunction) {
        const value *d = ev.resolve_default(ev.vertex_value(l));
        if (d->k != vk::vertex) return not_concrete(ev, d, pos, "list");
        l = d->vx;
    }
    for (vertex *a : l->arcs) {
        const value *e = ev.resolve_default(ev.vertex_value(a));
        out->push_back(e);
    }
    return nullptr;
}

const value *arg_strings(evaluator &ev, const value *v, std::vector<std::string> *out, position pos) {
    std::vector<const value *> elems;
    if (auto *e = arg_list(ev, v, &elems, pos)) return e;
    for (auto *e : elems) {
        std::string s;
        if (auto *err = arg_string(ev, e, &s, pos)) return err;
        out->push_back(std::move(s));
    }
    return nullptr;
}

const value *arg_struct(evaluator &ev, const value *v, position pos) {
    v = ev.resolve_default(v);
    if (v->k != vk::vertex || !v->vx->is_struct) return not_concrete(ev, v, pos, "struct");
    return nullptr;
}

// ---------------------------------------------------------------- predeclared

namespace {

const value *fn_len(evaluator &ev, std::span<const value *const> a, position pos) {
    const value *v = ev.resolve_default(a[0]);
    switch (v->k) {
        case vk::str: {
            // len counts bytes for bytes and strings alike in CUE v0.4.
            return ev.make_int(static_cast<int64_t>(v->s.size()), pos);
        }
        case vk::bytes:
            return ev.make_int(static_cast<int64_t>(v->s.size()), pos);
        case vk::vertex: {
            vertex *x = v->vx;
            ev.process(x);
            int64_t n = 0;
            for (vertex *c : x->arcs) {
                if (c->optional) continue;
                if (x->is_list || is_regular(ev.labels().cls(c->label))) ++n;
            }
            return ev.make_int(n, pos);
        }
        default:
            if (v->is_bottom()) return v;
            if (!v->is_atom()) return ev.error(err_code::incomplete, pos, "non-concrete argument to len: " + ev.str(v));
            return ev.error(err_code::eval, pos,
                            "invalid argument " + ev.str(v) + " (type " + kind_name(v->mask) + ") for len");
    }
}

const value *fn_close(evaluator &ev, std::span<const value *const> a, position pos) {
    const value *v = ev.resolve_default(a[0]);
    if (v->is_bottom() || (v->k == vk::vertex && v->vx->is_struct)) return a[0];
    if (!v->is_atom() && v->k != vk::vertex)
        return ev.error(err_code::incomplete, pos, "non-concrete argument to close");
    return ev.error(err_code::eval, pos,
                    "cannot use " + ev.str(v) + " (type " + kind_name(v->mask) +
                        ") as struct in argument 1 to close");  // in operand position; as a conjunct close() is handled
                                                                // by the evaluator
}

const value *fn_and(evaluator &ev, std::span<const value *const> a, position pos) {
    std::vector<const value *> elems;
    if (auto *e = arg_list(ev, a[0], &elems, pos)) return e;
    for (auto *e : elems)
        if (e->k == vk::vertex) return ev.unify_all(elems, pos);
    const value *acc = ev.top();
    for (auto *e : elems) {
        acc = ev.unify(acc, e);
        if (acc->is_bottom()) return acc;
    }
    return acc;
}

const value *fn_or(evaluator &ev, std::span<const value *const> a, position pos) {
    std::vector<const value *> elems;
    if (auto *e = arg_list(ev, a[0], &elems, pos)) return e;
    if (elems.empty()) return ev.error(err_code::eval, pos, "empty list in call to or");
    if (elems.size() == 1) return elems[0];
    value *d = ev.mem().make<value>();
    d->k = vk::disj;
    kind_mask m = 0;
    for (auto *e : elems) m |= e->mask;
    d->mask = m;
    d->elems = ev.mem().copy(elems);
    bool *flags = static_cast<bool *>(ev.mem().allocate(elems.size(), 1));
    for (size_t i = 0; i < elems.size(); ++i) flags[i] = false;
    d->defaults = {flags, elems.size()};
    return d;
}

result<number> f_div(const number &a, const number &b) {
    return int_div(a, b);
}
result<number> f_mod(const number &a, const number &b) {
    return int_mod(a, b);
}
result<number> f_quo(const number &a, const number &b) {
    return int_quo(a, b);
}
result<number> f_rem(const number &a, const number &b) {
    return int_rem(a, b);
}

template <result<number> (*F)(const number &, const number &)>
const value *int_op(evaluator &ev, std::span<const value *const> a, position pos) {
    const value *x = nullptr, *y = nullptr;
    if (auto *e = arg_number(ev, a[0], &x, pos)) return e;
    if (auto *e = arg_number(ev, a[1], &y, pos)) return e;
    auto r = F(x->num, y->num);
    if (!r.ok()) return ev.error(err_code::eval, pos, r.err().message);
    return ev.make_num(std::move(r).value(), pos);
}

const builtin predeclared[] = {
    {"", "len", 1, fn_len},        {"", "close", 1, fn_close, false, true}, {"", "and", 1, fn_and},
    {"", "or", 1, fn_or},          {"", "div", 2, int_op<f_div>},           {"", "mod", 2, int_op<f_mod>},
    {"", "quo", 2, int_op<f_quo>}, {"", "rem", 2, int_op<f_rem>},
};

}  // namespace

std::span<const builtin> predeclared_builtins() {
    return predeclared;
}

std::span<const builtin_package> std_packages() {
    static const std::vector<builtin_package> pkgs = {
        {"strings", pkg_strings()},      {"list", pkg_list()},          {"math", pkg_math()},
        {"strconv", pkg_strconv()},      {"regexp", pkg_regexp()},      {"struct", pkg_struct()},
        {"encoding/json", pkg_json()},   {"encoding/yaml", pkg_yaml()}, {"encoding/base64", pkg_base64()},
        {"encoding/hex", pkg_hex()},     {"path", pkg_path()},          {"time", pkg_time()},
        {"crypto/sha256", pkg_crypto()}, {"uuid", pkg_uuid_like()},
    };
    return pkgs;
}

bool is_std_package(std::string_view path) {
    for (auto &p : std_packages())
        if (p.path == path) return true;
    return false;
}

const builtin *find_builtin(std::string_view pkg, std::string_view name) {
    if (pkg.empty()) {
        for (auto &b : predeclared)
            if (b.name == name) return &b;
        return nullptr;
    }
    for (auto &p : std_packages())
        if (p.path == pkg)
            for (auto &b : p.fns)
                if (b.name == name) return &b;
    return nullptr;
}

std::string builtin_name(const builtin *b) {
    if (b->pkg.empty()) return std::string(b->name);
    std::string_view p = b->pkg;
    if (auto s = p.rfind('/'); s != std::string_view::npos) p = p.substr(s + 1);
    return std::string(p) + "." + std::string(b->name);
}

}  // namespace forge::cue
