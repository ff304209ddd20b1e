// strconv: Go's strconv as CUE v0.4 exposes it (no Itoa or CanBackquote there). Error texts are Go's
// ("strconv.ParseInt: parsing \"300\": value out of range"). Printability of non-ASCII runes follows
// Unicode's broad classes: C1 controls, U+00AD and the surrogate/private/non-character ranges are
// not printable; every other rune from U+00A0 on is (spaces other than U+0020 are graphic only).
#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/utf8.hpp"
#include "cue/parser.hpp"
#include "cue/pkg_support.hpp"

namespace forge::cue {
namespace {

using args = std::span<const value *const>;

// ---------------------------------------------------------------- integers

const value *syntax_error(evaluator &ev, position pos, const char *fn, const std::string &s, const char *what) {
    return call_error(ev, pos, std::string("strconv.") + fn,
                      std::string("strconv.") + fn + ": parsing " + go_quote(s) + ": " + what);
}

// Go's ParseUint on the digits after any sign. Returns "" on success, else the error kind.
std::string parse_digits(std::string_view s, int base, int bits, unsigned __int128 *out) {
    if (s.empty()) return "invalid syntax";
    bool base0 = base == 0;
    if (base0) {
        base = 10;
        if (s[0] == '0') {
            if (s.size() >= 3 && (s[1] == 'x' || s[1] == 'X'))
                base = 16, s.remove_prefix(2);
            else if (s.size() >= 3 && (s[1] == 'o' || s[1] == 'O'))
                base = 8, s.remove_prefix(2);
            else if (s.size() >= 3 && (s[1] == 'b' || s[1] == 'B'))
                base = 2, s.remove_prefix(2);
            else
                base = 8, s.remove_prefix(1);
            if (s.empty() && base == 8) {
                *out = 0;
                return "";
            }
        }
    } else if (base < 2 || base > 36) {
        return "invalid base " + std::to_string(base);
    }
    if (bits == 0) bits = 64;
    if (bits < 0 || bits > 64) return "invalid bit size " + std::to_string(bits);
    unsigned __int128 n = 0, max = (static_cast<unsigned __int128>(1) << bits) - 1;
    bool range = false, any = false;
    char prev = '_';
    for (char c : s) {
        if (c == '_' && base0) {
            if (prev == '_') return "invalid syntax";
            prev = c;
            continue;
        }
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'z' ? c - 'a' + 10
                : c >= 'A' && c <= 'Z' ? c - 'A' + 10
                                       : 99;
        if (d >= base) return "invalid syntax";
        any = true;
        prev = c;
        if (!range) {
            n = n * static_cast<unsigned>(base) + static_cast<unsigned>(d);
            if (n > max) range = true;
        }
    }
    if (!any || prev == '_') return "invalid syntax";
    if (range) return "value out of range";
    *out = n;
    return "";
}

const value *parse_int(evaluator &ev, position pos, const char *fn, const std::string &s, int64_t base, int64_t bits) {
    std::string_view d = s;
    bool neg = false;
    if (!d.empty() && (d[0] == '+' || d[0] == '-')) {
        neg = d[0] == '-';
        d.remove_prefix(1);
    }
    if (bits == 0) bits = 64;
    unsigned __int128 n = 0;
    std::string err = parse_digits(d, static_cast<int>(base), static_cast<int>(bits), &n);
    if (!err.empty() && err != "value out of range") return syntax_error(ev, pos, fn, s, err.c_str());
    unsigned __int128 cutoff = static_cast<unsigned __int128>(1) << (bits - 1);
    if (!err.empty() || (neg ? n > cutoff : n >= cutoff)) return syntax_error(ev, pos, fn, s, "value out of range");
    int64_t v = neg ? static_cast<int64_t>(-static_cast<__int128>(n)) : static_cast<int64_t>(n);
    return ev.make_int(v, pos);
}

const value *fn_atoi(evaluator &ev, args a, position pos) {
    std::string s;
    if (auto *e = arg_string(ev, a[0], &s, pos)) return e;
    return parse_int(ev, pos, "Atoi", s, 10, 64);
}

const value *fn_parse_int(evaluator &ev, args a, position pos) {
    std::string s;
    int64_t base = 0, bits = 0;
    if (auto *e = arg_string(ev, a[0], &s, pos)) return e;
    if (auto *e = arg_int(ev, a[1], &base, pos)) return e;
    if (auto *e = arg_int(ev, a[2], &bits, pos)) return e;
    if (bits < 0 || bits > 64)
        return syntax_error(ev, pos, "ParseInt", s, ("invalid bit size " + std::to_string(bits)).c_str());
    return parse_int(ev, pos, "ParseInt", s, base, bits);
}

const value *fn_parse_uint(evaluator &ev, args a, position pos) {
    std::string s;
    int64_t base = 0, bits = 0;
    if (auto *e = arg_string(ev, a[0], &s, pos)) return e;
    if (auto *e = arg_int(ev, a[1], &base, pos)) return e;
    if (auto *e = arg_int(ev, a[2], &bits, pos)) return e;
    unsigned __int128 n = 0;
    std::string err = parse_digits(s, static_cast<int>(base), static_cast<int>(bits), &n);
    if (!err.empty()) return syntax_error(ev, pos, "ParseUint", s, err.c_str());
    return ev.make_num(number::from_int(bigint::from_uint64(static_cast<uint64_t>(n))), pos);
}

std::string format_uint(unsigned __int128 n, int base, bool neg) {
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    std::string out;
    do {
        out.insert(out.begin(), digits[static_cast<int>(n % static_cast<unsigned>(base))]);
        n /= static_cast<unsigned>(base);
    } while (n);
    return neg ? "-" + out : out;
}

const value *fn_format_int(evaluator &ev, args a, position pos) {
    int64_t i = 0, base = 0;
    if (auto *e = arg_int(ev, a[0], &i, pos)) return e;
    if (auto *e = arg_int(ev, a[1], &base, pos)) return e;
    if (base < 2 || base > 36)
        return call_error(ev, pos, "strconv.FormatInt", "strconv: illegal AppendInt/FormatInt base");
    unsigned __int128 m =
        i < 0 ? static_cast<unsigned __int128>(-static_cast<__int128>(i)) : static_cast<unsigned __int128>(i);
    return ev.make_str(format_uint(m, static_cast<int>(base), i < 0), pos);
}

const value *fn_format_uint(evaluator &ev, args a, position pos) {
    const value *n = nullptr;
    int64_t base = 0;
    if (auto *e = arg_number(ev, a[0], &n, pos)) return e;
    if (auto *e = arg_int(ev, a[1], &base, pos)) return e;
    const bigint &c = n->num.coefficient();
    if (!n->num.is_int() || n->num.exponent() != 0 || c.sign() < 0 || compare(c, bigint::from_uint64(UINT64_MAX)) > 0)
        return ev.error(err_code::eval, pos,
                        "cannot use " + ev.str(n) + " (type " + kind_name(n->mask) +
                            ") as uint64 in argument 0 to strconv.FormatUint");
    if (base < 2 || base > 36)
        return call_error(ev, pos, "strconv.FormatUint", "strconv: illegal AppendInt/FormatInt base");
    unsigned __int128 m = 0;
    for (char d : c.to_string()) m = m * 10 + static_cast<unsigned>(d - '0');
    return ev.make_str(format_uint(m, static_cast<int>(base), false), pos);
}

// ---------------------------------------------------------------- bools

const value *fn_parse_bool(evaluator &ev, args a, position pos) {
    std::string s;
    if (auto *e = arg_string(ev, a[0], &s, pos)) return e;
    for (const char *t : {"1", "t", "T", "true", "TRUE", "True"})
        if (s == t) return ev.bool_value(true);
    for (const char *f : {"0", "f", "F", "false", "FALSE", "False"})
        if (s == f) return ev.bool_value(false);
    return syntax_error(ev, pos, "ParseBool", s, "invalid syntax");
}

const value *fn_format_bool(evaluator &ev, args a, position pos) {
    bool b = false;
    if (auto *e = arg_bool(ev, a[0], &b, pos)) return e;
    return ev.make_str(b ? "true" : "false", pos);
}

// ---------------------------------------------------------------- floats

// Shortest digits and decimal exponent of d (d == 0.digits x 10^dp), for float32 or float64.
void shortest(double d, int bits, std::string *digits, int *dp) {
    char buf[64];
    auto r = bits == 32 ? std::to_chars(buf, buf + sizeof buf, static_cast<float>(d), std::chars_format::scientific)
                        : std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string_view s(buf, static_cast<size_t>(r.ptr - buf));
    if (!s.empty() && s[0] == '-') s.remove_prefix(1);
    size_t e = s.find('e');
    digits->clear();
    for (char c : s.substr(0, e))
        if (c != '.') digits->push_back(c);
    int exp = 0;
    std::string_view es = s.substr(e + 1);
    if (!es.empty() && es[0] == '+') es.remove_prefix(1);
    std::from_chars(es.data(), es.data() + es.size(), exp);
    while (digits->size() > 1 && digits->back() == '0') digits->pop_back();
    *dp = exp + 1;
    if (*digits == "0") *dp = 0;
}

// A float64 result as CUE v0.4 converts it: the text of Go's FormatFloat(f, 'g', -1, 64), read
// back as a decimal float (1e3 is 1000, 1e20 is 1E+20, 1234567.0 is 1234567).
const value *float_result(evaluator &ev, double d, position pos) {
    std::string digits;
    int dp = 0;
    shortest(d, 64, &digits, &dp);
    int nd = static_cast<int>(digits.size()), exp = dp - 1;
    bigint c = *bigint::parse(digits);
    int32_t e = 0;
    if (digits == "0")
        e = 0;
    else if (exp < -4 || exp >= 6)
        e = dp - nd;
    else if (dp >= nd)
        c = c * bigint::pow10(static_cast<uint32_t>(dp - nd));
    else
        e = dp - nd;
    if (std::signbit(d)) c = -c;
    return ev.make_num(number::make_float(std::move(c), e, std::signbit(d) && d == 0), pos);
}

std::string go_exp(int exp, char e) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%c%c%02d", e, exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    return buf;
}

// Go's %e/%f/%g of shortest digits.
std::string fmt_e(const std::string &digits, int dp, int prec, char e) {
    std::string out(1, digits[0]);
    std::string frac = digits.substr(1);
    if (prec >= 0) frac.resize(static_cast<size_t>(prec), '0');
    if (!frac.empty()) out += "." + frac;
    return out + go_exp(digits == "0" ? 0 : dp - 1, e);
}
std::string fmt_f(const std::string &digits, int dp, int prec) {
    std::string out;
    if (dp > 0) {
        out = digits.substr(0, static_cast<size_t>(std::min<int>(dp, static_cast<int>(digits.size()))));
        out.append(static_cast<size_t>(std::max<int>(0, dp - static_cast<int>(digits.size()))), '0');
    } else {
        out = "0";
    }
    std::string frac;
    for (int i = 0; i < prec; ++i) {
        int k = dp + i;
        frac += k >= 0 && k < static_cast<int>(digits.size()) ? digits[static_cast<size_t>(k)] : '0';
    }
    return frac.empty() ? out : out + "." + frac;
}

const value *fn_format_float(evaluator &ev, args a, position pos) {
    const value *n = nullptr;
    int64_t fmt = 0, prec = 0, bits = 0;
    if (auto *e = arg_number(ev, a[0], &n, pos)) return e;
    if (auto *e = arg_int(ev, a[1], &fmt, pos)) return e;
    if (auto *e = arg_int(ev, a[2], &prec, pos)) return e;
    if (auto *e = arg_int(ev, a[3], &bits, pos)) return e;
    double d = n->num.to_double();
    if (bits == 32) d = static_cast<float>(d);
    bool neg = std::signbit(d);
    double m = std::fabs(d);
    std::string out;
    if (std::isinf(m)) {
        out = "Inf";
    } else if (prec < 0) {
        std::string digits;
        int dp = 0;
        shortest(m, static_cast<int>(bits), &digits, &dp);
        int nd = static_cast<int>(digits.size());
        switch (fmt) {
            case 'e':
            case 'E':
                out = fmt_e(digits, dp, nd - 1, static_cast<char>(fmt));
                break;
            case 'f':
                out = fmt_f(digits, dp, std::max(nd - dp, 0));
                break;
            case 'g':
            case 'G': {
                int exp = dp - 1;
                if (digits != "0" && (exp < -4 || exp >= 6))
                    out = fmt_e(digits, dp, nd - 1, fmt == 'g' ? 'e' : 'E');
                else
                    out = fmt_f(digits, dp, std::max(nd - dp, 0));
                break;
            }
            default:
                out = "%" + std::string(1, static_cast<char>(fmt));
        }
    } else {
        char spec[8] = {'%', '.', '*', static_cast<char>(fmt), 0};
        if (fmt != 'e' && fmt != 'E' && fmt != 'f' && fmt != 'g' && fmt != 'G') {
            out = "%" + std::string(1, static_cast<char>(fmt));
        } else {
            char buf[512];
            int p = static_cast<int>(std::min<int64_t>(prec, 300));
            std::snprintf(buf, sizeof buf, spec, p, m);
            out = buf;
        }
    }
    return ev.make_str(neg ? "-" + out : out, pos);
}

const value *fn_parse_float(evaluator &ev, args a, position pos) {
    std::string s;
    int64_t bits = 0;
    if (auto *e = arg_string(ev, a[0], &s, pos)) return e;
    if (auto *e = arg_int(ev, a[1], &bits, pos)) return e;
    std::string t;
    for (char c : s)
        if (c != '_') t += c;
    std::string_view v = t;
    bool neg = false;
    if (!v.empty() && (v[0] == '+' || v[0] == '-')) {
        neg = v[0] == '-';
        v.remove_prefix(1);
    }
    double d = 0;
    bool hex = v.size() > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X');
    std::from_chars_result r{};
    if (hex)
        r = std::from_chars(v.data() + 2, v.data() + v.size(), d, std::chars_format::hex);
    else
        r = std::from_chars(v.data(), v.data() + v.size(), d, std::chars_format::general);
    bool lower_inf = v == "inf" || v == "Inf" || v == "infinity" || v == "Infinity" || v == "nan" || v == "NaN";
    if (lower_inf) return call_error(ev, pos, "strconv.ParseFloat", "cannot represent " + s + " as a number");
    if (v.empty() || r.ec == std::errc::invalid_argument || r.ptr != v.data() + v.size())
        return syntax_error(ev, pos, "ParseFloat", s, "invalid syntax");
    if (bits == 32) {
        float f = static_cast<float>(d);
        if (std::isinf(f) || r.ec == std::errc::result_out_of_range)
            return syntax_error(ev, pos, "ParseFloat", s, "value out of range");
        d = f;
    } else if (r.ec == std::errc::result_out_of_range && (std::isinf(d) || d == 0 ? std::abs(d) > 1 : true)) {
        if (std::isinf(d) || d > 1) return syntax_error(ev, pos, "ParseFloat", s, "value out of range");
    }
    if (std::isinf(d)) return syntax_error(ev, pos, "ParseFloat", s, "value out of range");
    return float_result(ev, neg ? -d : d, pos);
}

// ---------------------------------------------------------------- quoting

std::vector<uint32_t> decode(std::string_view s, std::vector<bool> *bad) {
    std::vector<uint32_t> out;
    size_t i = 0;
    while (i < s.size()) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        size_t len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
        bool ok = len > 0 && i + len <= s.size();
        uint32_t cp = len == 1 ? c : c & (0x7f >> len);
        for (size_t k = 1; ok && k < len; ++k) {
            unsigned char cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xc0) != 0x80) ok = false;
            cp = (cp << 6) | (cc & 0x3f);
        }
        if (ok && ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
                   (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff)))
            ok = false;
        if (!ok) {
            out.push_back(c);
            bad->push_back(true);
            ++i;
            continue;
        }
        out.push_back(cp);
        bad->push_back(false);
        i += len;
    }
    return out;
}
bool is_print(uint32_t r) {
    if (r < 0x80) return r >= 0x20 && r < 0x7f;
    if (r < 0xa0 || r == 0xad) return false;
    if (r == 0xa0 || r == 0x1680 || (r >= 0x2000 && r <= 0x200a) || r == 0x202f || r == 0x205f || r == 0x3000)
        return false;
    if ((r >= 0x200b && r <= 0x200f) || (r >= 0x2028 && r <= 0x202e) || (r >= 0x2060 && r <= 0x206f) || r == 0xfeff)
        return false;
    if ((r >= 0xd800 && r <= 0xf8ff) || r >= 0xf0000 || (r & 0xfffe) == 0xfffe || (r >= 0xfdd0 && r <= 0xfdef))
        return false;
    return r <= 0x10ffff;
}
bool is_graphic(uint32_t r) {
    return is_print(r) || r == 0xa0 || r == 0x1680 || (r >= 0x2000 && r <= 0x200a) || r == 0x202f || r == 0x205f ||
           r == 0x3000;
}

