#include "cue/literal.hpp"

#include <algorithm>

#include "core/utf8.hpp"

namespace forge::cue {

namespace {

std::string strip_leading_zeros(std::string s) {
    std::size_t k = 0;
    while (k + 1 < s.size() && s[k] == '0') ++k;
    s.erase(0, k);
    if (s.empty()) s = "0";
    return s;
}

// Multiplies a decimal digit string in place by a small factor.
void multiply_decimal(std::string &digits, unsigned factor) {
    unsigned carry = 0;
    for (std::size_t i = digits.size(); i-- > 0;) {
        unsigned v = static_cast<unsigned>(digits[i] - '0') * factor + carry;
        digits[i] = static_cast<char>('0' + v % 10);
        carry = v / 10;
    }
    std::string prefix;
    while (carry) {
        prefix.insert(prefix.begin(), static_cast<char>('0' + carry % 10));
        carry /= 10;
    }
    digits.insert(0, prefix);
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
// Length of a valid UTF-8 sequence at s[i], 0 if invalid.
std::size_t valid_utf8_len(std::string_view s, std::size_t i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return 1;
    std::size_t n;
    std::uint32_t cp;
    if ((c & 0xE0) == 0xC0)
        n = 2, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0)
        n = 3, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0)
        n = 4, cp = c & 0x07;
    else
        return 0;
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

}  // namespace

bool normalize_number(std::string_view raw, normalized_number &out, std::string &err) {
    std::string s;
    s.reserve(raw.size());
    for (char c : raw)
        if (c != '_') s += c;
    out = normalized_number{};
    if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X' || s[1] == 'o' || s[1] == 'b')) {
        out.base = s[1] == 'o' ? 8 : s[1] == 'b' ? 2 : 16;
        out.digits = s.substr(2);
        if (out.digits.empty()) {
            err = "illegal number " + std::string(raw);
            return false;
        }
        out.digits = strip_leading_zeros(out.digits);
        return true;
    }
    // Multiplier suffix: K M G T P, optionally followed by i.
    int mult_power = 0;
    bool binary = false;
    if (!s.empty() && s.back() == 'i') {
        binary = true;
        s.pop_back();
    }
    if (!s.empty()) {
        static constexpr std::string_view units = "KMGTP";
        auto u = units.find(s.back());
        if (u != std::string_view::npos) {
            mult_power = static_cast<int>(u) + 1;
            s.pop_back();
        }
    }
    if (binary && mult_power == 0) {
        err = "illegal number " + std::string(raw);
        return false;
    }
    std::size_t dot = s.find('.');
    std::size_t exp = s.find_first_of("eE");
    std::string int_part = s.substr(0, std::min(dot, exp));
    std::string frac_part;
    if (dot != std::string::npos) frac_part = s.substr(dot + 1, (exp == std::string::npos ? s.size() : exp) - dot - 1);
    std::string exp_part = exp == std::string::npos ? std::string() : s.substr(exp + 1);

    if (mult_power > 0) {
        if (!exp_part.empty()) {
            err = "illegal number " + std::string(raw);
            return false;
        }
        // value = int.frac * multiplier, truncated towards zero; computed exactly on digit strings.
        std::string d = int_part + frac_part;
        std::size_t scale = frac_part.size();
        if (d.empty()) d = "0";
        if (binary) {
            for (int k = 0; k < mult_power; ++k) multiply_decimal(d, 1024);
        } else {
            std::size_t zeros = static_cast<std::size_t>(3 * mult_power);
            std::size_t cancel = std::min(zeros, scale);
            zeros -= cancel;
            scale -= cancel;
            d.append(zeros, '0');
        }
        if (scale >= d.size())
            d = "0";
        else
            d.resize(d.size() - scale);
        out.digits = strip_leading_zeros(d);
        return true;
    }
    if (dot == std::string::npos && exp == std::string::npos) {
        out.digits = strip_leading_zeros(int_part);
        return true;
    }
    out.is_float = true;
    std::string f = int_part.empty() ? "0" : strip_leading_zeros(int_part);
    f += '.';
    f += frac_part.empty() ? "0" : frac_part;
    if (!exp_part.empty()) {
        bool neg = exp_part[0] == '-';
        if (exp_part[0] == '+' || exp_part[0] == '-') exp_part.erase(0, 1);
        if (exp_part.empty()) {
            err = "illegal number " + std::string(raw);
            return false;
        }
        f += neg ? "e-" : "e";
        f += strip_leading_zeros(exp_part);
    }
    out.digits = std::move(f);
    return true;
}

std::string_view string_fragment_body(std::string_view text, tok kind, const quote_info &q) {
    std::size_t quotes = q.multiline ? 3 : 1;
    std::size_t open = (kind == tok::string || kind == tok::interp_begin) ? q.hashes + quotes : 1;  // or ')'
    std::size_t close =
        (kind == tok::string || kind == tok::interp_end) ? q.hashes + quotes : 1 + q.hashes + 1;  // "\" "#"* "("
    if (open + close > text.size()) return {};
    return text.substr(open, text.size() - open - close);
}

