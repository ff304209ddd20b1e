// The abstract syntax tree of a CUE file (CUE v0.4 syntax plus the Forge `@artifact("x")` operand).
//
// Nodes live in an ast_arena owned by the parsed file: they are plain, trivially destructible
// structs (pointers, std::string_view and arena spans only), allocated by bumping a pointer, and
// freed all at once. Names and literal values are string_views into the file's own source text
// or, when decoding changed them (escapes, multiline indentation, number normalisation), into the
// arena. Every node carries the position of its first token.
//
// Each node type derives from `node`, which holds a `kind`; `as<T>(n)` is the checked downcast
// (no RTTI). Fields typed `node *` hold any expression; the comment says where declarations or
// other kinds may appear.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

#include "cue/source.hpp"

namespace forge::cue {

// A bump allocator. Nodes are never freed one by one; the arena releases its blocks when it dies.
class ast_arena {
  public:
    ast_arena() = default;
    ast_arena(const ast_arena &) = delete;
    ast_arena &operator=(const ast_arena &) = delete;

    void *allocate(std::size_t size, std::size_t align);

    template <class T, class... Args>
    T *make(Args &&...args) {
        static_assert(std::is_trivially_destructible_v<T>, "arena objects are never destroyed");
        return new (allocate(sizeof(T), alignof(T))) T{std::forward<Args>(args)...};
    }

    // Copies a vector of pointers/values into the arena and returns a span over the copy.
    template <class T>
    std::span<T const> copy(const std::vector<T> &v) {
        static_assert(std::is_trivially_destructible_v<T>);
        if (v.empty()) return {};
        T *p = static_cast<T *>(allocate(sizeof(T) * v.size(), alignof(T)));
        for (std::size_t i = 0; i < v.size(); ++i) new (p + i) T(v[i]);
        return {p, v.size()};
    }

    std::string_view copy(std::string_view s);

    std::size_t bytes_used() const noexcept { return used_; }

