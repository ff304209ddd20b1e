// Field order of exported structs, as CUE v0.4 orders them. Each struct literal that was unified
// into a vertex contributes the list of its static field labels (regular, optional, definitions,
// hidden; not dynamic fields or patterns) in declaration order; fields that no literal lists
// (dynamic fields, comprehension results) form one more list in arc order. The lists are merged by
// CUE v0.4's variant of Kahn's topological sort, including its quirks: a label blocked by a pending
// predecessor count is released only when no list can progress, and the count of a list's last
// label is never decremented, so a literal's last field can come after other lists' fields
// (`a: 1, "\(k)": 2, b: 3` exports a, <k>, b).
//
// Export calls this for every struct it prints, so it avoids the heap: a vertex made of one
// literal whose fields are its arcs in order (most of them) is answered without copying, and the
// merge works on dense label slots in per-thread scratch buffers instead of hash maps.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "cue/export.hpp"

namespace forge::cue {

namespace {

// Scratch space of one merge, reused between calls on the same thread.
struct merge_scratch {
    std::vector<label_t> labels;        // every list's labels, concatenated
    std::vector<std::uint32_t> at;      // slot of each entry of labels
    std::vector<std::uint32_t> bounds;  // list i is entries [bounds[i], bounds[i + 1])
    std::vector<label_t> slots;         // sorted distinct labels
    std::vector<int> counts;            // per slot: > 0 pending predecessors, 0 free, < 0 -(rank)
    std::vector<std::uint32_t> pos;     // per list: next entry
    std::vector<std::pair<int, vertex *>> keyed;

    void clear() {
        labels.clear();
        bounds.assign(1, 0);
    }
    void end_list() {
        if (labels.size() == bounds.back()) return;  // empty lists take no part
        bounds.push_back(static_cast<std::uint32_t>(labels.size()));
    }
    std::uint32_t slot(label_t l) const {
        return static_cast<std::uint32_t>(std::lower_bound(slots.begin(), slots.end(), l) - slots.begin());
    }
    bool known(label_t l) const { return std::binary_search(slots.begin(), slots.end(), l); }
    void index_slots() {
        slots.assign(labels.begin(), labels.end());
        std::sort(slots.begin(), slots.end());
        slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
    }

    // CUE v0.4's merge; leaves each slot's rank (1 = first) as -counts[slot].
    void rank() {
        at.resize(labels.size());
        for (std::size_t k = 0; k < labels.size(); ++k) at[k] = slot(labels[k]);
        const std::size_t n = bounds.size() - 1;
        counts.assign(slots.size(), 0);
        for (std::size_t i = 0; i < n; ++i)
            for (std::uint32_t k = bounds[i] + 1; k < bounds[i + 1]; ++k) ++counts[at[k]];
        pos.assign(bounds.begin(), bounds.end() - 1);
        int next = 1;
        for (;;) {
            bool progress = false;
            for (std::size_t i = 0; i < n && !progress; ++i) {
                if (pos[i] >= bounds[i + 1]) continue;
                std::uint32_t s = at[pos[i]];
                int c = counts[s];
                if (c > 0) continue;  // blocked: try the next list
                ++pos[i];
                if (bounds[i + 1] - pos[i] > 1 && counts[at[pos[i]]] > 0) --counts[at[pos[i]]];
                if (c == 0) counts[s] = -(next++);  // first time seen at a head: its place
                progress = true;
            }
            if (progress) continue;
            // Every list is blocked (or empty): release the first pending head.
            for (std::size_t i = 0; i < n && !progress; ++i) {
                if (pos[i] < bounds[i + 1]) {
                    counts[at[pos[i]]] = 0;
                    progress = true;
                }
            }
            if (!progress) break;
        }
    }
};

// True when v's arcs are exactly the fields of its one struct literal, in declaration order: the
// merge would return them unchanged.
bool arcs_in_literal_order(const vertex *v) {
    if (v->structs.empty()) return true;
    if (v->structs.size() != 1) return false;
    std::size_t k = 0;
    for (const decl &d : v->structs.front()->decls) {
        if (d.kind != dk::field) continue;
        if (k >= v->arcs.size() || v->arcs[k]->label != d.label) return false;
        ++k;
    }
    return k == v->arcs.size();
}

}  // namespace

std::span<vertex *const> ordered_arcs(vertex *v, std::vector<vertex *> &out) {
    std::span<vertex *const> arcs(v->arcs.begin(), v->arcs.size());
    if (arcs_in_literal_order(v)) return arcs;
    thread_local merge_scratch m;
    m.clear();
    for (const x_struct *s : v->structs) {
        for (const decl &d : s->decls)
            if (d.kind == dk::field) m.labels.push_back(d.label);
        m.end_list();
    }
    if (m.labels.empty()) return arcs;
    m.index_slots();
    // Arcs that no literal lists form one more list, in arc order.
    bool rest = false;
    for (vertex *a : arcs)
        if (!m.known(a->label)) {
            m.labels.push_back(a->label);
            rest = true;
        }
    if (rest) {
        m.end_list();
        m.index_slots();
    }
    m.rank();
    m.keyed.clear();
    bool same = true;
    int prev = 0;
    for (vertex *a : arcs) {
        int r = -m.counts[m.slot(a->label)];
        same = same && r > prev;
        prev = r;
        m.keyed.emplace_back(r, a);
    }
    if (same) return arcs;
    // Labels are distinct, so ranks are too: no stable sort needed.
    std::sort(m.keyed.begin(), m.keyed.end(), [](const auto &x, const auto &y) { return x.first < y.first; });
    out.clear();
    out.reserve(m.keyed.size());
    for (auto &[r, a] : m.keyed) out.push_back(a);
    return out;
}

}  // namespace forge::cue
