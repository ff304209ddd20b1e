// Field order of exported structs, as CUE v0.4 orders them. Each struct literal that was unified
// into a vertex contributes the list of its static field labels (regular, optional, definitions,
// hidden; not dynamic fields or patterns) in declaration order; fields that no literal lists
// (dynamic fields, comprehension results) form one more list in arc order. The lists are merged by
// CUE v0.4's variant of Kahn's topological sort, including its quirks: a label blocked by a pending
// predecessor count is released only when no list can progress, and the count of a list's last
// label is never decremented, so a literal's last field can come after other lists' fields
// (`a: 1, "\(k)": 2, b: 3` exports a, <k>, b).
#include <algorithm>
#include <unordered_map>
#include <vector>

#include "cue/export.hpp"

namespace forge::cue {

namespace {

using front = std::vector<label_t>;

// Returns label -> rank; a lower rank comes first.
std::unordered_map<label_t, int> rank_labels(std::vector<front> fronts) {
    std::unordered_map<label_t, int> counts;
    for (const front &f : fronts)
        if (f.size() > 1)
            for (size_t k = 1; k < f.size(); ++k) ++counts[f[k]];
    std::vector<size_t> pos(fronts.size(), 0);
    int next = 1;
    for (;;) {
        bool progress = false;
        for (size_t i = 0; i < fronts.size() && !progress; ++i) {
            if (pos[i] >= fronts[i].size()) continue;
            label_t l = fronts[i][pos[i]];
            int n = counts[l];
            if (n > 0) continue;  // blocked: try the next list
            ++pos[i];
            size_t left = fronts[i].size() - pos[i];
            if (left > 1) {
                auto it = counts.find(fronts[i][pos[i]]);
                if (it != counts.end() && it->second > 0) --it->second;
            }
            if (n == 0) counts[l] = -(next++);  // first time seen at a head: its place
            progress = true;
        }
        if (progress) continue;
        // Every list is blocked (or empty): release the first pending head.
        for (size_t i = 0; i < fronts.size() && !progress; ++i) {
            if (pos[i] < fronts[i].size()) {
                counts[fronts[i][pos[i]]] = 0;
                progress = true;
            }
        }
        if (!progress) break;
    }
    std::unordered_map<label_t, int> rank;
    for (auto &[l, c] : counts) rank[l] = -c;
    return rank;
}

std::vector<front> literal_fronts(const vertex *v) {
    std::vector<front> fronts;
    for (const x_struct *s : v->structs) {
        front f;
        for (const decl &d : s->decls)
            if (d.kind == dk::field) f.push_back(d.label);
        if (!f.empty()) fronts.push_back(std::move(f));
    }
    return fronts;
}

}  // namespace

std::vector<vertex *> ordered_arcs(vertex *v) {
    std::vector<front> fronts = literal_fronts(v);
    if (fronts.empty()) return {v->arcs.begin(), v->arcs.end()};
    std::unordered_map<label_t, int> known = rank_labels(fronts);
    front rest;
    for (vertex *a : v->arcs)
        if (!known.count(a->label)) rest.push_back(a->label);
    if (!rest.empty()) fronts.push_back(std::move(rest));
    std::unordered_map<label_t, int> rank = rank_labels(std::move(fronts));
    std::vector<std::pair<int, vertex *>> keyed;
    keyed.reserve(v->arcs.size());
    for (vertex *a : v->arcs) {
        auto it = rank.find(a->label);
        keyed.emplace_back(it == rank.end() ? 1 << 30 : it->second, a);
    }
    std::stable_sort(keyed.begin(), keyed.end(), [](auto &x, auto &y) { return x.first < y.first; });
    std::vector<vertex *> out;
    out.reserve(keyed.size());
    for (auto &[r, a] : keyed) out.push_back(a);
    return out;
}

}  // namespace forge::cue
