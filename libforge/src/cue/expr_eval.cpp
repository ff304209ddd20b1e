// Evaluation of expressions used as operands: references, selectors, indexing, operators,
// interpolation, calls and the Forge @artifact reference.
#include <algorithm>

#include "cue/builtin.hpp"
#include "cue/evaluator.hpp"
#include "cue/regex.hpp"

namespace forge::cue {

namespace {

vertex *deref(vertex *v) {
    int guard = 0;
    while (v->is_disjunction && v->n_defaults == 1 && guard++ < 64) {
        for (size_t i = 0; i < v->ext().disjuncts.size(); ++i)
            if (v->ext().disjunct_default[i]) {
                v = v->ext().disjuncts[i];
                break;
            }
    }
    return v;
}

}  // namespace

vertex *evaluator::resolve_ref(env *e, const x_ref *r, const value **err) {
    env *f = e;
    for (uint32_t i = 0; i < r->up && f; ++i) f = f->up;
    if (!f) {
        *err = error(err_code::eval, r->pos, "reference \"" + std::string(r->name) + "\" not found");
        return nullptr;
    }
    for (uint32_t i = 0; i < f->nbinds; ++i)
        if (f->binds[i].label == r->label) return f->binds[i].v;
    if (!f->v) {
        *err = error(err_code::eval, r->pos, "reference \"" + std::string(r->name) + "\" not found");
        return nullptr;
    }
    vertex *fv = f->v;
    if (r->label == no_label) return fv;  // a value alias: the struct itself
    if (fv->status == vstatus::fresh) process(fv);
    vertex *a = fv->lookup(r->label);
    if (!a) {
        *err = error(err_code::incomplete, r->pos, "reference \"" + std::string(r->name) + "\" not found");
        return nullptr;
    }
    return a;
}

vertex *evaluator::resolve_target(env *e, const expr *x, const value **err) {
    switch (x->kind) {
        case xk::ref:
            return resolve_ref(e, static_cast<const x_ref *>(x), err);
        case xk::import_ref: {
            auto *imp = static_cast<const x_import *>(x);
            if (imp->pkg && imp->pkg->root) return imp->pkg->root;
            *err = error(err_code::eval, x->pos, "package \"" + std::string(imp->path) + "\" not found");
            return nullptr;
        }
        case xk::selector: {
            auto *s = static_cast<const x_selector *>(x);
            if (s->x->kind == xk::artifact) return nullptr;
            vertex *base = resolve_target(e, s->x, err);
            if (!base) {
                if (*err) return nullptr;
                const value *bv = resolve_default(eval(e, s->x));
                if (bv->is_bottom()) {
                    *err = bv;
                    return nullptr;
                }
                if (bv->k != vk::vertex) {
                    *err = error(
                        err_code::eval, s->sel_pos,
                        "invalid selector " + labels_.str(s->label) + " for value of type " + kind_name(bv->mask));
                    return nullptr;
                }
                base = bv->vx;
            }
            if (base->status == vstatus::fresh) process(base);
            base = deref(base);
            if (base->is_disjunction) {
                *err = error(err_code::incomplete, s->sel_pos,
                             "unresolved disjunction " + vertex_str(base) + " (type " +
                                 (base->is_struct ? "struct" : "_") + ")");
                return nullptr;
            }
            vertex *a = base->lookup(s->label);
            if (a && a->optional) {
                *err = error(err_code::incomplete, s->sel_pos,
                             "cannot reference optional field: " + labels_.str(s->label));
                return nullptr;
            }
            if (!a) {
                if (base->is_struct || base->status != vstatus::processing) {
                    if (!base->is_struct && !base->is_list && base->scalar) {
                        *err = error(err_code::eval, s->sel_pos,
                                     "invalid selector " + labels_.str(s->label) + " for value of type " +
                                         kind_name(base->scalar->mask));
                        return nullptr;
                    }
                    // An open struct may still receive the field (`X={x: X.a}` unified with
                    // {a: 1} later): incomplete, as in CUE; a closed one never will.
                    bool closed = false;
                    for (close_group *g : base->groups) closed = closed || (g->closed && !g->open);
                    *err = error(base->is_struct && closed ? err_code::eval : err_code::incomplete, s->sel_pos,
                                 "undefined field " + labels_.str(s->label));
                    return nullptr;
                }
                *err = error(err_code::incomplete, s->sel_pos, "undefined field " + labels_.str(s->label));
                return nullptr;
            }
            return a;
        }
        case xk::index: {
            vertex *out = nullptr;
            const value *v = eval_index(e, static_cast<const x_index *>(x), &out);
            if (out) return out;
            *err = v;
            return nullptr;
        }
        default:
            return nullptr;
    }
}

const value *evaluator::vertex_value(vertex *v) {
    if (v->status == vstatus::fresh) process(v);
    if (v->status == vstatus::processing && !v->is_struct && !v->is_list) {
        if (v->scalar && v->scalar->is_atom() && !v->err) return v->scalar;  // known despite the cycle
        return error(err_code::cycle, {}, "cycle");
    }
    v = deref(v);
    if (v->is_disjunction) {
        std::vector<const value *> elems;
        for (vertex *d : v->ext().disjuncts) elems.push_back(vertex_value(d));
        value *d = arena_.make_untracked<value>();
        d->k = vk::disj;
        kind_mask m = 0;
        for (auto *x : elems) m |= x->mask;
        d->mask = m;
        d->elems = arena_.copy(elems);
        bool *flags = static_cast<bool *>(arena_.allocate(elems.size(), 1));
        for (size_t i = 0; i < elems.size(); ++i) flags[i] = v->ext().disjunct_default[i];
        d->defaults = {flags, elems.size()};
        return d;
    }
    if (v->err) return v->err;
    if (v->is_list) return make_vertex(v);
    if (v->is_struct) {
        if (!v->has_regular_fields && v->scalar && v->scalar->is_atom()) return v->scalar;
        return make_vertex(v);
    }
    if (v->scalar) return v->scalar;
    if (v->cycle) return error(err_code::incomplete, {}, "incomplete value _");
    return top_;
}

const value *evaluator::resolve_default(const value *v) {
    if (v->k == vk::vertex && v->vx->is_disjunction) v = vertex_value(v->vx);
    if (v->k != vk::disj) return v;
    const value *def = nullptr;
    int n = 0;
    for (size_t i = 0; i < v->elems.size(); ++i)
        if (i < v->defaults.size() && v->defaults[i]) {
            def = v->elems[i];
            ++n;
        }
    if (n == 1) return resolve_default(def);
    return v;
}

const expr *evaluator::literal_expr(const value *v, position pos) {
    x_literal *l = arena_.make<x_literal>();
    l->kind = xk::literal;
    l->pos = pos;
    l->v = v;
    return l;
}

const value *evaluator::unify_all(const std::vector<const value *> &vals, position pos) {
    vertex *t = new_vertex(nullptr, no_label);
    t->optional = false;
    for (auto *v : vals) t->conjuncts.push_back(arena_, conjunct{nullptr, literal_expr(v, pos), {}, nullptr, false});
    finalize(t);
    return vertex_value(t);
}

const value *evaluator::eval_temp(env *e, const expr *x) {
    vertex *t = new_vertex(nullptr, no_label);
    t->optional = false;
    t->conjuncts.push_back(arena_, conjunct{e, x, {}, nullptr, false});
    process(t);
    return vertex_value(t);
}

const value *evaluator::eval(env *e, const expr *x) {
    if (!step()) return limit_hit_;
    if (cur_depth_ > lim.max_depth)
        return error(err_code::limit, x->pos,
                     "evaluation exceeded the nesting depth limit (" + std::to_string(lim.max_depth) + ")");
    depth_guard g(cur_depth_);
    if (x->kind == xk_vertex) return vertex_value(static_cast<const x_vertex *>(x)->v);
    switch (x->kind) {
        case xk::literal:
            return static_cast<const x_literal *>(x)->v;
        case xk::ref: {
            const value *err = nullptr;
            vertex *r = resolve_ref(e, static_cast<const x_ref *>(x), &err);
            if (!r) return err;
            return vertex_value(r);
        }
        case xk::label_ref: {
            auto *r = static_cast<const x_label_ref *>(x);
            env *f = e;
            for (uint32_t i = 0; i < r->up && f; ++i) f = f->up;
            if (!f || f->dyn_label == no_label) return error(err_code::eval, x->pos, "label alias not bound");
            return make_str(labels_.name(f->dyn_label), x->pos);
        }
        case xk::import_ref:
        case xk::selector:
        case xk::index: {
            if (x->kind == xk::selector && static_cast<const x_selector *>(x)->x->kind == xk::artifact) {
                auto *s = static_cast<const x_selector *>(x);
                return eval_artifact(static_cast<const x_artifact *>(s->x), {s->label}, x->pos);
            }
            const value *err = nullptr;
            vertex *r = resolve_target(e, x, &err);
            if (!r) return err ? err : error(err_code::eval, x->pos, "invalid reference");
            return vertex_value(r);
        }
        case xk::builtin_ref: {
            const builtin *fn = static_cast<const x_builtin *>(x)->fn;
            if (fn->validator && fn->params == 1) {
                value *v = arena_.make_untracked<value>();
                v->k = vk::validator;
                v->fn = fn;
                v->mask = k_top;
                v->pos = x->pos;
                return v;
            }
            // Package constants (math.Pi, time.Hour, list.Ascending) are builtins without parameters.
            if (fn->params == 0 && !fn->validator) return fn->fn(*this, {}, x->pos);
            return error(err_code::eval, x->pos, "cannot use builtin " + builtin_name(fn) + " as value");
        }
        case xk::slice:
            return eval_slice(e, static_cast<const x_slice *>(x));
        case xk::call:
            return eval_call(e, static_cast<const x_call *>(x));
        case xk::unary:
            return eval_unary(e, static_cast<const x_unary *>(x));
        case xk::binary:
            return eval_binary(e, static_cast<const x_binary *>(x));
        case xk::conj: {
            auto *n = static_cast<const x_nary *>(x);
            const value *acc = top_;
            for (const expr *el : n->elems) {
                const value *v = eval(e, el);
                if (v->k == vk::vertex || v->k == vk::disj) return eval_temp(e, x);
                acc = unify(acc, v);
                if (acc->is_bottom()) return acc;
            }
            return acc;
        }
        case xk::disj:
        case xk::struct_lit:
        case xk::list_lit:
        case xk::comprehension:
            return eval_temp(e, x);
        case xk::interp:
            return eval_interp(e, static_cast<const x_interp *>(x));
        case xk::artifact:
            return eval_artifact(static_cast<const x_artifact *>(x), {}, x->pos);
        case xk::bad:
            return error(err_code::eval, x->pos, std::string(static_cast<const x_bad *>(x)->message));
    }
    return error(err_code::eval, x->pos, "unsupported expression");
}

const value *evaluator::eval_artifact(const x_artifact *a, const std::vector<label_t> &sels, position pos) {
    std::string name(a->name);
    std::string field = sels.empty() ? "" : labels_.str(sels[0]);
    if (!artifacts) {
        std::string ph = "@artifact(" + name + ")";
        if (!field.empty()) ph += "." + field;
        return make_str(ph, pos);
    }
    auto it = artifacts->find(name);
    if (it == artifacts->end()) return error(err_code::eval, a->pos, "unknown artifact \"" + name + "\"");
    if (field.empty()) return error(err_code::eval, pos, "@artifact(\"" + name + "\") needs a field, as in .image");
    auto f = it->second.fields.find(field);
    if (f == it->second.fields.end())
        return error(err_code::eval, pos, "artifact \"" + name + "\" has no field \"" + field + "\"");
    return make_str(f->second, pos);
}

static bool concrete(const value *v) {
    return v->is_atom() || v->k == vk::vertex;
}

static std::string op_name(ast::op o) {
    return ast::op_text(o);
}

const value *evaluator::eval_unary(env *e, const x_unary *u) {
    const bool literal_bound =
        u->x->kind == xk::literal && u->op != ast::op::sub && u->op != ast::op::add && u->op != ast::op::not_;
    if (literal_bound) {
        if (auto it = literal_bounds_.find(u); it != literal_bounds_.end()) return it->second;
        const value *b = eval_bound(e, u);
        if (!b->is_bottom()) literal_bounds_.emplace(u, b);
        return b;
    }
    return eval_bound(e, u);
}

const value *evaluator::eval_bound(env *e, const x_unary *u) {
    const value *v = resolve_default(eval(e, u->x));
    if (v->is_bottom()) return v;
    switch (u->op) {
        case ast::op::sub:
        case ast::op::add:
            if (v->k == vk::num) return u->op == ast::op::sub ? make_num(-v->num, u->pos) : v;
            if (!concrete(v))
                return error(err_code::incomplete, u->pos,
                             "operand " + str(v) + " of '" + op_name(u->op) + "' not concrete");
            return error(err_code::eval, u->pos,
                         "invalid operation " + op_name(u->op) + str(v) + " (" + op_name(u->op) + " " +
                             kind_name(v->mask) + ")");
        case ast::op::not_:
            if (v->k == vk::bool_) return bool_value(!v->b);
            if (!concrete(v)) return error(err_code::incomplete, u->pos, "operand " + str(v) + " of '!' not concrete");
            return error(err_code::eval, u->pos, "invalid operation !" + str(v) + " (! " + kind_name(v->mask) + ")");
        default:
            break;
    }
    // Bounds.
    if (!v->is_atom()) {
        if (v->k == vk::vertex)
            return error(err_code::eval, u->pos, "invalid operand " + str(v) + " for bound " + op_name(u->op));
        return error(err_code::incomplete, u->pos, "non-concrete value " + str(v) + " for bound " + op_name(u->op));
    }
    value *b = arena_.make_untracked<value>();
    b->k = vk::bound;
    b->op = u->op;
    b->arg = v;
    b->pos = u->pos;
    if (u->op == ast::op::mat || u->op == ast::op::nmat) {
        if (v->k != vk::str && v->k != vk::bytes)
            return error(err_code::eval, u->pos, "invalid operand " + str(v) + " for regular expression");
        std::string err;
        b->re = thread_regex_cache().get(v->s, &err);
        if (!b->re) return error(err_code::eval, u->pos, "error parsing regexp: " + err);
        b->mask = k_string | k_bytes;
    } else if (u->op == ast::op::neq) {
        b->mask = k_top;
    } else {
        if (v->k == vk::bool_ || v->k == vk::null_)
            return error(err_code::eval, u->pos,
                         "invalid operand " + str(v) + " ('" + op_name(u->op) + "' requires concrete value)");
        b->mask = v->k == vk::num ? static_cast<kind_mask>(k_number) : v->mask;
    }
    return b;
}

const value *evaluator::eval_interp(env *e, const x_interp *s) {
    std::string out(s->parts[0]);
    for (size_t i = 0; i < s->exprs.size(); ++i) {
        const value *v = resolve_default(eval(e, s->exprs[i]));
        if (v->is_bottom()) return v;
        switch (v->k) {
            case vk::str:
            case vk::bytes:
                out += v->s;
                break;
            case vk::num:
                out += v->num.to_string();
                break;
            case vk::bool_:
                out += v->b ? "true" : "false";
                break;
            case vk::null_:
            case vk::vertex:
                return error(err_code::eval, s->exprs[i]->pos,
                             "invalid interpolation: cannot use " + str(v) + " (type " + kind_name(v->mask) +
                                 ") as type (bool|string|bytes|number)");
            default:
                return error(
                    err_code::incomplete, s->exprs[i]->pos,
                    "invalid interpolation: non-concrete value " + str(v) + " (type " + kind_name(v->mask) + ")");
        }
        out += s->parts[i + 1];
    }
    return s->is_bytes ? make_bytes(out, s->pos) : make_str(out, s->pos);
}

const value *evaluator::eval_index(env *e, const x_index *ix, vertex **out) {
    *out = nullptr;
    const value *base = resolve_default(eval(e, ix->x));
    if (base->is_bottom()) return base;
    const value *idx = resolve_default(eval(e, ix->index));
    if (idx->is_bottom()) return idx;
    if (base->k != vk::vertex) {
        if (!base->is_atom()) return error(err_code::incomplete, ix->pos, "invalid index of non-concrete value");
        return error(err_code::eval, ix->pos,
                     "invalid operation: " + str(base) + "[" + str(idx) + "] (type " + kind_name(base->mask) +
                         " does not support indexing)");
    }
    vertex *b = deref(base->vx);
    if (b->is_list) {
        if (idx->k != vk::num || !idx->num.is_int()) {
            if (!idx->is_atom())
                return error(err_code::incomplete, ix->index->pos, "index " + str(idx) + " not concrete");
            return error(err_code::eval, ix->index->pos,
                         "invalid list index " + str(idx) + " (type " + kind_name(idx->mask) + ")");
        }
        auto i = idx->num.to_int64();
        if (!i.ok() || *i < 0 || static_cast<size_t>(*i) >= b->arcs.size())
            return error(err_code::eval, ix->index->pos, "invalid list index " + str(idx) + " (out of bounds)");
        *out = b->arcs[static_cast<size_t>(*i)];
        return nullptr;
    }
    if (idx->k != vk::str) {
        if (!idx->is_atom()) return error(err_code::incomplete, ix->index->pos, "index " + str(idx) + " not concrete");
        return error(err_code::eval, ix->index->pos,
                     "invalid struct selector " + str(idx) + " (type " + kind_name(idx->mask) + ")");
    }
    vertex *a = b->lookup(labels_.intern(idx->s));
    if (!a || a->optional) return error(err_code::eval, ix->index->pos, "undefined field " + std::string(idx->s));
    *out = a;
    return nullptr;
}

const value *evaluator::eval_slice(env *e, const x_slice *s) {
    const value *base = resolve_default(eval(e, s->x));
    if (base->is_bottom()) return base;
    if (base->k != vk::vertex || !deref(base->vx)->is_list)
        return error(err_code::eval, s->pos, "cannot slice " + str(base) + " (type " + kind_name(base->mask) + ")");
    vertex *b = deref(base->vx);
    int64_t n = static_cast<int64_t>(b->arcs.size()), lo = 0, hi = n;
    auto get = [&](const expr *x, int64_t *out) -> const value * {
        if (!x) return nullptr;
        const value *v = resolve_default(eval(e, x));
        if (v->is_bottom()) return v;
        if (v->k != vk::num || !v->num.is_int()) return error(err_code::eval, x->pos, "invalid slice index " + str(v));
        auto i = v->num.to_int64();
        if (!i.ok()) return error(err_code::eval, x->pos, "invalid slice index " + str(v));
        *out = *i;
        return nullptr;
    };
    if (auto *err = get(s->lo, &lo)) return err;
    if (auto *err = get(s->hi, &hi)) return err;
    if (lo < 0 || hi > n || lo > hi)
        return error(err_code::eval, s->pos,
                     "invalid slice index: " + std::to_string(lo) + ":" + std::to_string(hi) + " (out of bounds)");
    vertex *l = new_vertex(nullptr, no_label);
    l->is_list = true;
    l->list_open = false;
    l->optional = false;
    for (int64_t i = lo; i < hi; ++i) {
        vertex *a = arc(l, index_label(static_cast<uint32_t>(i - lo)), true);
        a->optional = false;
        a->conjuncts.push_back(arena_,
                               conjunct{nullptr, vertex_expr(b->arcs[static_cast<size_t>(i)]), {}, nullptr, false});
    }
    l->list_len = static_cast<int32_t>(hi - lo);
    l->status = vstatus::processed;
    return make_vertex(l);
}

const value *evaluator::eval_call(env *e, const x_call *c) {
    if (c->fn->kind != xk::builtin_ref) {
        const value *f = eval(e, c->fn);
        if (f->is_bottom()) return f;
        return error(err_code::eval, c->pos,
                     "cannot call non-function " + str(f) + " (type " + kind_name(f->mask) + ")");
    }
    const builtin *fn = static_cast<const x_builtin *>(c->fn)->fn;
    std::vector<const value *> args;
    for (const expr *a : c->args) {
        const value *v = eval(e, a);
        if (!fn->raw_args) v = resolve_default(v);
        args.push_back(v);
    }
    if (fn->validator && static_cast<int>(args.size()) == fn->params - 1) {
        for (auto *a : args)
            if (a->is_bottom()) return a;
        value *v = arena_.make_untracked<value>();
        v->k = vk::validator;
        v->fn = fn;
        v->mask = k_top;
        v->elems = arena_.copy(args);
        v->pos = c->pos;
        return v;
    }
    if (fn->params >= 0 && static_cast<int>(args.size()) != fn->params) {
        std::string want = std::to_string(fn->params);
        return error(err_code::eval, c->pos,
                     std::string(args.size() < static_cast<size_t>(fn->params) ? "not enough" : "too many") +
                         " arguments in call to " + builtin_name(fn) + " (have " + std::to_string(args.size()) +
                         ", want " + want + ")");
    }
    if (!fn->raw_args)
        for (auto *a : args)
            if (a->is_bottom()) return a;
    const value *r = fn->fn(*this, args, c->pos);
    if (r->is_bottom() && !r->pos.valid()) {
        value *p = arena_.make_untracked<value>(*r);
        if (p->k == vk::num && p->num.owns_heap()) arena_.track(p);
        p->pos = c->pos;
        return p;
    }
    return r;
}

}  // namespace forge::cue
