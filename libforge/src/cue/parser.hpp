// Parsing CUE source text into an AST (see ast.hpp).
//
// Follows CUE v0.4 where it differs from later versions of the spec: no required fields (`!`),
// list elements need explicit commas (a newline only ends the list), `div mod quo rem` are
// ordinary identifiers (builtin functions), and slices `x[lo:hi]` are parsed. Errors are collected
// (at most one per line, at most max_errors) in CUE's wording: "f.cue:3:7: expected '}', found 'EOF'".
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cue/ast.hpp"
#include "cue/diagnostic.hpp"

namespace forge::cue {

struct parse_options {
    file_id file = 0;                            // stored in every position of this file
    std::uint32_t max_depth = 1000;              // nesting of expressions/structs/lists
    std::size_t max_size = 64u * 1024u * 1024u;  // bytes of source
    std::size_t max_errors = 10;                 // stop after this many syntax errors
};

// Owns the source text, the arena and the tree; string_views in the tree point into both.
class parsed_file {
  public:
    parsed_file(std::string name, std::string source) : name_(std::move(name)), source_(std::move(source)) {}
    parsed_file(const parsed_file &) = delete;
    parsed_file &operator=(const parsed_file &) = delete;

    const std::string &name() const noexcept { return name_; }
    const std::string &source() const noexcept { return source_; }
    ast_arena &arena() noexcept { return arena_; }
    ast::file *root() const noexcept { return root_; }
    void set_root(ast::file *f) noexcept { root_ = f; }

  private:
    std::string name_;
    std::string source_;
    ast_arena arena_;
    ast::file *root_ = nullptr;
};

struct parse_result {
    // Present whenever the input was read, even with syntax errors (then partly bad_expr/bad_decl).
    std::unique_ptr<parsed_file> file;
    std::vector<diagnostic> errors;

    bool ok() const noexcept { return file && errors.empty(); }
};

parse_result parse_file(std::string filename, std::string source, const parse_options &opts = {});

// Parses a single expression (for `cue export -e EXPR` and injected values): the root file holds
// exactly one embed_decl with the expression.
parse_result parse_expr(std::string filename, std::string source, const parse_options &opts = {});

}  // namespace forge::cue
