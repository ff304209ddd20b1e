#include "cue/lexer.hpp"

#include <algorithm>

namespace forge::cue {

namespace {

bool is_ascii_letter(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$'; }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

// Length of the UTF-8 sequence at s[i], or 0 when it is not valid UTF-8.
std::size_t utf8_len(std::string_view s, std::size_t i) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n;
    std::uint32_t cp;
    if (c < 0x80) return 1;
    if ((c & 0xE0) == 0xC0) n = 2, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0) n = 3, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0) n = 4, cp = c & 0x07;
    else return 0;
    if (i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

// Non-ASCII code points count as letters in identifiers (the spec asks for Unicode letters and
// digits; without a Unicode table we accept every non-ASCII code point except the BOM).
bool is_bom_at(std::string_view s, std::size_t i) {
    return i + 3 <= s.size() && static_cast<unsigned char>(s[i]) == 0xEF && static_cast<unsigned char>(s[i + 1]) == 0xBB &&
           static_cast<unsigned char>(s[i + 2]) == 0xBF;
}

// Length of the identifier character at s[i] (letter, digit or non-ASCII), 0 if none.
std::size_t ident_char_len(std::string_view s, std::size_t i) {
    if (i >= s.size()) return 0;
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return is_ascii_letter(c) || is_digit(c) ? 1 : 0;
    if (is_bom_at(s, i)) return 0;
    return utf8_len(s, i);
}

std::size_t ident_start_len(std::string_view s, std::size_t i) {
    if (i >= s.size() || is_digit(static_cast<unsigned char>(s[i]))) return 0;
    return ident_char_len(s, i);
}

struct keyword_entry {
    std::string_view text;
    tok kind;
};
constexpr keyword_entry keywords[] = {
    {"package", tok::kw_package}, {"import", tok::kw_import}, {"for", tok::kw_for},
    {"in", tok::kw_in},           {"if", tok::kw_if},         {"let", tok::kw_let},
    {"true", tok::kw_true},       {"false", tok::kw_false},   {"null", tok::kw_null},
};

// Tokens after which a newline inserts a comma (spec "Commas").
bool ends_line(tok k) {
    switch (k) {
        case tok::ident:
        case tok::bottom:
        case tok::number:
        case tok::string:
        case tok::interp_end:
        case tok::attribute:
        case tok::rparen:
        case tok::rbrack:
        case tok::rbrace:
        case tok::option:
        case tok::ellipsis:
            return true;
        default:
            return is_keyword(k);
    }
}

}  // namespace

const char *token_spelling(tok t) noexcept {
    switch (t) {
        case tok::eof: return "EOF";
        case tok::illegal: return "ILLEGAL";
        case tok::comma: return ",";
        case tok::ident: return "IDENT";
        case tok::bottom: return "_|_";
        case tok::number: return "NUMBER";
        case tok::string: return "STRING";
        case tok::interp_begin:
        case tok::interp_mid:
        case tok::interp_end: return "INTERPOLATION";
        case tok::attribute: return "ATTRIBUTE";
        case tok::kw_package: return "package";
        case tok::kw_import: return "import";
        case tok::kw_for: return "for";
        case tok::kw_in: return "in";
        case tok::kw_if: return "if";
        case tok::kw_let: return "let";
        case tok::kw_true: return "true";
        case tok::kw_false: return "false";
        case tok::kw_null: return "null";
        case tok::add: return "+";
        case tok::sub: return "-";
        case tok::mul: return "*";
        case tok::quo: return "/";
        case tok::and_: return "&";
        case tok::or_: return "|";
        case tok::land: return "&&";
        case tok::lor: return "||";
        case tok::eql: return "==";
        case tok::neq: return "!=";
        case tok::lss: return "<";
        case tok::leq: return "<=";
        case tok::gtr: return ">";
        case tok::geq: return ">=";
        case tok::mat: return "=~";
        case tok::nmat: return "!~";
        case tok::not_: return "!";
        case tok::bind: return "=";
        case tok::colon: return ":";
        case tok::option: return "?";
        case tok::lparen: return "(";
        case tok::rparen: return ")";
        case tok::lbrack: return "[";
        case tok::rbrack: return "]";
        case tok::lbrace: return "{";
        case tok::rbrace: return "}";
        case tok::period: return ".";
        case tok::ellipsis: return "...";
    }
    return "?";
}

std::string describe_token(tok t, std::string_view text) {
    if (t == tok::comma && text == "\n") return "newline";
    std::string out = "'";
    out += token_spelling(t);
    out += "'";
    bool literal = t == tok::ident || t == tok::number || t == tok::string || t == tok::interp_begin ||
                   t == tok::interp_mid || t == tok::interp_end || t == tok::attribute || t == tok::illegal;
    if (literal && !text.empty()) {
        out += ' ';
        // Keep messages short and on one line even for long literals.
        std::string_view shown = text.substr(0, 40);
        for (char c : shown) out += (c == '\n' ? ' ' : c);
        if (text.size() > shown.size()) out += "...";
    }
    return out;
}

lexer::lexer(std::string_view src, file_id file) : src_(src), file_(file) {
    line_starts_.push_back(0);
    if (is_bom_at(src_, 0)) {
        st_.offset = 3;
        st_.line_start = 0;
    }
}

void lexer::restore(const state &s) noexcept {
    st_ = s;
    while (!comments_.empty() && comments_.back().pos.offset >= s.offset) comments_.pop_back();
    while (!errors_.empty() && errors_.back().pos.offset >= s.offset) errors_.pop_back();
}

void lexer::newline_at(std::uint32_t offset) {
    st_.line++;
    st_.line_start = offset + 1;
    if (line_starts_.back() < offset + 1) line_starts_.push_back(offset + 1);
}

position lexer::pos_of(std::uint32_t offset) const noexcept {
    return position{file_, st_.line, offset - st_.line_start + 1, offset};
}

position lexer::position_at(std::uint32_t offset) const noexcept {
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    std::uint32_t line = static_cast<std::uint32_t>(it - line_starts_.begin());
    std::uint32_t start = line_starts_[line - 1];
    return position{file_, line, offset - start + 1, offset};
}

void lexer::error(std::uint32_t offset, std::string msg) {
    errors_.push_back(lex_error{position_at(offset), std::move(msg)});
}

token lexer::make(tok k, std::uint32_t start, std::uint32_t end) {
    token t;
    t.kind = k;
    // tokens spanning lines (attributes) need the line table; the rest start on the current line
    t.pos = start >= st_.line_start ? pos_of(start) : position_at(start);
    t.text = src_.substr(start, end - start);
    st_.offset = end;
    return t;
}

token lexer::next() {
    token t = scan();
    if (t.kind != tok::comma && t.kind != tok::eof) {
        st_.insert_comma = ends_line(t.kind);
        st_.period_ends_operand = ends_line(t.kind) || t.kind == tok::period;
        st_.last_token_line = t.pos.line;
    } else {
        st_.insert_comma = false;
        st_.period_ends_operand = false;
    }
    return t;
}

token lexer::scan() {
    const std::uint32_t n = static_cast<std::uint32_t>(src_.size());
    for (;;) {
        std::uint32_t i = st_.offset;
        if (i >= n) {
            if (st_.insert_comma) {
                token t;
                t.kind = tok::comma;
                t.pos = pos_of(n);
                t.text = "\n";  // end of file ends the line
                return t;
            }
            token t;
            t.kind = tok::eof;
            t.pos = pos_of(n);
            return t;
        }
        char c = src_[i];
        if (c == ' ' || c == '\t' || c == '\r') {
            st_.offset++;
            continue;
        }
        if (c == '\n') {
            if (st_.insert_comma) {
                token t;
                t.kind = tok::comma;
                t.pos = pos_of(i);
                t.text = "\n";
                st_.offset = i + 1;
                newline_at(i);
                return t;
            }
            st_.offset = i + 1;
            newline_at(i);
            continue;
        }
        if (c == '/' && i + 1 < n && src_[i + 1] == '/') {
            // A comment acts like a newline: emit the pending comma first, then read the comment.
            if (st_.insert_comma) {
                token t;
                t.kind = tok::comma;
                t.pos = pos_of(i);
                t.text = "\n";
                return t;
            }
            std::uint32_t e = i;
            while (e < n && src_[e] != '\n') ++e;
            std::string_view text = src_.substr(i, e - i);
            if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
            comments_.push_back(lexed_comment{pos_of(i), text, st_.last_token_line != st_.line});
            st_.offset = e;
            continue;
        }
        break;
    }

    const std::uint32_t start = st_.offset;
    const auto uc = static_cast<unsigned char>(src_[start]);
    auto at = [&](std::uint32_t k) -> char { return k < n ? src_[k] : '\0'; };

    // Raw strings, definitions.
    if (uc == '#') {
        std::uint32_t k = start;
        while (at(k) == '#') ++k;
        std::uint8_t hashes = static_cast<std::uint8_t>(std::min<std::uint32_t>(k - start, 255));
        if (at(k) == '"' || at(k) == '\'') {
            quote_info q;
            q.hashes = hashes;
            q.bytes = at(k) == '\'';
            char qc = at(k);
            std::uint32_t body = k + 1;
            if (at(k + 1) == qc && at(k + 2) == qc) {
                q.multiline = true;
                body = k + 3;
            }
            return scan_string_from(start, body, q, true);
        }
        if (k - start == 1 && ident_start_len(src_, k) > 0) {
            std::uint32_t e = k;
            while (std::size_t l = ident_char_len(src_, e)) e += static_cast<std::uint32_t>(l);
            return make(tok::ident, start, e);
        }
        error(start, "illegal character '#'");
        return make(tok::illegal, start, k);
    }
    if (uc == '_' && at(start + 1) == '|' && at(start + 2) == '_') return make(tok::bottom, start, start + 3);
    if (uc == '_' && at(start + 1) == '#') {
        if (ident_start_len(src_, start + 2) > 0) {
            std::uint32_t e = start + 2;
            while (std::size_t l = ident_char_len(src_, e)) e += static_cast<std::uint32_t>(l);
            return make(tok::ident, start, e);
        }
        error(start + 1, "illegal character '#'");
        return make(tok::illegal, start, start + 2);
    }
    if (ident_start_len(src_, start) > 0) {
        std::uint32_t e = start;
        while (std::size_t l = ident_char_len(src_, e)) e += static_cast<std::uint32_t>(l);
        token t = make(tok::ident, start, e);
        for (const auto &kw : keywords)
            if (kw.text == t.text) t.kind = kw.kind;
        return t;
    }
    if (is_digit(uc) || (uc == '.' && is_digit(static_cast<unsigned char>(at(start + 1))) && !st_.period_ends_operand))
        return scan_number(start);
    if (uc == '"' || uc == '\'') {
        quote_info q;
        q.bytes = uc == '\'';
        std::uint32_t body = start + 1;
        if (at(start + 1) == src_[start] && at(start + 2) == src_[start]) {
            q.multiline = true;
            body = start + 3;
        }
        return scan_string_from(start, body, q, true);
    }
    if (uc == '@') return scan_attribute(start);

    auto two = [&](char second, tok yes, tok no) {
        if (at(start + 1) == second) return make(yes, start, start + 2);
        return make(no, start, start + 1);
    };
    switch (uc) {
        case '+': return make(tok::add, start, start + 1);
        case '-': return make(tok::sub, start, start + 1);
        case '*': return make(tok::mul, start, start + 1);
        case '/': return make(tok::quo, start, start + 1);
        case '&': return two('&', tok::land, tok::and_);
        case '|': return two('|', tok::lor, tok::or_);
        case '<': return two('=', tok::leq, tok::lss);
        case '>': return two('=', tok::geq, tok::gtr);
        case '!':
            if (at(start + 1) == '~') return make(tok::nmat, start, start + 2);
            return two('=', tok::neq, tok::not_);
        case '=':
            if (at(start + 1) == '~') return make(tok::mat, start, start + 2);
            return two('=', tok::eql, tok::bind);
        case ':': return make(tok::colon, start, start + 1);
        case '?': return make(tok::option, start, start + 1);
        case ',': return make(tok::comma, start, start + 1);
        case '(': return make(tok::lparen, start, start + 1);
        case ')': return make(tok::rparen, start, start + 1);
        case '[': return make(tok::lbrack, start, start + 1);
        case ']': return make(tok::rbrack, start, start + 1);
        case '{': return make(tok::lbrace, start, start + 1);
        case '}': return make(tok::rbrace, start, start + 1);
        case '.':
            if (at(start + 1) == '.' && at(start + 2) == '.') return make(tok::ellipsis, start, start + 3);
            return make(tok::period, start, start + 1);
        default: break;
    }
    std::size_t len = utf8_len(src_, start);
    if (len == 0) {
        error(start, "invalid UTF-8 encoding");
        return make(tok::illegal, start, start + 1);
    }
    std::string shown = uc == 0 ? std::string("NUL") : "'" + std::string(src_.substr(start, len)) + "'";
    error(start, "illegal character " + shown);
    return make(tok::illegal, start, start + static_cast<std::uint32_t>(len));
}

token lexer::resume_string(const quote_info &q) {
    // the fragment's text starts with the ')' that closed the interpolation
    std::uint32_t start = st_.offset > 0 ? st_.offset - 1 : 0;
    token t = scan_string_from(start, st_.offset, q, false);
    st_.insert_comma = st_.period_ends_operand = t.kind == tok::interp_end;
    st_.last_token_line = st_.line;
    return t;
}

// Scans string text from `body` to the closing quote or the next interpolation "\(".
// Escapes are only skipped here; the parser decodes and validates them.
token lexer::scan_string_from(std::uint32_t start, std::uint32_t body, const quote_info &q, bool first) {
    const std::uint32_t n = static_cast<std::uint32_t>(src_.size());
    const char qc = q.bytes ? '\'' : '"';
    auto at = [&](std::uint32_t k) -> char { return k < n ? src_[k] : '\0'; };
    const position start_pos = start >= st_.line_start ? pos_of(start) : position_at(start);
    auto finish = [&](tok k, std::uint32_t end) {
        token t;
        t.kind = k;
        t.pos = start_pos;
        t.text = src_.substr(start, end - start);
        t.quote = q;
        st_.offset = end;
        return t;
    };
    std::uint32_t i = body;
    if (first && q.multiline) {
        std::uint32_t k = i;
        if (at(k) == '\r') ++k;
        if (at(k) != '\n') {
            error(i, "expected newline after multiline quote");
        }
    }
    while (true) {
        if (i >= n) {
            error(start, first ? "string literal not terminated" : "interpolated string not terminated");
            return finish(tok::illegal, n);
        }
        char c = src_[i];
        if (c == '\n') {
            if (!q.multiline) {
                error(start, first ? "string literal not terminated" : "interpolated string not terminated");
                return finish(tok::illegal, i);
            }
            newline_at(i);
            ++i;
            continue;
        }
        if (c == qc) {
            std::uint32_t k = i + 1;
            if (q.multiline) {
                if (at(i + 1) != qc || at(i + 2) != qc) {
                    ++i;
                    continue;
                }
                k = i + 3;
            }
            std::uint32_t h = 0;
            while (h < q.hashes && at(k + h) == '#') ++h;
            if (h == q.hashes) return finish(first ? tok::string : tok::interp_end, k + h);
            ++i;
            continue;
        }
        if (c == '\\') {
            std::uint32_t h = 0;
            while (h < q.hashes && at(i + 1 + h) == '#') ++h;
            if (h < q.hashes) {  // not an escape in this raw string
                ++i;
                continue;
            }
            std::uint32_t k = i + 1 + h;
            if (at(k) == '(') return finish(first ? tok::interp_begin : tok::interp_mid, k + 1);
            if (k >= n) {
                i = k;
                continue;
            }
            if (src_[k] == '\n') newline_at(k);
            i = k + 1;
            continue;
        }
        ++i;
    }
}

token lexer::scan_number(std::uint32_t start) {
    const std::uint32_t n = static_cast<std::uint32_t>(src_.size());
    auto at = [&](std::uint32_t k) -> char { return k < n ? src_[k] : '\0'; };
    std::uint32_t i = start;
    bool bad_underscore = false;
    // digits of a base with single '_' separators between digits
    auto digits = [&](auto is_base_digit) {
        std::uint32_t count = 0;
        while (true) {
            char c = at(i);
            if (is_base_digit(c)) {
                ++i, ++count;
            } else if (c == '_' && count > 0 && is_base_digit(at(i + 1))) {
                ++i;
            } else if (c == '_') {
                bad_underscore = true;
                ++i;
            } else {
                break;
            }
        }
        return count;
    };
    auto dec = [](char c) { return c >= '0' && c <= '9'; };
    auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); };
    auto oct = [](char c) { return c >= '0' && c <= '7'; };
    auto bin = [](char c) { return c == '0' || c == '1'; };

    if (at(i) == '0' && (at(i + 1) == 'x' || at(i + 1) == 'X' || at(i + 1) == 'o' || at(i + 1) == 'b')) {
        char p = at(i + 1);
        i += 2;
        std::uint32_t count = p == 'o' ? digits(oct) : p == 'b' ? digits(bin) : digits(hex);
        if (count == 0) error(start, "illegal number: no digits after base prefix");
        else if (bad_underscore) error(start, "'_' must separate successive digits");
        // digits of a larger base right after, as in 0b102 or 0o78
        if (dec(at(i))) error(i, "illegal digit in number");
        return make(tok::number, start, i);
    }
    std::uint32_t int_digits = 0;
    bool is_float = false, has_mult = false;
    if (at(i) != '.') int_digits = digits(dec);
    if (at(i) == '.' && at(i + 1) != '.') {
        is_float = true;
        ++i;
        digits(dec);
    }
    char e = at(i);
    if (e == 'e' || e == 'E') {
        std::uint32_t k = i + 1;
        if (at(k) == '+' || at(k) == '-') ++k;
        if (dec(at(k))) {
            i = k;
            digits(dec);
            is_float = true;
        } else {
            error(i, "exponent has no digits");
            i = k;
        }
    } else if (e == 'K' || e == 'M' || e == 'G' || e == 'T' || e == 'P') {
        ++i;
        if (at(i) == 'i') ++i;
        has_mult = true;
    }
    if (bad_underscore) error(start, "'_' must separate successive digits");
    if (!is_float && !has_mult && int_digits > 1 && src_[start] == '0')
        error(start, "illegal integer number " + std::string(src_.substr(start, i - start)) +
                         ": leading zeros are not allowed");
    return make(tok::number, start, i);
}

