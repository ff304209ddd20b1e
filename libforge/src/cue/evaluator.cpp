// Vertex processing: adding conjuncts, struct and list literals, reference expansion.
#include "cue/evaluator.hpp"

#include <algorithm>

#include "cue/builtin.hpp"

namespace forge::cue {

const vertex_extra vertex::empty_extra{};

evaluator::evaluator() {
    auto mk = [&](vk k, kind_mask m) {
        value *v = arena_.make_untracked<value>();
        v->k = k;
        v->mask = m;
        return v;
    };
    top_ = mk(vk::top, k_top);
    null_ = mk(vk::null_, k_null);
    value *t = mk(vk::bool_, k_bool);
    t->b = true;
    true_ = t;
    false_ = mk(vk::bool_, k_bool);
}

evaluator::~evaluator() = default;

const value *evaluator::basic(kind_mask m, position pos) {
    value *v = arena_.make_untracked<value>();
    v->k = vk::basic;
    v->mask = m;
    v->pos = pos;
    return v;
}

const value *evaluator::make_num(number n, position pos) {
    value *v = arena_.make_untracked<value>();
    v->k = vk::num;
    v->mask = n.is_int() ? k_int : k_float;
    v->num = std::move(n);
    if (v->num.owns_heap()) arena_.track(v);
    v->pos = pos;
    return v;
}

const value *evaluator::make_int(int64_t i, position pos) {
    return make_num(number(i), pos);
}

const value *evaluator::make_str(std::string_view s, position pos) {
    value *v = arena_.make_untracked<value>();
    v->k = vk::str;
    v->mask = k_string;
    v->s = arena_.copy(s);
    v->pos = pos;
    return v;
}

const value *evaluator::make_bytes(std::string_view s, position pos) {
    value *v = arena_.make_untracked<value>();
    v->k = vk::bytes;
    v->mask = k_bytes;
    v->s = arena_.copy(s);
    v->pos = pos;
    return v;
}

const value *evaluator::make_vertex(vertex *x) {
    value *v = arena_.make_untracked<value>();
    v->k = vk::vertex;
    v->mask = x->is_list ? k_list : k_struct;
    v->vx = x;
    return v;
}

const value *evaluator::error(err_code code, position pos, std::string msg) {
    value *v = arena_.make_untracked<value>();
    v->k = vk::bottom;
    v->code = code;
    v->pos = pos;
    v->s = arena_.copy(msg);
    return v;
}

bool evaluator::step() {
    if (limit_hit_) return false;
    if (++steps_ > lim.max_steps) {
        limit_hit_ = error(err_code::limit, {},
                           "evaluation exceeded the step limit (" + std::to_string(lim.max_steps) + " steps)");
        return false;
    }
    if ((steps_ & 0xfff) == 0 && arena_.bytes_used() > lim.max_memory) {
        limit_hit_ = error(err_code::limit, {},
                           "evaluation exceeded the memory limit (" + std::to_string(lim.max_memory) + " bytes)");
        return false;
    }
    return true;
}

vertex *evaluator::new_vertex(vertex *parent, label_t label) {
    vertex *v = arena_.make<vertex>();
    v->parent = parent;
    v->label = label;
    v->depth = parent ? parent->depth + 1 : 0;
    return v;
}

vertex *evaluator::arc(vertex *v, label_t label, bool create) {
    vertex *a = v->lookup(label);
    if (a || !create) return a;
    a = new_vertex(v, label);
    v->arcs.push_back(arena_, a);
    if (v->index) {
        v->index->emplace(label, a);
    } else if (v->arcs.size() > 12) {
        v->index = arena_.make<std::unordered_map<label_t, vertex *>>();
        v->index->reserve(v->arcs.size() * 2);
        for (vertex *x : v->arcs) v->index->emplace(x->label, x);
    }
    return a;
}

const x_vertex *evaluator::vertex_expr(vertex *v) {
    x_vertex *x = arena_.make<x_vertex>();
    x->kind = xk_vertex;
    x->v = v;
    return x;
}

void evaluator::add_error(vertex *v, const value *err) {
    if (!v) return;
    if (!v->err) {
        v->err = err;
        return;
    }
    if (v->err->code == err_code::incomplete && err->code != err_code::incomplete) {
        v->ext(arena_).more_errs.push_back(arena_, v->err);
        v->err = err;
        return;
    }
    for (auto *e : v->ext().more_errs)
        if (e->s == err->s) return;
    if (v->err->s == err->s) return;
    if (v->ext().more_errs.size() < 8) v->ext(arena_).more_errs.push_back(arena_, err);
}

std::string evaluator::path_of(const vertex *v) const {
    std::vector<const vertex *> chain;
    for (const vertex *p = v; p && p->parent; p = p->parent) chain.push_back(p);
    std::string out;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        label_t l = (*it)->label;
        if (is_index(l)) {
            out += "[" + std::to_string(label_index(l)) + "]";
            continue;
        }
        if (!out.empty()) out += ".";
        std::string_view n = labels_.name(l);
        if (labels_.cls(l) == label_class::let) {
            out += n;
            continue;
        }
        bool ident = !n.empty();
        for (size_t i = 0; i < n.size(); ++i) {
            char c = n[i];
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' ||
                      (i > 0 && c >= '0' && c <= '9') || (c == '#' && i <= 1);
            if (!ok) ident = false;
        }
        if (ident) {
            out += n;
        } else {
            out += "\"";
            out += n;
            out += "\"";
        }
    }
    return out;
}

