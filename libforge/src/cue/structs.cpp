// Struct-level processing: dynamic fields, comprehensions, pattern constraints, list ellipses,
// closedness and the final consistency checks of a vertex.
#include <algorithm>
#include <unordered_set>

#include "cue/evaluator.hpp"

namespace forge::cue {

close_group *evaluator::group_for(vertex *v, uint32_t key) {
    for (close_group *g : v->groups)
        if (g->key == key) return g;
    close_group *g = arena_.make<close_group>();
    g->key = key;
    v->groups.push_back(arena_, g);
    return g;
}

void evaluator::run_deferred(vertex *v, const deferred_item &d) {
    if (d.d->kind == dk::dynamic_field) {
        const value *lv = resolve_default(eval(d.e, d.d->label_expr));
        if (lv->is_bottom()) {
            add_error(v, lv);
            return;
        }
        if (lv->k != vk::str) {
            add_error(v,
                      error(err_code::eval, d.d->label_expr->pos,
                            "invalid label: cannot use " + str(lv) + " (type " + kind_name(lv->mask) + ") as string"));
            return;
        }
        label_t l = labels_.intern(lv->s);
        vertex *a = arc(v, l, true);
        if (!d.d->optional) a->optional = false;
        if (labels_.cls(l) == label_class::regular) v->has_regular_fields = true;
        a->conjuncts.push_back(arena_,
                               conjunct{d.e, d.d->value, child_closeinfo(d.ci, labels_.cls(l)), d.origin, false});
        if (d.group) d.group->labels.push_back(arena_, l);
        // Arcs created after processing started still need the struct's patterns.
        if (v->status == vstatus::processed) apply_patterns(v);
        return;
    }
    run_comprehension(v, d.e, d.d->comp, 0, d, nullptr);
}

void evaluator::run_comprehension(vertex *v, env *e, const x_comprehension *comp, size_t i, const deferred_item &d,
                                  std::vector<std::pair<env *, const x_struct *>> *list_out) {
    if (!step()) {
        add_error(v, limit_hit_);
        return;
    }
    if (i == comp->clauses.size()) {
        if (list_out) {
            list_out->push_back({e, comp->body});
        } else {
            add_conjunct_now(v, conjunct{e, comp->body, d.ci, d.origin, false});
        }
        return;
    }
    const clause &cl = comp->clauses[i];
    switch (cl.kind) {
        case ck::for_: {
            const value *src = resolve_default(eval(e, cl.x));
            if (src->is_bottom()) {
                add_error(v, src);
                return;
            }
            if (src->k != vk::vertex) {
                add_error(v, error(err_code::eval, cl.x->pos,
                                   "cannot range over " + str(src) + " (found " + kind_name(src->mask) +
                                       ", want list or struct)"));
                return;
            }
            vertex *s = src->vx;
            process(s);
            std::vector<vertex *> items;
            for (vertex *a : s->arcs) {
                if (a->optional) continue;
                label_class c = labels_.cls(a->label);
                if (c != label_class::regular && c != label_class::index) continue;
                items.push_back(a);
            }
            for (vertex *a : items) {
                binding *b = static_cast<binding *>(arena_.allocate(sizeof(binding) * 2, alignof(binding)));
                uint32_t n = 0;
                if (cl.key != no_label) {
                    vertex *k = new_vertex(nullptr, cl.key);
                    k->scalar = is_index(a->label) ? make_int(label_index(a->label)) : make_str(labels_.name(a->label));
                    k->optional = false;
                    k->status = vstatus::finalized;
                    b[n++] = binding{cl.key, k};
                }
                b[n++] = binding{cl.value, a};
                env *ne = arena_.make<env>();
                ne->up = e;
                ne->binds = b;
                ne->nbinds = n;
                run_comprehension(v, ne, comp, i + 1, d, list_out);
            }
            return;
        }
        case ck::if_: {
            const value *c = resolve_default(eval(e, cl.x));
            if (c->is_bottom()) {
                add_error(v, c);
                return;
            }
            if (c->k != vk::bool_) {
                add_error(v, error(err_code::eval, cl.x->pos,
                                   "cannot use " + str(c) + " (type " + kind_name(c->mask) + ") as type bool"));
                return;
            }
            if (c->b) run_comprehension(v, e, comp, i + 1, d, list_out);
            return;
        }
        case ck::let_: {
            vertex *lv = new_vertex(nullptr, cl.key);
            lv->optional = false;
            lv->conjuncts.push_back(arena_, conjunct{e, cl.x, {}, d.origin, false});
            binding *b = arena_.make<binding>(binding{cl.key, lv});
            env *ne = arena_.make<env>();
            ne->up = e;
            ne->binds = b;
            ne->nbinds = 1;
            run_comprehension(v, ne, comp, i + 1, d, list_out);
            return;
        }
    }
}

bool evaluator::pattern_matches(pattern *p, label_t l) {
    if (!p->evaluated) {
        p->evaluated = true;
        p->matcher = eval(p->e, p->d->label_expr);
        if (p->matcher->k == vk::vertex && p->matcher->vx->is_disjunction) p->matcher = resolve_default(p->matcher);
    }
    const value *m = p->matcher;
    if (m->k == vk::top) return true;
    if (m->is_bottom()) return false;
    if (m->k == vk::basic) return (m->mask & k_string) != 0;
    if (m->k == vk::str) return m->s == labels_.name(l);
    const value *r = unify(m, make_str(labels_.name(l)));
    return !r->is_bottom();
}

void evaluator::apply_patterns(vertex *v) {
    if (v->ext().patterns.empty()) return;
    for (vertex *a : v->arcs) {
        if (labels_.cls(a->label) != label_class::regular) continue;
        for (pattern *p : v->ext().patterns) {
            bool already = false;
            for (auto &c : a->conjuncts)
                if (c.x == p->d->value && c.e && c.e->up == p->e && c.e->dyn_label == a->label) already = true;
            if (already) continue;
            if (!pattern_matches(p, a->label)) continue;
            env *pe = arena_.make<env>();
            pe->up = p->e;
            pe->dyn_label = a->label;
            a->conjuncts.push_back(arena_, conjunct{pe, p->d->value, p->ci, p->origin, false});
        }
    }
}

void evaluator::apply_ellipses(vertex *v) {
    if (v->ext().ellipses.empty()) return;
    for (vertex *a : v->arcs) {
        if (!is_index(a->label)) continue;
        uint32_t i = label_index(a->label);
        for (auto &el : v->ext().ellipses)
            if (i >= el.from) a->conjuncts.push_back(arena_, conjunct{el.e, el.type, el.ci, el.origin, false});
    }
}

void evaluator::check_closed(vertex *v) {
    for (close_group *g : v->groups) {
        if (!g->closed || g->open) continue;
        std::unordered_set<label_t> set;
        bool use_set = g->labels.size() > 16;
        if (use_set) set.insert(g->labels.begin(), g->labels.end());
        for (vertex *a : v->arcs) {
            label_class c = labels_.cls(a->label);
            if (c != label_class::regular && c != label_class::definition) continue;
            bool ok = use_set ? set.count(a->label) > 0
                              : std::find(g->labels.begin(), g->labels.end(), a->label) != g->labels.end();
            if (!ok && c == label_class::regular)
                for (pattern *p : g->patterns)
                    if (pattern_matches(p, a->label)) {
                        ok = true;
                        break;
                    }
            if (!ok) {
                position pos;
                if (!a->conjuncts.empty() && a->conjuncts.front().x) pos = a->conjuncts.front().x->pos;
                add_error(v, error(err_code::eval, pos, "field " + labels_.str(a->label) + " not allowed"));
            }
        }
    }
}

void evaluator::check_kinds(vertex *v) {
    if (v->is_struct && v->is_list) {
        add_error(v, error(err_code::eval, {}, "conflicting values [] and {} (mismatched types list and struct)"));
        return;
    }
    if ((v->is_struct || v->is_list) && v->scalar) {
        const value *s = v->scalar;
        if (s->is_atom()) {
            if (v->is_struct && !v->has_regular_fields) {
                v->is_struct = false;  // an embedded scalar with only definitions or hidden fields
                return;
            }
            add_error(v, error(err_code::eval, s->pos,
                               "conflicting values " + str(s) + " and " + vertex_str(v) + " (mismatched types " +
                                   kind_name(s->mask) + " and " + (v->is_list ? "list" : "struct") + ")"));
            return;
        }
        kind_mask want = v->is_list ? k_list : k_struct;
        kind_mask m = s->k == vk::basic || s->k == vk::conj ? s->mask : (s->k == vk::validator ? s->mask : 0);
        if (s->k == vk::validator && m == 0) m = k_top;
        if (s->k == vk::validator && (m & want)) {
            const value *r = check(s, make_vertex(v));
            if (r->is_bottom()) add_error(v, r);
            return;
        }
        if (!(m & want)) {
            add_error(v, error(err_code::eval, s->pos,
                               "conflicting values " + str(s) + " and " + vertex_str(v) + " (mismatched types " +
                                   kind_name(s->k == vk::bound ? k_number : m) + " and " +
                                   (v->is_list ? "list" : "struct") + ")"));
        }
    }
    if (v->is_list && !v->list_open && v->list_len >= 0 && v->arcs.size() > static_cast<size_t>(v->list_len)) {
        add_error(v, error(err_code::eval, {},
                           "incompatible list lengths (" + std::to_string(v->list_len) + " and " +
                               std::to_string(v->arcs.size()) + ")"));
    }
}

void evaluator::finalize(vertex *v) {
    process(v);
    if (v->status != vstatus::processed) return;
    v->status = vstatus::finalizing;
    if (cur_depth_ > lim.max_depth) {
        add_error(v, error(err_code::limit, {},
                           "evaluation exceeded the nesting depth limit (" + std::to_string(lim.max_depth) + ")"));
        v->status = vstatus::finalized;
        return;
    }
    depth_guard g(cur_depth_);
    check_kinds(v);
    check_closed(v);
    for (size_t i = 0; i < v->arcs.size(); ++i) {
        vertex *a = v->arcs[i];
        if (a->optional || labels_.cls(a->label) == label_class::let) continue;
        finalize(a);
        if (limit_hit_) break;
    }
    v->status = vstatus::finalized;
}

}  // namespace forge::cue