enum class qmode { print, ascii, graphic };

void append_escaped(std::string &out, uint32_t r, bool bad, char q, qmode mode) {
    static const char hex[] = "0123456789abcdef";
    auto hexn = [&](const char *pfx, uint32_t v, int n) {
        out += pfx;
        for (int i = n - 1; i >= 0; --i) out += hex[(v >> (4 * i)) & 15];
    };
    if (bad) return hexn("\\x", r, 2);
    if (r == static_cast<uint32_t>(q) || r == '\\') {
        out += '\\';
        out += static_cast<char>(r);
        return;
    }
    bool keep = mode == qmode::ascii ? (r < 0x80 && is_print(r)) : mode == qmode::graphic ? is_graphic(r) : is_print(r);
    if (keep) return append_utf8(out, r);
    switch (r) {
        case '\a':
            out += "\\a";
            return;
        case '\b':
            out += "\\b";
            return;
        case '\f':
            out += "\\f";
            return;
        case '\n':
            out += "\\n";
            return;
        case '\r':
            out += "\\r";
            return;
        case '\t':
            out += "\\t";
            return;
        case '\v':
            out += "\\v";
            return;
    }
    if (r < ' ' || r == 0x7f) return hexn("\\x", r, 2);
    if (r < 0x10000) return hexn("\\u", r, 4);
    hexn("\\U", r, 8);
}