std::string evaluator::pos_str(position p) const {
    if (!p.valid()) return "";
    std::string name = p.file < file_names.size() ? file_names[p.file] : "-";
    return name + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
}

// ---------------------------------------------------------------- processing

void evaluator::process(vertex *v) {
    if (v->status != vstatus::fresh) return;
    if (!step()) {
        add_error(v, limit_hit_);
        v->status = vstatus::finalized;
        return;
    }
    if (cur_depth_ > lim.max_depth || v->depth > lim.max_depth) {
        add_error(v, error(err_code::limit, {},
                           "evaluation exceeded the nesting depth limit (" + std::to_string(lim.max_depth) + ")"));
        v->status = vstatus::finalized;
        return;
    }
    depth_guard g(cur_depth_);
    v->status = vstatus::processing;
    // Literal scalars first: a value that references this vertex back (a: b + 1, b: a - 1,
    // a: 10) then finds what is already known instead of a cycle.
    size_t n0 = v->conjuncts.size();
    for (size_t i = 0; i < n0; ++i)
        if (v->conjuncts[i].x->kind == xk::literal) add_conjunct_now(v, v->conjuncts[i]);
    for (size_t i = 0; i < v->conjuncts.size(); ++i) {
        if (i < n0 && v->conjuncts[i].x->kind == xk::literal) continue;
        conjunct c = v->conjuncts[i];
        add_conjunct_now(v, c);
        if (limit_hit_) break;
    }
    // Comprehensions and dynamic fields run once the static arcs exist; they may add more.
    for (size_t i = 0; i < v->ext().deferred.size() && !limit_hit_; ++i) {
        deferred_item d = v->ext().deferred[i];
        run_deferred(v, d);
    }
    apply_patterns(v);
    apply_ellipses(v);
    if (!v->ext().disj_conjuncts.empty() && !limit_hit_) {
        resolve_disjunctions(v);
        if (v->status == vstatus::finalized) return;
    }
    v->status = vstatus::processed;
}

