// Breaks CUE source into tokens, inserting commas at line ends as the spec's rules say and
// collecting `//` comments into groups. The lexer state is a small value so the parser can look
// ahead by copying it, and can resume a string after an interpolation's closing ')'.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cue/token.hpp"

namespace forge::cue {

struct lexed_comment {
    position pos;
    std::string_view text;  // "// ..." without the newline
    bool own_line;          // no token precedes it on its line
};

struct lex_error {
    position pos;
    std::string message;
};

class lexer {
  public:
    struct state {
        std::uint32_t offset = 0;
        std::uint32_t line = 1;
        std::uint32_t line_start = 0;   // offset of the first byte of the current line
        bool insert_comma = false;      // the previous token may end a line
        bool period_ends_operand = false;  // previous token forbids ".5"-style numbers
        std::uint32_t last_token_line = 0;
    };

    lexer(std::string_view src, file_id file);

    token next();
    // After the parser consumed the ')' closing an interpolation: scans the rest of the string
    // up to the next "\(" (interp_mid) or the closing quote (interp_end).
    token resume_string(const quote_info &q);

    state save() const noexcept { return st_; }
    // Restoring also drops comments and errors recorded after the saved point.
    void restore(const state &s) noexcept;

    position position_at(std::uint32_t offset) const noexcept;
    const std::vector<lexed_comment> &comments() const noexcept { return comments_; }
    const std::vector<lex_error> &errors() const noexcept { return errors_; }

  private:
    token scan();
    token scan_string_from(std::uint32_t start, std::uint32_t body, const quote_info &q, bool first);
    token scan_number(std::uint32_t start);
    token scan_attribute(std::uint32_t start);
    token make(tok k, std::uint32_t start, std::uint32_t end);
    void newline_at(std::uint32_t offset);  // records that a line starts after `offset`
    void error(std::uint32_t offset, std::string msg);
    position pos_of(std::uint32_t offset) const noexcept;

    std::string_view src_;
    file_id file_;
    state st_;
    std::vector<lexed_comment> comments_;
    std::vector<lex_error> errors_;
    // line starts seen so far, for position_at() of offsets behind the current line
    std::vector<std::uint32_t> line_starts_;
};

}  // namespace forge::cue
