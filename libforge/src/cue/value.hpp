// The evaluator's value model.
//
// A `vertex` is a node of the configuration tree (a field, a list element, the package root). It
// collects `conjunct`s — compiled expressions paired with the environment they were written in —
// and evaluation unifies them: struct literals add arcs (child vertices), other expressions
// evaluate to a `value` that is unified into the vertex's scalar part. References to another
// vertex add that vertex's conjuncts (not its result), which is how a definition's body is
// re-evaluated inside every instance, with its self-references bound to the instance.
//
// A `value` is an immutable, arena-allocated result of an expression: an atom (null, bool, number,
// string, bytes), a type or constraint (int, >=1, =~"re", a validator like strings.MinRunes(2)), a
// conjunction of constraints, a disjunction, bottom (an error), top, or a reference to a vertex
// (structs and lists are always vertices).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "cue/arena.hpp"
#include "cue/ast.hpp"
#include "cue/ir.hpp"
#include "cue/label.hpp"
#include "cue/number.hpp"
#include "cue/source.hpp"

namespace forge::cue {

// Kinds as a bit set; a type like `number` or a disjunction `int | string` admits several.
using kind_mask = std::uint16_t;
inline constexpr kind_mask k_null = 1, k_bool = 2, k_int = 4, k_float = 8, k_string = 16, k_bytes = 32, k_list = 64,
                           k_struct = 128, k_number = k_int | k_float,
                           k_scalar = k_null | k_bool | k_number | k_string | k_bytes, k_top = 0xff;

std::string kind_name(kind_mask m);  // "int", "string", "(int|string)", "number" ...

enum class vk : std::uint8_t {
    bottom,
    top,
    null_,
    bool_,
    num,
    str,
    bytes,
    basic,      // a type: mask says which (int, string, number, bool, bytes, null)
    bound,      // <x <=x >x >=x !=x =~x !~x
    validator,  // a builtin used as a constraint: strings.MinRunes(3), time.Duration ...
    conj,       // a conjunction of non-concrete constraints (mask + elems)
    disj,       // a disjunction of values (elems + default marks)
    vertex,     // a struct or list (or any evaluated node)
};

// Why evaluation failed. Incomplete errors mean "not known yet / not concrete" and may resolve;
// the others are final.
enum class err_code : std::uint8_t { eval, incomplete, cycle, structural_cycle, user, limit };

struct vertex;
struct builtin;

struct value {
    vk k;
    kind_mask mask = 0;                   // kinds the value admits; for atoms exactly their kind
    ast::op op = ast::op::add;            // bounds
    bool b = false;                       // bool atom
    err_code code = err_code::eval;       // bottom
    number num;                           // num atom
    std::string_view s;                   // str/bytes atom; bottom: message
    const value *arg = nullptr;           // bound argument
    std::span<const value *const> elems;  // conj/disj elements; validator extra args
    std::span<const bool> defaults;       // disj: default marks
    vertex *vx = nullptr;                 // vertex
    const builtin *fn = nullptr;          // validator
    const void *re = nullptr;             // compiled regexp of =~ / !~ bounds (RE2*)
    position pos;                         // where it came from (for messages)

