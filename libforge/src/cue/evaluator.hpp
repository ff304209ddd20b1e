// The evaluator: owns the arena, the label table and the loaded packages of one evaluation, and
// implements unification of vertices (see value.hpp for the model).
//
// Processing a vertex happens in two steps. process() unifies the vertex's own conjuncts: struct
// literals add arcs (their values are not evaluated yet), scalars are unified, references add the
// referenced vertex's conjuncts, comprehensions and dynamic fields run once the static arcs exist,
// pattern constraints are applied to the arcs, and disjunctions are resolved last by evaluating one
// candidate per combination of disjuncts. finalize() then checks closedness and list lengths and
// recurses into the regular arcs. References need only process(), which is what lets fields refer
// to siblings and to the struct they are part of.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cue/api.hpp"
#include "cue/arena.hpp"
#include "cue/ir.hpp"
#include "cue/label.hpp"
#include "cue/value.hpp"

namespace forge::cue {

struct x_vertex : expr {
    vertex *v;
};
// Conjunct expression kind for x_vertex (outside the compiler's range).
inline constexpr xk xk_vertex = static_cast<xk>(200);

struct package {
    std::string path;  // import path ("" for the main package)
    std::string name;
    vertex *root = nullptr;
    bool stdlib = false;
};

struct limits {
    std::size_t max_steps = 50'000'000;
    std::size_t max_depth = 2'000;
    std::size_t max_memory = 2'000'000'000;
};

class evaluator {
  public:
    evaluator();
    ~evaluator();

    arena &mem() { return arena_; }
    label_table &labels() { return labels_; }
    limits lim;
    std::optional<std::map<std::string, artifact_value>> artifacts;
    std::vector<std::string> file_names;  // indexed by position.file

    // ---- values
    const value *top() const { return top_; }
    const value *null_value() const { return null_; }
    const value *bool_value(bool b) const { return b ? true_ : false_; }
    const value *basic(kind_mask m, position pos = {});
    const value *make_num(number n, position pos = {});
    const value *make_int(int64_t i, position pos = {});
    const value *make_str(std::string_view s, position pos = {});
    const value *make_bytes(std::string_view s, position pos = {});
    const value *make_vertex(vertex *v);
    const value *error(err_code code, position pos, std::string msg);
    const value *incomplete(position pos, std::string msg) { return error(err_code::incomplete, pos, std::move(msg)); }

    // ---- vertices
    vertex *new_vertex(vertex *parent, label_t label);
    vertex *arc(vertex *v, label_t label, bool create);
    void add_conjunct(vertex *v, const conjunct &c) { v->conjuncts.push_back(arena_, c); }
    void process(vertex *v);
    void finalize(vertex *v);
    // A vertex holding exactly this value (atoms, or an existing vertex).
    vertex *vertex_of(const value *val, vertex *parent = nullptr, label_t label = no_label);
    // A list vertex with the given elements (already evaluated values).
    vertex *make_list(const std::vector<const value *> &elems);
    // A struct vertex with the given fields, in order.
    vertex *make_struct(const std::vector<std::pair<std::string, const value *>> &fields);
    const x_vertex *vertex_expr(vertex *v);

    // ---- expressions
    const value *eval(env *e, const expr *x);
    // The value of a vertex used as an operand: defaults chosen, structs/lists as vertex values.
    const value *vertex_value(vertex *v);
    // The concrete value of an operand, or an error saying why it is not concrete.
    const value *resolve_default(const value *v);
    // Unifies values that may include structs and lists (via a temporary vertex).
    const value *unify_all(const std::vector<const value *> &vals, position pos);
    const expr *literal_expr(const value *v, position pos);

    // ---- scalar lattice (unify.cpp)
    const value *unify(const value *a, const value *b);
    // Checks a concrete atom against a constraint (bound, validator, type); returns the atom or bottom.
    const value *check(const value *constraint, const value *atom);
    bool equal_atoms(const value *a, const value *b);
    bool deep_equal(vertex *a, vertex *b);
    std::string str(const value *v);  // CUE's text for a value in messages
    std::string vertex_str(vertex *v, int depth = 0);