void evaluator::add_conjunct_now(vertex *v, const conjunct &c) {
    if (!step()) {
        add_error(v, limit_hit_);
        return;
    }
    const expr *x = c.x;
    if (x->kind == xk_vertex) {
        expand(v, static_cast<const x_vertex *>(x)->v, c);
        return;
    }
    switch (x->kind) {
        case xk::literal:
            unify_value(v, static_cast<const x_literal *>(x)->v, c);
            return;
        case xk::struct_lit:
            add_struct(v, c, static_cast<const x_struct *>(x));
            return;
        case xk::list_lit:
            add_list(v, c, static_cast<const x_list *>(x));
            return;
        case xk::conj: {
            for (const expr *e : static_cast<const x_nary *>(x)->elems) {
                conjunct n = c;
                n.x = e;
                add_conjunct_now(v, n);
            }
            return;
        }
        case xk::disj: {
            // A candidate replays the choices made for it; other disjunctions wait for resolution.
            auto &seen = seen_disj[v];
            uint32_t occ = 0;
            for (auto &s : seen)
                if (s.first == x) ++occ;
            seen.push_back({x, occ});
            auto it = choices.find(v);
            if (it != choices.end()) {
                for (auto &ch : it->second) {
                    if (ch.x == x && ch.occurrence == occ) {
                        conjunct n = c;
                        n.x = static_cast<const x_nary *>(x)->elems[ch.index];
                        add_conjunct_now(v, n);
                        return;
                    }
                }
            }
            v->ext(arena_).disj_occ.push_back(arena_, occ);
            v->ext(arena_).disj_conjuncts.push_back(arena_, c);
            return;
        }
        case xk::ref:
        case xk::selector:
        case xk::index:
        case xk::import_ref: {
            const value *err = nullptr;
            vertex *r = resolve_target(c.e, x, &err);
            if (r) {
                expand(v, r, c);
                return;
            }
            if (err) {
                unify_value(v, err, c);
                return;
            }
            unify_value(v, eval(c.e, x), c);
            return;
        }
        case xk::call: {
            auto *call = static_cast<const x_call *>(x);
            // close(x): the struct literals of x form a closed group of this vertex.
            if (call->fn->kind == xk::builtin_ref && static_cast<const x_builtin *>(call->fn)->fn->name == "close" &&
                static_cast<const x_builtin *>(call->fn)->fn->pkg.empty() && call->args.size() == 1) {
                conjunct n = c;
                n.x = call->args[0];
                if (n.x->kind == xk::literal || n.x->kind == xk::list_lit) {
                    const value *a = eval(c.e, n.x);
                    add_error(v, error(err_code::eval, n.x->pos,
                                       "cannot use " + str(a) + " (type " + kind_name(a->mask) +
                                           ") as struct in argument 1 to close"));
                    return;
                }
                n.ci.closed = true;
                n.ci.embedded = true;
                n.ci.key = fresh_key();
                add_conjunct_now(v, n);
                return;
            }
            unify_value(v, eval(c.e, x), c);
            return;
        }
        default:
            unify_value(v, eval(c.e, x), c);
            return;
    }
}

void evaluator::unify_value(vertex *v, const value *val, const conjunct &c) {
    if (!val) return;
    switch (val->k) {
        case vk::top:
            return;
        case vk::bottom:
            if (val->code == err_code::cycle) {
                v->cycle = true;
                return;
            }
            add_error(v, val);
            return;
        case vk::vertex:
            expand(v, val->vx, c);
            return;
        case vk::disj: {
            // A disjunction computed by an expression: resolve it like a written one.
            auto key = std::make_pair(static_cast<const void *>(c.x), static_cast<const void *>(c.e));
            if (auto it = computed_disj_.find(key);
                it != computed_disj_.end() && it->second->elems.size() == val->elems.size()) {
                conjunct nc = c;
                nc.x = it->second;
                add_conjunct_now(v, nc);
                return;
            }
            x_nary *n = arena_.make<x_nary>();
            n->kind = xk::disj;
            n->pos = c.x->pos;
            std::vector<const expr *> elems;
            for (auto *e : val->elems) {
                x_literal *l = arena_.make<x_literal>();
                l->kind = xk::literal;
                l->pos = c.x->pos;
                l->v = e;
                elems.push_back(l);
            }
            n->elems = arena_.copy(elems);
            n->defaults = val->defaults;
            for (bool d : val->defaults) n->has_defaults = n->has_defaults || d;
            computed_disj_[key] = n;
            conjunct nc = c;
            nc.x = n;
            add_conjunct_now(v, nc);
            return;
        }
        default:
            break;
    }
    if (!v->scalar) {
        v->scalar = val;
        if (val->is_atom() && !val->pos.valid()) {
            value *p = arena_.make_untracked<value>(*val);
            if (p->k == vk::num && p->num.owns_heap()) arena_.track(p);
            p->pos = c.x->pos;
            v->scalar = p;
        }
        return;
    }
    const value *r = unify(v->scalar, val);
    if (r->is_bottom()) {
        add_error(v, r);
        return;
    }
    v->scalar = r;
}

