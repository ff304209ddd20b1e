// Tokens of CUE source text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "cue/source.hpp"

namespace forge::cue {

enum class tok : std::uint8_t {
    eof,
    illegal,
    comma,  // explicit ',' or inserted at a newline / comment / end of file
    ident,  // includes '_' (top) and '#Def', '_hidden', '_#hd'
    bottom, // _|_
    number,
    string,        // a complete string or bytes literal without interpolation
    interp_begin,  // opening quote .. first "\(": a string with interpolations starts
    interp_mid,    // ")" .. next "\(" (produced by lexer::resume_string)
    interp_end,    // ")" .. closing quote (produced by lexer::resume_string)
    attribute,     // @name(balanced tokens)
    // keywords
    kw_package,
    kw_import,
    kw_for,
    kw_in,
    kw_if,
    kw_let,
    kw_true,
    kw_false,
    kw_null,
    // operators and punctuation
    add, sub, mul, quo,
    and_, or_, land, lor,
    eql, neq, lss, leq, gtr, geq, mat, nmat,
    not_,
    bind,    // =
    colon,   // :
    option,  // ?
    lparen, rparen, lbrack, rbrack, lbrace, rbrace,
    period,   // .
    ellipsis, // ...
};

// Spelling used in error messages: "'}'", "'EOF'", "'IDENT' foo", "newline".
std::string describe_token(tok t, std::string_view text);
const char *token_spelling(tok t) noexcept;

inline bool is_keyword(tok t) noexcept { return t >= tok::kw_package && t <= tok::kw_null; }

// Shape of a string literal, shared by its fragments when it is interpolated.
struct quote_info {
    std::uint8_t hashes = 0;  // '#' padding of raw strings
    bool multiline = false;
    bool bytes = false;  // single quotes
};

struct token {
    tok kind = tok::eof;
    position pos;
    std::string_view text;  // source text; "\n" for a comma inserted at a newline, "" at EOF
    quote_info quote;       // for string and interpolation tokens
};

}  // namespace forge::cue