    // ---- errors
    void add_error(vertex *v, const value *err);
    std::string path_of(const vertex *v) const;
    std::string pos_str(position p) const;

    // ---- limits
    bool step();  // counts one evaluation step; false when the budget is exhausted
    bool over_limit() const { return limit_hit_ != nullptr; }
    const value *limit_error() const { return limit_hit_; }

    // ---- packages
    std::map<std::string, package *> packages;  // by import path
    package *main = nullptr;
    uint32_t fresh_key() { return ++key_counter_; }

  private:
    friend struct vertex_ops;
    void add_conjunct_now(vertex *v, const conjunct &c);
    void add_struct(vertex *v, const conjunct &c, const x_struct *s);
    void add_list(vertex *v, const conjunct &c, const x_list *l);
    void expand(vertex *v, vertex *r, const conjunct &c);
    bool share_scalar(vertex *v, vertex *r, const conjunct &c);
    void unify_value(vertex *v, const value *val, const conjunct &c);
    void run_deferred(vertex *v, const deferred_item &d);
    void run_comprehension(vertex *v, env *e, const x_comprehension *comp, size_t ci_index, const deferred_item &d,
                           std::vector<std::pair<env *, const x_struct *>> *list_out);
    void apply_patterns(vertex *v);
    void apply_ellipses(vertex *v);
    bool pattern_matches(pattern *p, label_t l);
    void resolve_disjunctions(vertex *v);
    bool resolve_scalar_disjunction(vertex *v);
    void check_closed(vertex *v);
    void check_kinds(vertex *v);
    void adopt(vertex *v, vertex *c);
    bool subtree_failed(vertex *v, int depth = 0);
    close_group *group_for(vertex *v, uint32_t key);
    vertex *resolve_ref(env *e, const x_ref *r, const value **err);
    vertex *resolve_target(env *e, const expr *x, const value **err);
    const value *eval_unary(env *e, const x_unary *u);
    const value *eval_bound(env *e, const x_unary *u);  // eval_unary without its cache
    const value *eval_binary(env *e, const x_binary *b);
    const value *eval_call(env *e, const x_call *c);
    const value *eval_interp(env *e, const x_interp *s);
    const value *eval_index(env *e, const x_index *ix, vertex **out);
    const value *eval_slice(env *e, const x_slice *s);
    const value *eval_temp(env *e, const expr *x);
    const value *eval_artifact(const x_artifact *a, const std::vector<label_t> &sels, position pos);

    arena arena_;
    // Disjunctions computed by an expression (or([...])), turned into one x_nary per (expression,
    // environment) so that re-evaluating a vertex per candidate finds its recorded choice again.
    std::map<std::pair<const void *, const void *>, const x_nary *> computed_disj_;
    // Bounds of a literal (`>=1`, `=~"^[a-z]"`) evaluated once per expression: every instance of a
    // schema evaluates them again.
    std::unordered_map<const expr *, const value *> literal_bounds_;
    label_table labels_;
    const value *top_, *null_, *true_, *false_;
    std::size_t steps_ = 0;
    std::uint32_t key_counter_ = 10;
    const value *limit_hit_ = nullptr;
    std::uint32_t cur_depth_ = 0;

  public:
    // choices made for disjunctions of a candidate: (expression, occurrence) -> disjunct index
    struct choice {
        const expr *x;
        std::uint32_t occurrence;
        std::uint32_t index;
    };
    std::unordered_map<const vertex *, std::vector<choice>> choices;
    std::unordered_map<const vertex *, std::vector<std::pair<const expr *, std::uint32_t>>> seen_disj;
};

// Closedness of the value of a field with label class `cls` declared in a struct with `parent`.
closeinfo child_closeinfo(const closeinfo &parent, label_class cls);

// Depth guard for recursion in the evaluator.
struct depth_guard {
    std::uint32_t &d;
    explicit depth_guard(std::uint32_t &depth) : d(depth) { ++d; }
    ~depth_guard() { --d; }
};

}  // namespace forge::cue
