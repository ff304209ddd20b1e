// list: Go's cue/pkg/list as CUE v0.4 exposes it. Sums, products, ranges and averages are decimals in
// CUE's 24-digit context (whole results are ints); sorting takes a comparator struct {x, y, less}.
#include <algorithm>

#include "cue/pkg_support.hpp"

namespace forge::cue {
namespace {

using args = std::span<const value *const>;

// CUE v0.4 reports a bad element with its index and the argument it came from.
const value *element_error(evaluator &ev, const value *e, size_t i, const char *want, position pos) {
    if (e->is_bottom()) return e;
    if (!e->is_atom() && e->k != vk::vertex)
        return ev.error(err_code::incomplete, pos, "non-concrete list element " + std::to_string(i) + ": " + ev.str(e));
    return ev.error(err_code::eval, pos,
                    "invalid list element " + std::to_string(i) + " in argument 0 to call: cannot use value " +
                        ev.str(e) + " (" + kind_name(e->mask) + ") as " + want);
}

const value *numbers(evaluator &ev, const value *v, std::vector<const value *> *out, position pos) {
    if (auto *e = arg_list(ev, v, out, pos)) return e;
    for (size_t i = 0; i < out->size(); ++i)
        if ((*out)[i]->k != vk::num) return element_error(ev, (*out)[i], i, "number", pos);
    return nullptr;
}

const value *list_value(evaluator &ev, const std::vector<const value *> &elems) {
    return ev.make_vertex(ev.make_list(elems));
}

const value *arith_error(evaluator &ev, const char *fn, const error &err, position pos) {
    return call_error(ev, pos, fn, err.message);
}

// Equality as list.Contains and UniqueItems see it: 1 and 1.0 differ (their kinds do).
bool values_equal(evaluator &ev, const value *a, const value *b) {
    if (a->k == vk::num && b->k == vk::num) return a->num.kind() == b->num.kind() && numerically_equal(a->num, b->num);
    if (a->k == vk::vertex && b->k == vk::vertex) return ev.deep_equal(a->vx, b->vx);
    if (a->is_atom() && b->is_atom()) return ev.equal_atoms(a, b);
    return false;
}

// ---------------------------------------------------------------- building lists

const value *fn_concat(evaluator &ev, args a, position pos) {
    std::vector<const value *> lists, out;
    if (auto *e = arg_list(ev, a[0], &lists, pos)) return e;
    for (auto *l : lists) {
        if (l->is_bottom()) return l;
        if (l->k != vk::vertex || !l->vx->is_list)
            return call_error(ev, pos, "list.Concat",
                              "cannot use value " + ev.str(l) + " (type " + kind_name(l->mask) + ") as list");
        if (auto *e = arg_list(ev, l, &out, pos)) return e;
    }
    return list_value(ev, out);
}

void flatten(evaluator &ev, const value *v, int64_t depth, std::vector<const value *> *out, position pos) {
    if (depth != 0 && v->k == vk::vertex && v->vx->is_list) {
        std::vector<const value *> elems;
        arg_list(ev, v, &elems, pos);
        for (auto *e : elems) flatten(ev, e, depth - 1, out, pos);
        return;
    }
    out->push_back(v);
}

const value *fn_flatten_n(evaluator &ev, args a, position pos) {
    std::vector<const value *> elems, out;
    int64_t depth = 0;
    if (auto *e = arg_list(ev, a[0], &elems, pos)) return e;
    if (auto *e = arg_int(ev, a[1], &depth, pos)) return e;
    for (auto *e : elems) flatten(ev, e, depth, &out, pos);
    return list_value(ev, out);
}

const value *fn_range(evaluator &ev, args a, position pos) {
    const value *start = nullptr, *limit = nullptr, *step = nullptr;
    if (auto *e = arg_number(ev, a[0], &start, pos)) return e;
    if (auto *e = arg_number(ev, a[1], &limit, pos)) return e;
    if (auto *e = arg_number(ev, a[2], &step, pos)) return e;
    if (step->num.is_zero()) return call_error(ev, pos, "list.Range", "step must be non zero");
    bool up = step->num.sign() > 0;
    if (up ? compare(start->num, limit->num) > 0 : compare(start->num, limit->num) < 0)
        return call_error(ev, pos, "list.Range",
                          up ? "end must be greater than start when step is positive"
                             : "end must be less than start when step is negative");
    std::vector<const value *> out;
    number cur = start->num;
    while (up ? compare(cur, limit->num) < 0 : compare(cur, limit->num) > 0) {
        if (!ev.step()) return ev.limit_error();
        out.push_back(decimal_result(ev, cur, pos));
        auto next = add(cur, step->num);
        if (!next.ok()) return arith_error(ev, "list.Range", next.err(), pos);
        cur = std::move(next).value();
    }
    return list_value(ev, out);
}

const value *fn_repeat(evaluator &ev, args a, position pos) {
    std::vector<const value *> elems, out;
    int64_t n = 0;
    if (auto *e = arg_list(ev, a[0], &elems, pos)) return e;
    if (auto *e = arg_int(ev, a[1], &n, pos)) return e;
    if (n < 0) return call_error(ev, pos, "list.Repeat", "negative count");
    for (int64_t i = 0; i < n; ++i) {
        if (!ev.step()) return ev.limit_error();
        out.insert(out.end(), elems.begin(), elems.end());
    }
    return list_value(ev, out);
}

// ---------------------------------------------------------------- slicing

const value *fn_take(evaluator &ev, args a, position pos) {
    std::vector<const value *> elems;
    int64_t n = 0;
    if (auto *e = arg_list(ev, a[0], &elems, pos)) return e;
    if (auto *e = arg_int(ev, a[1], &n, pos)) return e;
    if (n < 0) return call_error(ev, pos, "list.Take", "negative index");
    if (static_cast<size_t>(n) < elems.size()) elems.resize(static_cast<size_t>(n));
    return list_value(ev, elems);
}

const value *fn_drop(evaluator &ev, args a, position pos) {
    std::vector<const value *> elems;
    int64_t n = 0;
    if (auto *e = arg_list(ev, a[0], &elems, pos)) return e;
    if (auto *e = arg_int(ev, a[1], &n, pos)) return e;
    if (n < 0) return call_error(ev, pos, "list.Drop", "negative index");
    if (static_cast<size_t>(n) >= elems.size()) return list_value(ev, {});
    return list_value(ev, std::vector<const value *>(elems.begin() + n, elems.end()));
}

const value *fn_slice(evaluator &ev, args a, position pos) {
    std::vector<const value *> elems;
    int64_t i = 0, j = 0;
    if (auto *e = arg_list(ev, a[0], &elems, pos)) return e;
    if (auto *e = arg_int(ev, a[1], &i, pos)) return e;
    if (auto *e = arg_int(ev, a[2], &j, pos)) return e;
    if (i < 0) return call_error(ev, pos, "list.Slice", "negative index");
    if (i > j)
        return call_error(ev, pos, "list.Slice", "invalid index: " + std::to_string(i) + " > " + std::to_string(j));
    if (static_cast<size_t>(j) > elems.size()) return call_error(ev, pos, "list.Slice", "slice bounds out of range");
    return list_value(ev, std::vector<const value *>(elems.begin() + i, elems.begin() + j));
}

// ---------------------------------------------------------------- aggregates

template <bool Product>
const value *fn_fold(evaluator &ev, args a, position pos) {
    std::vector<const value *> elems;
    if (auto *e = numbers(ev, a[0], &elems, pos)) return e;
    number acc(Product ? 1 : 0);
    for (auto *e : elems) {
        auto r = Product ? mul(acc, e->num) : add(acc, e->num);
        if (!r.ok()) return arith_error(ev, Product ? "list.Product" : "list.Sum", r.err(), pos);
        acc = std::move(r).value();
    }
    return decimal_result(ev, acc, pos);
}

const value *fn_avg(evaluator &ev, args a, position pos) {
    std::vector<const value *> elems;
    if (auto *e = numbers(ev, a[0], &elems, pos)) return e;
    if (elems.empty()) return call_error(ev, pos, "list.Avg", "empty list");
    number acc(0);
    for (auto *e : elems) {
        auto r = add(acc, e->num);
        if (!r.ok()) return arith_error(ev, "list.Avg", r.err(), pos);
        acc = std::move(r).value();
    }
    auto r = quo(acc, number(static_cast<int64_t>(elems.size())));
    if (!r.ok()) return arith_error(ev, "list.Avg", r.err(), pos);
    return decimal_result(ev, *r, pos);
}

// Max and Min keep the first of equal elements.
template <bool Max>
const value *fn_extreme(evaluator &ev, args a, position pos) {
    std::vector<const value *> elems;
    if (auto *e = numbers(ev, a[0], &elems, pos)) return e;
    if (elems.empty()) return call_error(ev, pos, Max ? "list.Max" : "list.Min", "empty list");
    const value *best = elems[0];
    for (auto *e : elems) {
        int c = compare(e->num, best->num);
        if (Max ? c > 0 : c < 0) best = e;
    }
    return decimal_result(ev, best->num, pos);
}

// ---------------------------------------------------------------- searching and ordering

const value *fn_contains(evaluator &ev, args a, position pos) {
    std::vector<const value *> elems;
    if (auto *e = arg_list(ev, a[0], &elems, pos)) return e;
    const value *v = ev.resolve_default(a[1]);
    for (auto *e : elems)
        if (values_equal(ev, e, v)) return ev.bool_value(true);
    return ev.bool_value(false);
}

// Evaluates cmp & {x: a, y: b} and reads its `less` field.
const value *less_than(evaluator &ev, const value *cmp, const value *x, const value *y, bool *out, position pos) {
    const value *xy = ev.make_vertex(ev.make_struct({{"x", x}, {"y", y}}));
    const value *u = ev.unify_all({cmp, xy}, pos);
    if (u->is_bottom()) return u;
    u = ev.resolve_default(u);
    if (u->k != vk::vertex || !u->vx->is_struct)
        return ev.error(err_code::eval, pos, "invalid comparator " + ev.str(cmp) + ": not a struct");
    const value *l = field_value(ev, u->vx, "less");
    if (!l) return ev.error(err_code::eval, pos, "comparator has no field less");
    if (l->is_bottom()) return l;
    if (l->k != vk::bool_) return ev.error(err_code::incomplete, pos, "non-concrete value for less: " + ev.str(l));
    *out = l->b;
    return nullptr;
}

const value *sort_values(evaluator &ev, std::vector<const value *> &elems, const value *cmp, position pos) {
    const value *err = nullptr;
    std::stable_sort(elems.begin(), elems.end(), [&](const value *x, const value *y) {
        if (err) return false;
        bool less = false;
        err = less_than(ev, cmp, x, y, &less, pos);
        return !err && less;
    });
    return err;
}

const value *fn_sort(evaluator &ev, args a, position pos) {
    std::vector<const value *> elems;
    if (auto *e = arg_list(ev, a[0], &elems, pos)) return e;
    if (auto *e = sort_values(ev, elems, a[1], pos)) return e;
    return list_value(ev, elems);
}

const value *fn_is_sorted(evaluator &ev, args a, position pos) {
    std::vector<const value *> elems;
    if (auto *e = arg_list(ev, a[0], &elems, pos)) return e;
    for (size_t i = 1; i < elems.size(); ++i) {
        bool less = false;
        if (auto *e = less_than(ev, a[1], elems[i], elems[i - 1], &less, pos)) return e;
        if (less) return ev.bool_value(false);
    }
    return ev.bool_value(true);
}

const value *strings_arg(evaluator &ev, const value *v, std::vector<std::string> *out, position pos) {
    std::vector<const value *> elems;
    if (auto *e = arg_list(ev, v, &elems, pos)) return e;
    for (size_t i = 0; i < elems.size(); ++i) {
        if (elems[i]->k != vk::str) return element_error(ev, elems[i], i, "string", pos);
        out->emplace_back(elems[i]->s);
    }
    return nullptr;
}

const value *fn_sort_strings(evaluator &ev, args a, position pos) {
    std::vector<std::string> s;
    if (auto *e = strings_arg(ev, a[0], &s, pos)) return e;
    std::sort(s.begin(), s.end());
    return string_list(ev, s, pos);
}

const value *fn_is_sorted_strings(evaluator &ev, args a, position pos) {
    std::vector<std::string> s;
    if (auto *e = strings_arg(ev, a[0], &s, pos)) return e;
    return ev.bool_value(std::is_sorted(s.begin(), s.end()));
}

// ---------------------------------------------------------------- validators

const value *fn_unique_items(evaluator &ev, args a, position pos) {
    std::vector<const value *> elems;
    if (auto *e = arg_list(ev, a[0], &elems, pos)) return e;
    for (size_t i = 0; i < elems.size(); ++i)
        for (size_t j = i + 1; j < elems.size(); ++j)
            if (values_equal(ev, elems[i], elems[j])) return ev.bool_value(false);
    return ev.bool_value(true);
}

template <bool Min>
const value *fn_items_bound(evaluator &ev, args a, position pos) {
    std::vector<const value *> elems;
    int64_t n = 0;
    if (auto *e = arg_list(ev, a[0], &elems, pos)) return e;
    if (auto *e = arg_int(ev, a[1], &n, pos)) return e;
    int64_t len = static_cast<int64_t>(elems.size());
    return ev.bool_value(Min ? len >= n : len <= n);
}

// ---------------------------------------------------------------- comparators

const value *fn_ascending(evaluator &ev, args, position pos) {
    return cue_source_value(ev, "{T: number | string, x: T, y: T, less: true && x < y}", pos);
}
const value *fn_descending(evaluator &ev, args, position pos) {
    return cue_source_value(ev, "{T: number | string, x: T, y: T, less: x > y}", pos);
}

const builtin table[] = {
    {"list", "Ascending", 0, fn_ascending},
    {"list", "Avg", 1, fn_avg},
    {"list", "Concat", 1, fn_concat},
    {"list", "Contains", 2, fn_contains},
    {"list", "Descending", 0, fn_descending},
    {"list", "Drop", 2, fn_drop},
    {"list", "FlattenN", 2, fn_flatten_n},
    {"list", "IsSorted", 2, fn_is_sorted},
    {"list", "IsSortedStrings", 1, fn_is_sorted_strings},
    {"list", "Max", 1, fn_extreme<true>},
    {"list", "MaxItems", 2, fn_items_bound<false>, true},
    {"list", "Min", 1, fn_extreme<false>},
    {"list", "MinItems", 2, fn_items_bound<true>, true},
    {"list", "Product", 1, fn_fold<true>},
    {"list", "Range", 3, fn_range},
    {"list", "Repeat", 2, fn_repeat},
    {"list", "Slice", 3, fn_slice},
    {"list", "Sort", 2, fn_sort},
    {"list", "SortStable", 2, fn_sort},
    {"list", "SortStrings", 1, fn_sort_strings},
    {"list", "Sum", 1, fn_fold<false>},
    {"list", "Take", 2, fn_take},
    {"list", "UniqueItems", 1, fn_unique_items, true},
};

}  // namespace

std::span<const builtin> pkg_list() {
    return table;
}

}  // namespace forge::cue