std::string quote(std::string_view s, char q, qmode mode) {
    std::vector<bool> bad;
    auto r = decode(s, &bad);
    std::string out(1, q);
    for (size_t i = 0; i < r.size(); ++i) append_escaped(out, r[i], bad[i], q, mode);
    return out + q;
}

template <qmode M>
const value *fn_quote(evaluator &ev, args a, position pos) {
    std::string s;
    if (auto *e = arg_string(ev, a[0], &s, pos)) return e;
    return ev.make_str(quote(s, '"', M), pos);
}

template <qmode M>
const value *fn_quote_rune(evaluator &ev, args a, position pos) {
    int64_t r = 0;
    if (auto *e = arg_int(ev, a[0], &r, pos)) return e;
    if (r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) r = 0xfffd;
    std::string out = "'";
    append_escaped(out, static_cast<uint32_t>(r), false, '\'', M);
    return ev.make_str(out + "'", pos);
}

// CUE v0.4's Unquote reads CUE string syntax, not Go's: "..." with CUE escapes (no \x or octal),
// '...' bytes (any length), #"..."# raw strings and multi-line strings; no back quotes and no
// interpolation. The CUE parser decodes exactly that.
bool unquote(const std::string &s, std::string *out) {
    if (s.empty() || (s.front() != '"' && s.front() != '\'' && s.front() != '#')) return false;
    auto r = parse_expr("<unquote>", s);
    if (!r.ok() || r.file->root()->decls.size() != 1) return false;
    auto *emb = ast::as<ast::embed_decl>(r.file->root()->decls.front());
    if (!emb) return false;
    auto *lit = ast::as<ast::string_lit>(emb->x);
    if (!lit || lit->raw.size() != s.size()) return false;
    *out = std::string(lit->value);
    return true;
}

