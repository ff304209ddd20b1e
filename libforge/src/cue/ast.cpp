#include "cue/ast.hpp"

#include <algorithm>
#include <cstring>
#include <new>

namespace forge::cue {

namespace {
constexpr std::size_t first_block = 16 * 1024;
constexpr std::size_t max_block = 1024 * 1024;
}  // namespace

void *ast_arena::allocate(std::size_t size, std::size_t align) {
    std::size_t pad = (align - reinterpret_cast<std::uintptr_t>(cur_) % align) % align;
    if (cur_ == nullptr || pad + size > left_) {
        // Blocks double up to max_block so small files stay small and big ones make few calls.
        std::size_t want = blocks_.empty() ? first_block : std::min(blocks_.back().size * 2, max_block);
        want = std::max(want, size + align);
        // no zero-filling: every object is constructed in place
        blocks_.push_back(block{std::make_unique_for_overwrite<std::byte[]>(want), want});
        cur_ = blocks_.back().data.get();
        left_ = want;
        pad = (align - reinterpret_cast<std::uintptr_t>(cur_) % align) % align;
    }
    cur_ += pad;
    void *p = cur_;
    cur_ += size;
    left_ -= pad + size;
    used_ += size;
    return p;
}

std::string_view ast_arena::copy(std::string_view s) {
    if (s.empty()) return {};
    char *p = static_cast<char *>(allocate(s.size(), 1));
    std::memcpy(p, s.data(), s.size());
    return {p, s.size()};
}

namespace ast {

const char *kind_name(node_kind k) noexcept {
    switch (k) {
        case node_kind::bad_expr: return "bad_expr";
        case node_kind::ident: return "ident";
        case node_kind::top_lit: return "top";
        case node_kind::bottom_lit: return "bottom";
        case node_kind::null_lit: return "null";
        case node_kind::bool_lit: return "bool";
        case node_kind::number_lit: return "number";
        case node_kind::string_lit: return "string";
        case node_kind::interpolation: return "interpolation";
        case node_kind::list_lit: return "list";
        case node_kind::struct_lit: return "struct";
        case node_kind::paren_expr: return "paren";
        case node_kind::selector_expr: return "selector";
        case node_kind::index_expr: return "index";
        case node_kind::slice_expr: return "slice";
        case node_kind::call_expr: return "call";
        case node_kind::unary_expr: return "unary";
        case node_kind::binary_expr: return "binary";
        case node_kind::alias_expr: return "alias";
        case node_kind::artifact_ref: return "artifact";
        case node_kind::field: return "field";
        case node_kind::let_decl: return "let";
        case node_kind::embed_decl: return "embed";
        case node_kind::ellipsis: return "ellipsis";
        case node_kind::comprehension: return "comprehension";
        case node_kind::attribute: return "attribute";
        case node_kind::bad_decl: return "bad_decl";
        case node_kind::for_clause: return "for";
        case node_kind::if_clause: return "if";
        case node_kind::let_clause: return "let_clause";
        case node_kind::import_spec: return "import";
        case node_kind::file: return "file";
    }
    return "?";
}

const char *op_text(op o) noexcept {
    switch (o) {
        case op::add: return "+";
        case op::sub: return "-";
        case op::mul: return "*";
        case op::quo: return "/";
        case op::and_: return "&";
        case op::or_: return "|";
        case op::land: return "&&";
        case op::lor: return "||";
        case op::eql: return "==";
        case op::neq: return "!=";
        case op::lss: return "<";
        case op::leq: return "<=";
        case op::gtr: return ">";
        case op::geq: return ">=";
        case op::mat: return "=~";
        case op::nmat: return "!~";
        case op::not_: return "!";
    }
    return "?";
}

int op_precedence(op o) noexcept {
    switch (o) {
        case op::mul:
        case op::quo: return 7;
        case op::add:
        case op::sub: return 6;
        case op::eql:
        case op::neq:
        case op::lss:
        case op::leq:
        case op::gtr:
        case op::geq:
        case op::mat:
        case op::nmat: return 5;
        case op::land: return 4;
        case op::lor: return 3;
        case op::and_: return 2;
        case op::or_: return 1;
        case op::not_: return 0;
    }
    return 0;
}

}  // namespace ast
}  // namespace forge::cue
