// Values built by builtins: lists and structs from already evaluated values (decoded JSON/YAML,
// results of list and regexp functions), and vertices holding a single value.
#include "cue/evaluator.hpp"

namespace forge::cue {

static const expr *conjunct_expr(evaluator &ev, const value *v) {
    if (v->k == vk::vertex) return ev.vertex_expr(v->vx);
    return ev.literal_expr(v, v->pos);
}

vertex *evaluator::vertex_of(const value *val, vertex *parent, label_t label) {
    if (val->k == vk::vertex && !parent) return val->vx;
    vertex *v = new_vertex(parent, label);
    v->optional = false;
    v->conjuncts.push_back(arena_, conjunct{nullptr, conjunct_expr(*this, val), {}, nullptr, false});
    return v;
}

vertex *evaluator::make_list(const std::vector<const value *> &elems) {
    vertex *l = new_vertex(nullptr, no_label);
    l->is_list = true;
    l->list_open = false;
    l->optional = false;
    for (size_t i = 0; i < elems.size(); ++i) {
        vertex *a = arc(l, index_label(static_cast<uint32_t>(i)), true);
        a->optional = false;
        a->conjuncts.push_back(arena_, conjunct{nullptr, conjunct_expr(*this, elems[i]), {}, nullptr, false});
    }
    l->list_len = static_cast<int32_t>(elems.size());
    l->status = vstatus::processed;
    return l;
}

vertex *evaluator::make_struct(const std::vector<std::pair<std::string, const value *>> &fields) {
    vertex *s = new_vertex(nullptr, no_label);
    s->is_struct = true;
    s->optional = false;
    for (auto &[name, val] : fields) {
        label_t l = labels_.intern(name);
        vertex *a = arc(s, l, true);
        a->optional = false;
        if (is_regular(labels_.cls(l))) s->has_regular_fields = true;
        a->conjuncts.push_back(arena_, conjunct{nullptr, conjunct_expr(*this, val), {}, nullptr, false});
    }
    s->status = vstatus::processed;
    return s;
}

}  // namespace forge::cue