void strip_opening_newline(std::string_view &first_body) {
    if (!first_body.empty() && first_body[0] == '\r') first_body.remove_prefix(1);
    if (!first_body.empty() && first_body[0] == '\n') first_body.remove_prefix(1);
}

bool split_multiline_tail(std::string_view &last_body, std::string_view &indent) {
    std::size_t nl = last_body.rfind('\n');
    if (nl == std::string_view::npos) return false;
    std::string_view ws = last_body.substr(nl + 1);
    for (char c : ws)
        if (c != ' ' && c != '\t') return false;
    indent = ws;
    std::size_t cut = nl;
    if (cut > 0 && last_body[cut - 1] == '\r') --cut;
    last_body = last_body.substr(0, cut);
    return true;
}

bool decode_string_body(std::string_view body, const quote_info &q, std::string_view indent, bool line_start,
                        std::string &out, decode_error &err) {
    const char qc = q.bytes ? '\'' : '"';
    std::size_t i = 0;
    const std::size_t n = body.size();
    auto fail = [&](std::size_t at, std::string msg) {
        err.offset = at;
        err.message = std::move(msg);
        return false;
    };
    // At the start of each line of a multiline string the closing line's indentation is removed.
    auto strip_indent = [&]() -> bool {
        if (!q.multiline) return true;
        if (body.compare(i, indent.size(), indent) == 0 && i + indent.size() <= n) {
            i += indent.size();
            return true;
        }
        // whitespace-only lines may be shorter than the indentation
        std::size_t k = i;
        while (k < n && (body[k] == ' ' || body[k] == '\t')) ++k;
        if (k == n || body[k] == '\n' || body[k] == '\r') {
            i = k;
            return true;
        }
        return fail(i, "invalid whitespace in multiline string: lines must start with the closing quote's indentation");
    };
    if (line_start && !strip_indent()) return false;
    while (i < n) {
        char c = body[i];
        if (c == '\r') {
            ++i;
            continue;
        }
        if (c == '\n') {
            out += '\n';
            ++i;
            if (i < n && !strip_indent()) return false;
            continue;
        }
        if (c != '\\') {
            std::size_t len = valid_utf8_len(body, i);
            if (len == 0) {
                if (!q.bytes) return fail(i, "invalid UTF-8 encoding in string literal");
                len = 1;
            }
            out.append(body.substr(i, len));
            i += len;
            continue;
        }
        std::size_t h = 0;
        while (h < q.hashes && i + 1 + h < n && body[i + 1 + h] == '#') ++h;
        if (h < q.hashes) {  // a plain backslash inside a raw string
            out += '\\';
            ++i;
            continue;
        }
        std::size_t k = i + 1 + h;
        if (k >= n) return fail(i, "escape sequence not terminated");
        char e = body[k];
        std::size_t esc_start = i;
        i = k + 1;
        switch (e) {
            case 'a':
                out += '\a';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'v':
                out += '\v';
                break;
            case '/':
                out += '/';
                break;
            case '\\':
                out += '\\';
                break;
            case '\r':
            case '\n':
                // line continuation: the newline is elided, the next line's indentation too
                if (e == '\r' && i < n && body[i] == '\n') ++i;
                if (i < n && !strip_indent()) return false;
                break;
            case 'u':
            case 'U': {
                std::size_t digits = e == 'u' ? 4 : 8;
                if (i + digits > n) return fail(esc_start, "escape sequence not terminated");
                std::uint32_t cp = 0;
                for (std::size_t d = 0; d < digits; ++d) {
                    int v = hex_value(body[i + d]);
                    if (v < 0) return fail(i + d, "illegal character in escape sequence");
                    cp = cp * 16 + static_cast<std::uint32_t>(v);
                }
                i += digits;
                if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                    return fail(esc_start, "escape sequence is invalid Unicode code point");
                append_utf8(out, cp);
                break;
            }
            case 'x': {
                if (!q.bytes) return fail(esc_start, "hexadecimal escapes are only allowed in bytes literals");
                if (i + 2 > n) return fail(esc_start, "escape sequence not terminated");
                int hi = hex_value(body[i]), lo = hex_value(body[i + 1]);
                if (hi < 0 || lo < 0) return fail(i, "illegal character in escape sequence");
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
                break;
            }
            default:
                if (e == qc) {
                    out += e;
                    break;
                }
                if (e >= '0' && e <= '7') {
                    if (!q.bytes) return fail(esc_start, "octal escapes are only allowed in bytes literals");
                    if (k + 3 > n) return fail(esc_start, "escape sequence not terminated");
                    unsigned v = 0;
                    for (std::size_t d = 0; d < 3; ++d) {
                        char o = body[k + d];
                        if (o < '0' || o > '7') return fail(k + d, "illegal character in escape sequence");
                        v = v * 8 + static_cast<unsigned>(o - '0');
                    }
                    if (v > 255) return fail(esc_start, "octal escape value > 255");
                    out += static_cast<char>(v);
                    i = k + 3;
                    break;
                }
                return fail(esc_start, "unknown escape sequence");
        }
    }
    return true;
}

}  // namespace forge::cue