void evaluator::add_struct(vertex *v, const conjunct &c, const x_struct *s) {
    env *e = arena_.make<env>();
    e->up = c.e;
    e->v = v;
    if (!s->only_embeds) v->is_struct = true;
    if (std::find(v->structs.begin(), v->structs.end(), s) == v->structs.end()) v->structs.push_back(arena_, s);
    close_group *g = nullptr;
    if (c.ci.closed || (c.ci.embedded && c.ci.key)) {
        g = group_for(v, c.ci.key ? c.ci.key : fresh_key());
        if (c.ci.closed) g->closed = true;
    } else if (s->has_embed) {
        g = group_for(v, fresh_key());
    }
    auto child_ci = [&](label_t l) {
        return child_closeinfo(c.ci, l == no_label ? label_class::regular : labels_.cls(l));
    };
    closeinfo embed_ci;
    embed_ci.closed = c.ci.closed;
    embed_ci.key = g ? g->key : 0;
    embed_ci.embedded = g != nullptr;
    for (const decl &d : s->decls) {
        switch (d.kind) {
            case dk::field: {
                vertex *a = arc(v, d.label, true);
                if (!d.optional) a->optional = false;
                label_class cls = labels_.cls(d.label);
                if (cls == label_class::regular) v->has_regular_fields = true;
                conjunct n{e, d.value, child_ci(d.label), c.origin, false};
                a->conjuncts.push_back(arena_, n);
                if (g) g->labels.push_back(arena_, d.label);
                break;
            }
            case dk::let: {
                vertex *a = arc(v, d.label, true);
                a->optional = false;
                a->conjuncts.push_back(arena_, conjunct{e, d.value, {}, c.origin, false});
                break;
            }
            case dk::embed: {
                conjunct n{e, d.value, embed_ci, c.origin, false};
                add_conjunct_now(v, n);
                break;
            }
            case dk::pattern: {
                pattern *p = arena_.make<pattern>();
                p->e = e;
                p->d = &d;
                p->ci = child_ci(no_label);
                p->origin = c.origin;
                v->ext(arena_).patterns.push_back(arena_, p);
                v->is_struct = true;
                if (g) g->patterns.push_back(arena_, p);
                break;
            }
            case dk::ellipsis:
                v->is_struct = true;
                if (g) g->open = true;
                break;
            case dk::dynamic_field:
            case dk::comprehension: {
                deferred_item di{e, &d, c.ci, c.origin, g};
                if (d.kind == dk::comprehension) {
                    di.ci = embed_ci;
                }
                v->ext(arena_).deferred.push_back(arena_, di);
                break;
            }
        }
    }
}

