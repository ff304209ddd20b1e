// struct: MinFields and MaxFields (count the regular, non-optional fields).
#include "cue/pkg_support.hpp"

namespace forge::cue {
namespace {

const value *count_fields(evaluator &ev, const value *v, int64_t *n, position pos) {
    v = ev.resolve_default(v);
    if (auto *e = arg_struct(ev, v, pos)) return e;
    ev.process(v->vx);
    *n = 0;
    for (vertex *a : v->vx->arcs)
        if (!a->optional && is_regular(ev.labels().cls(a->label))) ++*n;
    return nullptr;
}

template <bool Min>
const value *fields_bound(evaluator &ev, std::span<const value *const> a, position pos) {
    int64_t n = 0, limit = 0;
    if (auto *e = count_fields(ev, a[0], &n, pos)) return e;
    if (auto *e = arg_int(ev, a[1], &limit, pos)) return e;
    if (Min && n < limit) {
        // More fields may still be added to an open struct: not final, as in CUE (incomplete).
        return ev.error(err_code::incomplete, pos,
                        "invalid value " + ev.str(ev.resolve_default(a[0])) + " (does not satisfy struct.MinFields(" +
                            std::to_string(limit) + "))");
    }
    return ev.bool_value(Min ? n >= limit : n <= limit);
}

const builtin table[] = {
    {"struct", "MinFields", 2, fields_bound<true>, true},
    {"struct", "MaxFields", 2, fields_bound<false>, true},
};

}  // namespace

std::span<const builtin> pkg_struct() {
    return table;
}

}  // namespace forge::cue
