// Decoding of CUE literals: numbers (bases, '_', SI/IEC multipliers) and string/bytes bodies
// (escapes, raw-string '#' delimiters, multiline indentation).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "cue/token.hpp"

namespace forge::cue {

struct normalized_number {
    bool is_float = false;
    std::uint8_t base = 10;
    std::string digits;  // see ast::number_lit
};

// `raw` is a number token as the lexer produced it. Returns false with `err` set when the text is
// not a valid number (the lexer already reported most such problems).
bool normalize_number(std::string_view raw, normalized_number &out, std::string &err);

struct decode_error {
    std::size_t offset = 0;  // byte offset into the body that was being decoded
    std::string message;
};

// Splits a string token's text into the opening delimiter, body and closing delimiter.
// For interpolation fragments the "\(" and ")" are part of the delimiters.
std::string_view string_fragment_body(std::string_view text, tok kind, const quote_info &q);

// Multiline strings: drops the newline that follows the opening quote (call after
// split_multiline_tail when the string has a single fragment).
void strip_opening_newline(std::string_view &first_body);

// Multiline strings: the closing line's indentation, taken from the last fragment's body, which
// is trimmed to drop the final newline and that indentation. Returns false when the closing
// quote is not on a line of its own.
bool split_multiline_tail(std::string_view &last_body, std::string_view &indent);

// Decodes one fragment's body and appends it to `out`. `line_start` says the body begins at the
// start of a line (true for the first fragment of a multiline string after its opening newline).
bool decode_string_body(std::string_view body, const quote_info &q, std::string_view indent, bool line_start,
                        std::string &out, decode_error &err);

}  // namespace forge::cue
