// Disjunctions: a vertex whose conjuncts include `a | b | ...` is evaluated once per disjunct of the
// first such disjunction (each candidate replays the vertex's conjuncts with that choice; further
// disjunctions are resolved the same way inside the candidate). Failed candidates are dropped,
// equal ones merged, and default marks combined following the spec's rules: a candidate is a
// default when its choice is marked (or the disjunction has no marks) and its inner default holds.
#include <algorithm>

#include "cue/evaluator.hpp"

namespace forge::cue {

bool evaluator::subtree_failed(vertex *v, int depth) {
    if (v->err && v->err->code != err_code::incomplete) return true;
    if (depth > 64) return false;
    if (v->is_disjunction) return false;
    for (vertex *a : v->arcs) {
        if (a->optional || labels_.cls(a->label) == label_class::let) continue;
        if (subtree_failed(a, depth + 1)) return true;
    }
    return false;
}

static const value *first_error(vertex *v, int depth = 0) {
    if (v->err && v->err->code != err_code::incomplete) return v->err;
    if (depth > 64) return nullptr;
    for (vertex *a : v->arcs) {
        if (a->optional) continue;
        if (const value *e = first_error(a, depth + 1)) return e;
    }
    return nullptr;
}

bool evaluator::deep_equal(vertex *a, vertex *b) {
    if (a == b) return true;
    if (a->is_disjunction || b->is_disjunction) return false;
    if (a->is_struct != b->is_struct || a->is_list != b->is_list) return false;
    if ((a->scalar == nullptr) != (b->scalar == nullptr)) {
        const value *s = a->scalar ? a->scalar : b->scalar;
        if (s->k != vk::top) return false;
    } else if (a->scalar) {
        if (a->scalar->is_atom() || b->scalar->is_atom()) {
            if (!a->scalar->is_atom() || !b->scalar->is_atom()) return false;
            if (a->scalar->mask != b->scalar->mask || !equal_atoms(a->scalar, b->scalar)) return false;
        } else if (str(a->scalar) != str(b->scalar)) {
            return false;
        }
    }
    auto visible = [&](vertex *v) {
        std::vector<vertex *> out;
        for (vertex *x : v->arcs)
            if (!x->optional && labels_.cls(x->label) != label_class::let) out.push_back(x);
        return out;
    };
    auto va = visible(a), vb = visible(b);
    if (va.size() != vb.size()) return false;
    for (size_t i = 0; i < va.size(); ++i) {
        vertex *y = b->lookup(va[i]->label);
        if (!y || y->optional) return false;
        finalize(va[i]);
        finalize(y);
        if (!deep_equal(va[i], y)) return false;
    }
    return true;
}

void evaluator::adopt(vertex *v, vertex *c) {
    v->scalar = c->scalar;
    if (c->err) add_error(v, c->err);
    for (auto *e : c->ext().more_errs) add_error(v, e);
    v->arcs = c->arcs;
    for (vertex *a : v->arcs) a->parent = v;
    v->index = c->index;
    v->is_struct = c->is_struct;
    v->is_list = c->is_list;
    v->list_open = c->list_open;
    v->list_len = c->list_len;
    v->list_min = c->list_min;
    v->has_regular_fields = c->has_regular_fields;
    v->groups = c->groups;
    if (c->extra || v->extra) {
        vertex_extra &x = v->ext(arena_);
        const vertex_extra &y = c->ext();
        x.patterns = y.patterns;
        x.ellipses = y.ellipses;
        x.disjuncts = y.disjuncts;
        x.disjunct_default = y.disjunct_default;
    }
    v->cycle = c->cycle;
    v->is_disjunction = c->is_disjunction;
    v->n_defaults = c->n_defaults;
    v->had_marks = c->had_marks;
    v->single_def = c->single_def;
    v->is_artifact = c->is_artifact;
}

namespace {

// Whether evaluating x as an operand gives the same value as unifying it as a conjunct: literals,
// operators, calls and interpolations are evaluated either way; references are not (unified, a
// referenced disjunction stays one; evaluated, its default is chosen), nor are structs, lists and
// nested disjunctions, which need a vertex.
bool evaluates_as_conjunct(const expr *x) {
    switch (x->kind) {
        case xk::literal:
        case xk::unary:
        case xk::binary:
        case xk::call:
        case xk::interp:
        case xk::builtin_ref:
            return true;
        case xk::conj:
            for (const expr *e : static_cast<const x_nary *>(x)->elems)
                if (!evaluates_as_conjunct(e)) return false;
            return true;
        default:
            return false;
    }
}

}  // namespace

bool evaluator::resolve_scalar_disjunction(vertex *v) {
    // Only a vertex whose value is a scalar (no fields, elements or pending struct work) with
    // exactly one disjunction: each candidate is then the vertex's scalar unified with one disjunct,
    // which needs no candidate vertex replaying the conjuncts.
    const vertex_extra &x = v->ext();
    if (x.disj_conjuncts.size() != 1 || !v->arcs.empty() || v->is_struct || v->is_list || v->err || v->cycle ||
        v->is_artifact || !x.deferred.empty() || !x.patterns.empty() || !x.ellipses.empty())
        return false;
    const conjunct &dc = x.disj_conjuncts.front();
    const x_nary *nx = static_cast<const x_nary *>(dc.x);
    if (nx->elems.size() > 64) return false;
    for (const expr *e : nx->elems)
        if (!evaluates_as_conjunct(e)) return false;

    struct cand {
        const value *val;  // null: top
        bool def;
    };
    cand uniq[64];
    std::size_t n = 0;
    for (std::uint32_t j = 0; j < nx->elems.size(); ++j) {
        const value *d = eval(dc.e, nx->elems[j]);
        if (limit_hit_) return false;
        if (d->k == vk::vertex || d->k == vk::disj || d->is_bottom()) return false;  // needs the general path
        const value *r = v->scalar;
        if (d->k != vk::top) {
            if (!r) {
                r = d;
                if (d->is_atom() && !d->pos.valid()) {
                    value *p = arena_.make_untracked<value>(*d);
                    if (p->k == vk::num && p->num.owns_heap()) arena_.track(p);
                    p->pos = nx->elems[j]->pos;
                    r = p;
                }
            } else if (r->is_atom() && d->is_atom() && r->k == d->k && r->mask == d->mask) {
                // Two atoms of one kind: equal or a failed candidate. Deciding here spares building
                // the conflict message that unify would word and this path would drop.
                bool same = r->k == vk::num ? numerically_equal(r->num, d->num) : equal_atoms(r, d);
                if (!same) continue;
            } else {
                r = unify(r, d);
            }
        }
        if (r && r->is_bottom()) {
            if (r->code == err_code::incomplete) return false;
            continue;  // a failed candidate
        }
        if (r && r->k == vk::top) r = nullptr;
        bool def = nx->has_defaults ? nx->defaults[j] : true;
        // Merge equal candidates, as deep_equal compares scalar vertices.
        bool dup = false;
        for (std::size_t u = 0; u < n && !dup; ++u) {
            const value *a = uniq[u].val;
            bool same;
            if (!a || !r) {
                same = a == r;
            } else if (a->is_atom() || r->is_atom()) {
                same = a->is_atom() && r->is_atom() && a->mask == r->mask && equal_atoms(a, r);
            } else {
                same = str(a) == str(r);
            }
            if (same) {
                uniq[u].def = uniq[u].def || def;
                dup = true;
            }
        }
        if (!dup) uniq[n++] = cand{r, def};
    }
    if (n == 0) return false;  // every disjunct failed: the general path words the error
    seen_disj.erase(v);
    bool any_marked = nx->has_defaults;
    v->had_marks = any_marked;
    if (n == 1) {
        v->scalar = uniq[0].val;
        v->single_def = uniq[0].def;
        v->status = vstatus::finalized;
        return true;
    }
    v->is_disjunction = true;
    int ndef = 0;
    vertex_extra &xe = v->ext(arena_);
    for (std::size_t u = 0; u < n; ++u) {
        vertex *c = new_vertex(v->parent, v->label);
        c->depth = v->depth;
        c->optional = v->optional;
        c->conjuncts = v->conjuncts;
        c->scalar = uniq[u].val;
        c->status = vstatus::finalized;
        xe.disjuncts.push_back(arena_, c);
        bool d = any_marked && uniq[u].def;
        xe.disjunct_default.push_back(arena_, d);
        ndef += d;
    }
    v->n_defaults = static_cast<std::uint8_t>(std::min(ndef, 255));
    v->is_struct = false;
    v->is_list = false;
    v->status = vstatus::finalized;
    return true;
}

void evaluator::resolve_disjunctions(vertex *v) {
    if (resolve_scalar_disjunction(v)) return;
    conjunct dc = v->ext().disj_conjuncts.front();
    uint32_t occ = v->ext().disj_occ.empty() ? 0 : v->ext().disj_occ.front();
    const x_nary *nx = static_cast<const x_nary *>(dc.x);
    std::vector<choice> base;
    if (auto it = choices.find(v); it != choices.end()) base = it->second;

    struct cand {
        vertex *vx;
        bool def;
    };
    std::vector<cand> out;
    bool any_marked = nx->has_defaults;
    const value *first_err = nullptr;
    for (uint32_t j = 0; j < nx->elems.size(); ++j) {
        vertex *c = new_vertex(v->parent, v->label);
        c->depth = v->depth;
        c->optional = v->optional;
        c->conjuncts = v->conjuncts;
        std::vector<choice> ch = base;
        ch.push_back(choice{dc.x, occ, j});
        choices[c] = std::move(ch);
        finalize(c);
        choices.erase(c);
        seen_disj.erase(c);
        if (limit_hit_) {
            add_error(v, limit_hit_);
            v->status = vstatus::finalized;
            return;
        }
        if (subtree_failed(c)) {
            if (!first_err) first_err = first_error(c);
            continue;
        }
        bool def = nx->has_defaults ? nx->defaults[j] : true;
        if (c->had_marks) any_marked = true;
        if (c->is_disjunction) {
            // Flatten a candidate that is itself still a disjunction.
            for (size_t k = 0; k < c->ext().disjuncts.size(); ++k) {
                bool inner = c->had_marks ? static_cast<bool>(c->ext().disjunct_default[k]) : true;
                out.push_back({c->ext().disjuncts[k], def && inner});
            }
            continue;
        }
        out.push_back({c, def && (c->had_marks ? c->single_def : true)});
    }
    seen_disj.erase(v);
    // Merge equal candidates.
    std::vector<cand> uniq;
    for (auto &c : out) {
        bool dup = false;
        for (auto &u : uniq)
            if (deep_equal(u.vx, c.vx)) {
                u.def = u.def || c.def;
                dup = true;
                break;
            }
        if (!dup) uniq.push_back(c);
    }
    if (uniq.empty()) {
        std::string msg = "empty disjunction";
        if (first_err) msg = std::string(first_err->s);
        add_error(v, error(first_err ? first_err->code : err_code::eval, first_err ? first_err->pos : dc.x->pos, msg));
        v->status = vstatus::finalized;
        return;
    }
    if (uniq.size() == 1) {
        adopt(v, uniq[0].vx);
        v->had_marks = any_marked;
        v->single_def = uniq[0].def;
        v->status = vstatus::finalized;
        return;
    }
    v->had_marks = any_marked;
    v->is_disjunction = true;
    int n = 0;
    for (auto &u : uniq) {
        v->ext(arena_).disjuncts.push_back(arena_, u.vx);
        bool d = any_marked && u.def;
        v->ext(arena_).disjunct_default.push_back(arena_, d);
        n += d;
    }
    v->n_defaults = static_cast<uint8_t>(std::min(n, 255));
    if (n == 0) v->n_defaults = 0;
    // The vertex's shape is that of its disjuncts (struct or list when all agree).
    bool all_struct = true, all_list = true;
    for (vertex *d : v->ext().disjuncts) {
        all_struct = all_struct && d->is_struct;
        all_list = all_list && d->is_list;
    }
    v->is_struct = all_struct;
    v->is_list = all_list;
    v->status = vstatus::finalized;
}

}  // namespace forge::cue
