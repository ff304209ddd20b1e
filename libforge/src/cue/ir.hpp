// The compiled form of CUE expressions that the evaluator runs. The compiler (compile.cpp) turns the
// AST into these nodes once: identifiers become references that say how many scopes to go up and
// which interned label to look up, literals become ready values, and `a | b | *c` becomes one n-ary
// disjunction with its default marks. Nodes live in the runtime's arena and are immutable.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "cue/ast.hpp"
#include "cue/label.hpp"
#include "cue/source.hpp"

namespace forge::cue {

struct value;
struct builtin;
struct package;

enum class xk : std::uint8_t {
    literal,     // a ready value (numbers, strings, basic types, top, bottom)
    struct_lit,  // { decls }
    list_lit,    // [ elems, ...T ]
    ref,         // field, alias, let or comprehension variable in an enclosing scope
    label_ref,   // [X=pattern]: ... X, the label of the field the pattern matched
    import_ref,  // an imported package
    builtin_ref, // a builtin function (len, close, strings.Join ...)
    selector,    // x.f
    index,       // x[i]
    slice,       // x[a:b]
    call,        // f(args)
    unary,       // -x +x !x and bounds <x <=x >x >=x !=x =~x !~x
    binary,      // x op y (not & and |)
    conj,        // x & y & ... (n-ary)
    disj,        // x | *y | ... (n-ary, with default marks)
    interp,      // "a\(x)b"
    artifact,    // Forge: @artifact("name")
    comprehension,  // for/if/let clauses with a body (list elements; struct decls hold one too)
    bad,         // a compile error (unresolved reference ...); evaluates to bottom
};

struct expr {
    xk kind;
    position pos;
};

struct x_literal : expr {
    const value *v;
};

struct x_ref : expr {
    std::uint32_t up;  // number of environments to go up
    label_t label;
    std::string_view name;  // as written, for messages
};

struct x_label_ref : expr {
    std::uint32_t up;
};

struct x_import : expr {
    const package *pkg;
    std::string_view path;
};

struct x_builtin : expr {
    const builtin *fn;
};

struct x_selector : expr {
    const expr *x;
    label_t label;
    position sel_pos;
};

struct x_index : expr {
    const expr *x;
    const expr *index;
};

struct x_slice : expr {
    const expr *x;
    const expr *lo;  // may be null
    const expr *hi;  // may be null
};

struct x_call : expr {
    const expr *fn;
    std::span<const expr *const> args;
};

struct x_unary : expr {
    ast::op op;
    const expr *x;
};

struct x_binary : expr {
    ast::op op;
    const expr *x;
    const expr *y;
};

struct x_nary : expr {
    std::span<const expr *const> elems;
    std::span<const bool> defaults;  // disj only: marked with '*'
    bool has_defaults = false;
};

struct x_interp : expr {
    bool is_bytes;
    std::span<std::string_view const> parts;
    std::span<const expr *const> exprs;
};

struct x_artifact : expr {
    std::string_view name;
};

struct x_bad : expr {
    std::string_view message;
};

// ---- struct declarations

enum class dk : std::uint8_t {
    field,          // label: value   (optional with `?`)
    dynamic_field,  // (expr): value  or "\(x)": value
    pattern,        // [expr]: value
    embed,          // expr
    ellipsis,       // ...
    let,            // let x = expr  (a hidden arc under a private label)
    comprehension,  // for/if/let ... { body }
};

enum class ck : std::uint8_t { for_, if_, let_ };

struct x_struct;

struct clause {
    ck kind;
    label_t key;    // for_: key variable label (no_label when absent); let_: the name
    label_t value;  // for_: value variable
    const expr *x;  // for_: source; if_: condition; let_: value
    position pos;
};

struct x_comprehension : expr {
    std::span<const clause> clauses;
    const x_struct *body;
};

struct decl {
    dk kind;
    bool optional = false;
    label_t label = no_label;         // field/let
    const expr *label_expr = nullptr;  // dynamic_field/pattern
    const expr *value = nullptr;       // field/dynamic/pattern value, embed, ellipsis type, let value
    const x_comprehension *comp = nullptr;
    std::span<ast::attribute *const> attrs;
    position pos;
};

struct x_struct : expr {
    std::span<const decl> decls;
    bool has_embed = false;         // has embeddings or comprehensions
    bool only_embeds = false;       // has embeddings and no fields, patterns or ellipsis: `{ x }` is x
    bool is_file = false;           // the root struct of a file
};

struct x_list : expr {
    std::span<const expr *const> elems;  // expressions or x_comprehension
    const expr *ellipsis = nullptr;      // type of the remaining elements (`...` = top)
    bool open = false;
    bool has_comprehension = false;
};

}  // namespace forge::cue