token lexer::scan_attribute(std::uint32_t start) {
    const std::uint32_t n = static_cast<std::uint32_t>(src_.size());
    auto at = [&](std::uint32_t k) -> char { return k < n ? src_[k] : '\0'; };
    std::uint32_t i = start + 1;
    if (at(i) == '#' || (at(i) == '_' && at(i + 1) == '#')) i += at(i) == '#' ? 1 : 2;
    std::uint32_t name_start = i;
    while (std::size_t l = ident_char_len(src_, i)) i += static_cast<std::uint32_t>(l);
    if (i == name_start) {
        error(start, "invalid attribute: expected identifier after '@'");
        return make(tok::illegal, start, start + 1);
    }
    if (at(i) != '(') {
        error(i, "invalid attribute: expected '('");
        return make(tok::illegal, start, i);
    }
    // Balanced (), [] and {} with quoted strings skipped.
    std::vector<char> closers{')'};
    ++i;
    while (!closers.empty()) {
        if (i >= n) {
            error(start, "attribute missing closing ')'");
            return make(tok::illegal, start, n);
        }
        char c = src_[i];
        if (c == '\n') newline_at(i);
        if (c == '(') closers.push_back(')');
        else if (c == '[') closers.push_back(']');
        else if (c == '{') closers.push_back('}');
        else if (c == ')' || c == ']' || c == '}') {
            if (c != closers.back()) {
                error(i, std::string("unbalanced '") + c + "' in attribute");
                return make(tok::illegal, start, i + 1);
            }
            closers.pop_back();
        } else if (c == '"' || c == '\'') {
            std::uint32_t k = i + 1;
            while (k < n && src_[k] != c && src_[k] != '\n') k += src_[k] == '\\' ? 2 : 1;
            if (k >= n || src_[k] != c) {
                error(i, "string literal not terminated in attribute");
                return make(tok::illegal, start, std::min(k, n));
            }
            i = k;
        }
        ++i;
    }
    return make(tok::attribute, start, i);
}

}  // namespace forge::cue