const value *fn_unquote(evaluator &ev, args a, position pos) {
    std::string s, out;
    if (auto *e = arg_string(ev, a[0], &s, pos)) return e;
    if (!unquote(s, &out)) return call_error(ev, pos, "strconv.Unquote", "invalid syntax");
    return ev.make_str(out, pos);
}

template <bool (*F)(uint32_t)>
const value *fn_rune_class(evaluator &ev, args a, position pos) {
    int64_t r = 0;
    if (auto *e = arg_int(ev, a[0], &r, pos)) return e;
    return ev.bool_value(r >= 0 && r <= 0x10ffff && F(static_cast<uint32_t>(r)));
}

const builtin table[] = {
    {"strconv", "Atoi", 1, fn_atoi},
    {"strconv", "FormatBool", 1, fn_format_bool},
    {"strconv", "FormatFloat", 4, fn_format_float},
    {"strconv", "FormatInt", 2, fn_format_int},
    {"strconv", "FormatUint", 2, fn_format_uint},
    {"strconv", "IsGraphic", 1, fn_rune_class<is_graphic>},
    {"strconv", "IsPrint", 1, fn_rune_class<is_print>},
    {"strconv", "ParseBool", 1, fn_parse_bool},
    {"strconv", "ParseFloat", 2, fn_parse_float},
    {"strconv", "ParseInt", 3, fn_parse_int},
    {"strconv", "ParseUint", 3, fn_parse_uint},
    {"strconv", "Quote", 1, fn_quote<qmode::print>},
    {"strconv", "QuoteRune", 1, fn_quote_rune<qmode::print>},
    {"strconv", "QuoteRuneToASCII", 1, fn_quote_rune<qmode::ascii>},
    {"strconv", "QuoteRuneToGraphic", 1, fn_quote_rune<qmode::graphic>},
    {"strconv", "QuoteToASCII", 1, fn_quote<qmode::ascii>},
    {"strconv", "QuoteToGraphic", 1, fn_quote<qmode::graphic>},
    {"strconv", "Unquote", 1, fn_unquote},
};

}  // namespace

std::span<const builtin> pkg_strconv() {
    return table;
}

}  // namespace forge::cue