void evaluator::add_list(vertex *v, const conjunct &c, const x_list *l) {
    v->is_list = true;
    closeinfo ci;
    if (c.ci.closed) {
        ci.closed = true;
        ci.key = c.ci.key;
        ci.embedded = true;
    }
    uint32_t idx = 0;
    for (const expr *el : l->elems) {
        const auto *comp = el->kind == xk::comprehension ? static_cast<const x_comprehension *>(el) : nullptr;
        if (comp) {
            std::vector<std::pair<env *, const x_struct *>> out;
            deferred_item d{c.e, nullptr, ci, c.origin, nullptr};
            run_comprehension(v, c.e, comp, 0, d, &out);
            for (auto &[ce, body] : out) {
                vertex *a = arc(v, index_label(idx++), true);
                a->optional = false;
                a->conjuncts.push_back(arena_, conjunct{ce, body, ci, c.origin, false});
            }
            continue;
        }
        vertex *a = arc(v, index_label(idx++), true);
        a->optional = false;
        a->conjuncts.push_back(arena_, conjunct{c.e, el, ci, c.origin, false});
    }
    if (!l->open) {
        if (v->list_len >= 0 && static_cast<uint32_t>(v->list_len) != idx) {
            add_error(v, error(err_code::eval, l->pos,
                               "incompatible list lengths (" + std::to_string(v->list_len) + " and " +
                                   std::to_string(idx) + ")"));
        }
        if (v->list_len < 0) v->list_len = static_cast<int32_t>(idx);
        v->list_open = false;
    } else {
        v->list_min = std::max(v->list_min, idx);
        if (l->ellipsis) v->ext(arena_).ellipses.push_back(arena_, list_ellipsis{c.e, l->ellipsis, idx, ci, c.origin});
    }
}

closeinfo child_closeinfo(const closeinfo &parent, label_class cls) {
    closeinfo ci;
    if (parent.closed) {
        ci.closed = true;
        ci.key = parent.key;
        ci.embedded = true;
    } else if (is_definition(cls)) {
        ci.closed = true;
        ci.key = 1;
        ci.embedded = true;
    }
    return ci;
}

namespace {

// A finished vertex whose value is a scalar (no fields or elements): unifying its value is the same
// as unifying its conjuncts again, since those are evaluated in the environments they carry.
bool is_finished_scalar(const vertex *r) {
    if (r->status != vstatus::finalized || r->is_struct || r->is_list || !r->arcs.empty() || r->err || r->cycle ||
        r->is_artifact || r->is_disjunction)
        return false;
    const vertex_extra &x = r->ext();
    return x.more_errs.empty() && x.patterns.empty() && x.ellipses.empty() && x.deferred.empty();
}

}  // namespace

// A reference to a field that is already evaluated to a scalar, or to a disjunction of scalars with
// a default (`replicas: s.replicas` where s.replicas is `*2 | int`), takes over its value instead
// of evaluating its conjuncts (and resolving its disjunction) once more.
bool evaluator::share_scalar(vertex *v, vertex *r, const conjunct &c) {
    if (r->conjuncts.empty()) return false;
    if (!r->is_disjunction) {
        // A value that default marks helped to decide (`*1 | 2` unified with 2) also carries
        // whether it was the default, which the general path hands on when this vertex is itself a
        // disjunct; only unmarked values are taken over.
        if (!is_finished_scalar(r) || r->had_marks) return false;
        if (r->scalar) unify_value(v, r->scalar, c);
        return true;
    }
    // A disjunction without a default would also need its marks (had_marks) carried over.
    if (r->status != vstatus::finalized || r->n_defaults == 0 || r->is_struct || r->is_list || !r->arcs.empty() ||
        r->err)
        return false;
    const vertex_extra &x = r->ext();
    if (x.disjuncts.size() > 64) return false;
    const value *elems[64];
    std::size_t n = 0;
    for (vertex *d : x.disjuncts) {
        if (!is_finished_scalar(d) || !d->scalar) return false;
        elems[n++] = d->scalar;
    }
    value *dv = arena_.make_untracked<value>();
    dv->k = vk::disj;
    kind_mask m = 0;
    for (std::size_t i = 0; i < n; ++i) m |= elems[i]->mask;
    dv->mask = m;
    auto **es = static_cast<const value **>(arena_.allocate(sizeof(const value *) * n, alignof(const value *)));
    bool *flags = static_cast<bool *>(arena_.allocate(n, 1));
    for (std::size_t i = 0; i < n; ++i) {
        es[i] = elems[i];
        flags[i] = x.disjunct_default[i];
    }
    dv->elems = {es, n};
    dv->defaults = {flags, n};
    unify_value(v, dv, c);
    return true;
}