    bool is_atom() const noexcept {
        return k == vk::null_ || k == vk::bool_ || k == vk::num || k == vk::str || k == vk::bytes;
    }
    bool is_bottom() const noexcept { return k == vk::bottom; }
};

struct binding {
    label_t label;
    vertex *v;
};

struct env {
    env *up = nullptr;
    vertex *v = nullptr;
    label_t dyn_label = no_label;    // label matched by a pattern constraint ([X=expr]: ...)
    const binding *binds = nullptr;  // comprehension variables of this scope
    std::uint32_t nbinds = 0;
};

// Closedness bookkeeping carried by each conjunct: struct literals of conjuncts with the same key
// in one vertex form one group of allowed labels; a vertex's closed groups must each allow each of
// its regular fields.
struct closeinfo {
    std::uint32_t key = 0;
    bool closed = false;    // struct literals in this conjunct close their vertex
    bool embedded = false;  // part of an enclosing struct literal's group
};

struct conjunct {
    env *e = nullptr;
    const expr *x = nullptr;
    closeinfo ci;
    const vertex *origin = nullptr;  // definition or struct whose expansion produced this (cycle check)
    bool is_default = false;         // disjunct marked with '*' (disjunct candidates only)
};

struct pattern {
    env *e;  // env of the struct literal that declared it
    const decl *d;
    closeinfo ci;
    const vertex *origin;
    const value *matcher = nullptr;  // evaluated label expression
    bool evaluated = false;
};

struct close_group {
    std::uint32_t key = 0;
    bool closed = false;
    bool open = false;  // has `...`
    avec<label_t> labels;
    avec<pattern *> patterns;
};

enum class vstatus : std::uint8_t { fresh, processing, processed, finalizing, finalized };

struct deferred_item {
    env *e;
    const decl *d;
    closeinfo ci;
    const vertex *origin;
    close_group *group;
};

struct list_ellipsis {
    env *e;
    const expr *type;
    std::uint32_t from;
    closeinfo ci;
    const vertex *origin;
};

// Parts of a vertex that most vertices never use: a separate object keeps the vertex small (a large
// configuration has millions of vertices, most of them plain fields).
struct vertex_extra {
    avec<const value *> more_errs;
    avec<pattern *> patterns;
    avec<deferred_item> deferred;
    avec<list_ellipsis> ellipses;
    avec<conjunct> disj_conjuncts;  // disjunctions waiting for resolution
    avec<std::uint32_t> disj_occ;   // occurrence number of each (same expression seen before)
    avec<vertex *> disjuncts;       // is_disjunction: surviving candidates
    avec<bool> disjunct_default;
};

struct vertex {
    vertex *parent = nullptr;
    label_t label = no_label;
    vstatus status = vstatus::fresh;
    bool is_struct = false;
    bool is_list = false;
    bool optional = true;   // only optional declarations so far (arcs only)
    bool list_open = true;  // no closed list literal seen
    bool has_embedded_scalar = false;
    bool has_regular_fields = false;
    bool is_disjunction = false;  // several candidates survived: see disjuncts
    bool is_artifact = false;
    bool cycle = false;  // a reference cycle was detected while evaluating this vertex
    std::uint8_t n_defaults = 0;
    bool had_marks = false;      // default marks took part in resolving this vertex's disjunctions
    bool single_def = true;      // with one survivor: whether it was a default
    std::int32_t list_len = -1;  // length of closed list literals, -1 if none
    std::uint32_t list_min = 0;  // elements required by open list literals
    std::uint32_t depth = 0;

    avec<conjunct> conjuncts;
    const value *scalar = nullptr;  // unified non-struct part; null = top
    const value *err = nullptr;     // first error found in this vertex itself
    avec<vertex *> arcs;
    std::unordered_map<label_t, vertex *> *index = nullptr;
    avec<close_group *> groups;
    avec<const vertex *> expanded;  // vertices whose conjuncts were added by reference
    // Struct literals unified into this vertex, in the order they were added (each once): export
    // orders fields by merging their field lists as CUE v0.4 does (export_order.cpp).
    avec<const x_struct *> structs;
    vertex_extra *extra = nullptr;  // allocated on first write (see ext)

    // The rarely used parts: shared empty ones to read, allocated in the arena on first write.
    const vertex_extra &ext() const noexcept { return extra ? *extra : empty_extra; }
    vertex_extra &ext(arena &a) {
        if (!extra) extra = new (a.allocate(sizeof(vertex_extra), alignof(vertex_extra))) vertex_extra();
        return *extra;
    }
    static const vertex_extra empty_extra;

    vertex *lookup(label_t l) const {
        if (index) {
            auto it = index->find(l);
            return it == index->end() ? nullptr : it->second;
        }
        for (vertex *a : arcs)
            if (a->label == l) return a;
        return nullptr;
    }
};

// Vertices are created by the hundred thousand: the arena frees them without running destructors.
static_assert(std::is_trivially_destructible_v<vertex>);
static_assert(std::is_trivially_destructible_v<close_group>);

}  // namespace forge::cue