  private:
    struct block {
        std::unique_ptr<std::byte[]> data;
        std::size_t size;
    };
    std::vector<block> blocks_;
    std::byte *cur_ = nullptr;
    std::size_t left_ = 0;
    std::size_t used_ = 0;
};

namespace ast {

enum class node_kind : std::uint8_t {
    // ---- expressions (operands)
    bad_expr,       // placeholder where the parser reported an error
    ident,          // foo, #Foo, _foo, _#foo, and keywords used as names (`in`, `package`, ...)
    top_lit,        // _
    bottom_lit,     // _|_
    null_lit,       // null
    bool_lit,       // true, false
    number_lit,     // 42, 0x1F, 1.5Gi, 2.5e3, .5
    string_lit,     // "x", 'x', """...""", #"..."# (no interpolation)
    interpolation,  // "a\(x)b"
    list_lit,       // [a, b, for x in y {x}, ...T]
    struct_lit,     // { declarations }
    paren_expr,     // (x): kept because `a | (b | *c)` differs from `a | b | *c`
    selector_expr,  // x.f, x."f"
    index_expr,     // x[i]
    slice_expr,     // x[lo:hi]
    call_expr,      // f(a, b)
    unary_expr,     // -x, !x, *x, <x, =~x ...
    binary_expr,    // x op y
    alias_expr,     // X=expr (field value `a: X=x`, `[X=expr]`, `(X=expr)`)
    artifact_ref,   // Forge: @artifact("name") in expression position
    // ---- declarations (struct members); comprehension and ellipsis are also list elements
    field,          // label: value
    let_decl,       // let x = expr
    embed_decl,     // an expression used as a declaration
    ellipsis,       // ... or ...T
    comprehension,  // for/if/let clauses followed by a struct
    attribute,      // @name(body) at declaration level (also used for field attributes)
    bad_decl,
    // ---- comprehension clauses
    for_clause,
    if_clause,
    let_clause,
    // ---- file level
    import_spec,
    file,
};

const char *kind_name(node_kind k) noexcept;

struct comment_group;

struct node {
    node_kind kind;
    position pos;  // first token of the node
};

template <class T>
inline bool is(const node *n) noexcept {
    return n && n->kind == T::static_kind;
}
template <class T>
inline T *as(node *n) noexcept {
    return is<T>(n) ? static_cast<T *>(n) : nullptr;
}
template <class T>
inline const T *as(const node *n) noexcept {
    return is<T>(n) ? static_cast<const T *>(n) : nullptr;
}

// ---------------------------------------------------------------- operands

struct bad_expr : node {
    static constexpr node_kind static_kind = node_kind::bad_expr;
};

enum class ident_class : std::uint8_t {
    regular,            // foo
    hidden,             // _foo
    definition,         // #Foo
    hidden_definition,  // _#Foo
};

struct ident : node {
    static constexpr node_kind static_kind = node_kind::ident;
    std::string_view name;  // as written, including '#', '_', '_#'
    ident_class cls = ident_class::regular;
};

struct top_lit : node {
    static constexpr node_kind static_kind = node_kind::top_lit;
};
struct bottom_lit : node {
    static constexpr node_kind static_kind = node_kind::bottom_lit;
};
struct null_lit : node {
    static constexpr node_kind static_kind = node_kind::null_lit;
};
struct bool_lit : node {
    static constexpr node_kind static_kind = node_kind::bool_lit;
    bool value = false;
};

// Integers are exact: `digits` holds the magnitude in `base` (2, 8, 10 or 16), without prefix or
// '_'. SI/IEC multipliers are already applied (result truncated towards zero, base 10), so
// `1.5Ki` has digits "1536", base 10, is_float false.
// Floats: `digits` is the decimal text normalised to [0-9]+ "." [0-9]+ [e[+-][0-9]+] with no '_'
// (".5" -> "0.5", "1." -> "1.0", "1E6" -> "1.0e6").
struct number_lit : node {
    static constexpr node_kind static_kind = node_kind::number_lit;
    bool is_float = false;
    std::uint8_t base = 10;
    std::string_view digits;
    std::string_view raw;  // source text
};

struct string_lit : node {
    static constexpr node_kind static_kind = node_kind::string_lit;
    bool is_bytes = false;  // '...' or '''...'''
    bool multiline = false;
    std::uint8_t hashes = 0;  // number of '#' around a raw string
    std::string_view value;   // decoded contents (escapes, indentation and \r removed)
    std::string_view raw;     // source text including quotes
};

// "a\(x)b\(y)c": parts = {"a", "b", "c"} (decoded), exprs = {x, y}; parts.size() == exprs.size()+1.
struct interpolation : node {
    static constexpr node_kind static_kind = node_kind::interpolation;
    bool is_bytes = false;
    bool multiline = false;
    std::uint8_t hashes = 0;
    std::span<std::string_view const> parts;
    std::span<node *const> exprs;
};

// Elements are expressions, comprehensions, and optionally a final `ellipsis`.
struct list_lit : node {
    static constexpr node_kind static_kind = node_kind::list_lit;
    std::span<node *const> elems;
    position rbrack;
};

// Declarations: field, let_decl, embed_decl, ellipsis, comprehension, attribute, bad_decl.
// `implicit` marks the struct created by the shorthand `a: b: c` (value of `a`); it has no braces.
struct struct_lit : node {
    static constexpr node_kind static_kind = node_kind::struct_lit;
    std::span<node *const> decls;
    position rbrace;
    bool implicit = false;
};

struct paren_expr : node {
    static constexpr node_kind static_kind = node_kind::paren_expr;
    node *x = nullptr;
};

// `sel` is an ident or a string_lit (`x."a-b"`).
struct selector_expr : node {
    static constexpr node_kind static_kind = node_kind::selector_expr;
    node *x = nullptr;
    node *sel = nullptr;
};

struct index_expr : node {
    static constexpr node_kind static_kind = node_kind::index_expr;
    node *x = nullptr;
    node *index = nullptr;
};

// lo and hi may be null (`x[:2]`, `x[1:]`).
struct slice_expr : node {
    static constexpr node_kind static_kind = node_kind::slice_expr;
    node *x = nullptr;
    node *lo = nullptr;
    node *hi = nullptr;
};

struct call_expr : node {
    static constexpr node_kind static_kind = node_kind::call_expr;
    node *fun = nullptr;
    std::span<node *const> args;
};

enum class op : std::uint8_t {
    // unary and binary
    add,    // +
    sub,    // -
    mul,    // *  (unary: default marker)
    // binary only
    quo,    // /
    and_,   // &
    or_,    // |
    land,   // &&
    lor,    // ||
    eql,    // ==
    // unary (bound constraints) and binary (comparison)
    neq,    // !=
    lss,    // <
    leq,    // <=
    gtr,    // >
    geq,    // >=
    mat,    // =~
    nmat,   // !~
    // unary only
    not_,   // !
};

const char *op_text(op o) noexcept;
// Binary precedence per the spec: 7 (* /) ... 1 (|); 0 for operators that are never binary.
int op_precedence(op o) noexcept;

struct unary_expr : node {
    static constexpr node_kind static_kind = node_kind::unary_expr;
    op oper = op::add;
    node *x = nullptr;
};

struct binary_expr : node {
    static constexpr node_kind static_kind = node_kind::binary_expr;
    op oper = op::add;
    position op_pos;
    node *x = nullptr;
    node *y = nullptr;
};

struct alias_expr : node {
    static constexpr node_kind static_kind = node_kind::alias_expr;
    ident *name = nullptr;
    node *x = nullptr;
};

// Forge extension: `@artifact("web").image`. The selectors are ordinary selector_expr nodes
// wrapping this operand.
struct artifact_ref : node {
    static constexpr node_kind static_kind = node_kind::artifact_ref;
    std::string_view name;  // decoded string argument
    position name_pos;
};

// ---------------------------------------------------------------- declarations

struct comment_group {
    position pos;
    std::span<std::string_view const> lines;  // each line as written, starting with "//"
};

// `@name(body)`: body is the raw text between the parentheses.
struct attribute : node {
    static constexpr node_kind static_kind = node_kind::attribute;
    std::string_view name;
    std::string_view body;
    std::string_view raw;  // "@name(body)"
};

enum class label_kind : std::uint8_t {
    ident,          // foo: / #Foo: / _x: / if: (keywords are idents here)
    string,         // "foo":
    interpolation,  // "\(x)":
    dynamic,        // (expr):   label_expr is the expression (may be an alias_expr)
    pattern,        // [expr]:   label_expr is the expression (may be an alias_expr)
};

struct field : node {
    static constexpr node_kind static_kind = node_kind::field;
    label_kind lkind = label_kind::ident;
    node *label = nullptr;      // ident, string_lit, interpolation, or the dynamic/pattern expression
    ident *alias = nullptr;     // X in `X=label: value`, else null
    bool optional = false;      // label?
    node *value = nullptr;      // an expression; for `a: b: c` an implicit struct_lit
    std::span<attribute *const> attrs;
    comment_group *doc = nullptr;
};

struct let_decl : node {
    static constexpr node_kind static_kind = node_kind::let_decl;
    ident *name = nullptr;
    node *value = nullptr;
    comment_group *doc = nullptr;
};

struct embed_decl : node {
    static constexpr node_kind static_kind = node_kind::embed_decl;
    node *x = nullptr;
    comment_group *doc = nullptr;
};

// `...` (type null) or `...T`, in structs and as the last list element.
struct ellipsis : node {
    static constexpr node_kind static_kind = node_kind::ellipsis;
    node *type = nullptr;
};

struct for_clause : node {
    static constexpr node_kind static_kind = node_kind::for_clause;
    ident *key = nullptr;  // null for `for v in x`
    ident *value = nullptr;
    node *source = nullptr;
};

struct if_clause : node {
    static constexpr node_kind static_kind = node_kind::if_clause;
    node *cond = nullptr;
};

struct let_clause : node {
    static constexpr node_kind static_kind = node_kind::let_clause;
    ident *name = nullptr;
    node *value = nullptr;
};

// First clause is a for_clause or if_clause; later ones may also be let_clause.
struct comprehension : node {
    static constexpr node_kind static_kind = node_kind::comprehension;
    std::span<node *const> clauses;
    struct_lit *body = nullptr;
};

struct bad_decl : node {
    static constexpr node_kind static_kind = node_kind::bad_decl;
};

// ---------------------------------------------------------------- file

// import alias "path" — path is decoded; `path:pkg` qualifiers are kept in the path text.
struct import_spec : node {
    static constexpr node_kind static_kind = node_kind::import_spec;
    ident *alias = nullptr;
    std::string_view path;
    position path_pos;
};

struct file : node {
    static constexpr node_kind static_kind = node_kind::file;
    std::string_view name;                        // file name as given to the parser
    std::span<attribute *const> attrs;            // attributes before the package clause
    ident *package_name = nullptr;                // null when there is no package clause
    position package_pos;
    std::span<import_spec *const> imports;
    std::span<node *const> decls;                 // declarations after the imports
    std::span<comment_group *const> comments;     // every comment group, in source order
};

}  // namespace ast
}  // namespace forge::cue