static bool is_ancestor(const vertex *r, const vertex *v) {
    for (const vertex *p = v->parent; p; p = p->parent)
        if (p == r) return true;
    return false;
}

void evaluator::expand(vertex *v, vertex *r, const conjunct &c) {
    if (r == v) return;  // `a: a` says nothing new
    for (const vertex *x : v->expanded)
        if (x == r && !c.ci.closed) return;  // already unified in: unification is idempotent
    if (cur_depth_ > lim.max_depth) {
        add_error(v, error(err_code::limit, c.x->pos,
                           "evaluation exceeded the nesting depth limit (" + std::to_string(lim.max_depth) + ")"));
        return;
    }
    depth_guard dg(cur_depth_);
    if (is_ancestor(r, v)) {
        if (v->optional) return;
        add_error(v, error(err_code::structural_cycle, c.x->pos, "structural cycle"));
        return;
    }
    // A vertex that exists only because of expansions of r, inside an expansion of r, recurses forever.
    for (const vertex *p = v; p; p = p->parent) {
        bool hit = false;
        for (const vertex *x : p->expanded)
            if (x == r) hit = true;
        if (hit && p != v) {
            bool only_expansions = true;
            for (auto &vc : v->conjuncts)
                if (!vc.origin) only_expansions = false;
            if (only_expansions) {
                if (v->optional) return;
                add_error(v, error(err_code::structural_cycle, c.x->pos, "structural cycle"));
                return;
            }
            break;
        }
    }
    v->expanded.push_back(arena_, r);
    label_class cls = labels_.cls(r->label);
    bool def = is_definition(cls);
    if (r->conjuncts.empty()) {
        // A computed vertex (builtin result, decoded data): copy its state.
        process(r);
        if (r->err) add_error(v, r->err);
        if (r->scalar) unify_value(v, r->scalar, c);
        if (r->is_struct) v->is_struct = true;
        if (r->is_list) {
            v->is_list = true;
            if (!r->list_open) {
                int32_t n = r->list_len >= 0 ? r->list_len : static_cast<int32_t>(r->arcs.size());
                if (v->list_len >= 0 && v->list_len != n)
                    add_error(v, error(err_code::eval, c.x->pos,
                                       "incompatible list lengths (" + std::to_string(v->list_len) + " and " +
                                           std::to_string(n) + ")"));
                if (v->list_len < 0) v->list_len = n;
                v->list_open = false;
            }
        }
        for (vertex *ra : r->arcs) {
            vertex *a = arc(v, ra->label, true);
            if (!ra->optional) a->optional = false;
            a->conjuncts.push_back(arena_, conjunct{nullptr, vertex_expr(ra), c.ci, r, false});
        }
        return;
    }
    if (share_scalar(v, r, c)) return;
    uint32_t key = 0;
    // CUE v0.4 drops the closedness of a value embedded in an open struct literal: `{#P, x: 1}`
    // and a file that embeds #P accept fields #P does not declare (inside a definition the
    // enclosing struct is closed anyway).
    bool open_embed = c.ci.embedded && !c.ci.closed;
    bool closed = !open_embed && (c.ci.closed || def);
    if (closed || r->conjuncts.front().ci.closed) key = c.ci.embedded && c.ci.key ? c.ci.key : fresh_key();
    for (size_t i = 0; i < r->conjuncts.size(); ++i) {
        conjunct n = r->conjuncts[i];
        n.origin = r;
        if (!open_embed && (closed || n.ci.closed)) {
            n.ci.closed = true;
            n.ci.key = key;
            n.ci.embedded = true;
        } else {
            n.ci = c.ci;
        }
        add_conjunct_now(v, n);
    }
}

}  // namespace forge::cue
