// Fixed-point evaluation of ln, exp and friends: a real r is held as the bigint F = r * 10^kScale.
// kScale leaves more than 50 guard digits beyond the 24 CUE keeps, so the single final rounding
// gives the correctly rounded result (what apd gives) for all but pathological inputs.
#include "cue/decimal_math.hpp"

#include <cstdint>
#include <optional>

namespace forge::cue::decimal_math {
namespace {

constexpr int64_t kScale = 80;
constexpr int64_t kMaxAdjExp = 100000;  // CUE's decimal context exponent limits
constexpr uint32_t kExactPowDigits = 4000;

const bigint &one() {
    static const bigint v = bigint::pow10(static_cast<uint32_t>(kScale));
    return v;
}

bigint div_trunc(const bigint &n, const bigint &d) {
    bigint q, r;
    bigint::quo_rem(n, d, &q, &r);
    return q;
}

bigint fx_mul(const bigint &a, const bigint &b) {
    return div_trunc(a * b, one());
}

// coeff * 10^shift, for shift of either sign (truncating).
bigint shift10(const bigint &c, int64_t shift) {
    if (shift >= 0) return c * bigint::pow10(static_cast<uint32_t>(shift));
    return div_trunc(c, bigint::pow10(static_cast<uint32_t>(-shift)));
}

// atanh(z) = z + z^3/3 + z^5/5 ... for |z| well below 1.
bigint atanh_fx(const bigint &z) {
    bigint sum = z, t = z, z2 = fx_mul(z, z);
    for (int64_t k = 3;; k += 2) {
        t = fx_mul(t, z2);
        bigint term = div_trunc(t, bigint(k));
        if (term.is_zero()) break;
        sum += term;
    }
    return sum;
}

const bigint &ln2_fx() {
    static const bigint v = atanh_fx(div_trunc(one(), bigint(3))) * bigint(2);
    return v;
}

// ln 10 = 3 ln 2 + ln 1.25, and ln 1.25 = 2 atanh(1/9).
const bigint &ln10_fx() {
    static const bigint v = ln2_fx() * bigint(3) + atanh_fx(div_trunc(one(), bigint(9))) * bigint(2);
    return v;
}

int64_t adjusted(const number &x) {
    return static_cast<int64_t>(x.exponent()) + static_cast<int64_t>(x.coefficient().num_digits()) - 1;
}

// ln(c * 10^e) for c > 0.
bigint ln_fx(const bigint &c, int64_t e) {
    int64_t d = c.num_digits();
    bigint m = shift10(c, kScale - d);  // c / 10^d in [0.1, 1)
    int64_t halvings = 0;
    bigint low = div_trunc(one() * bigint(3), bigint(4));
    while (compare(m, low) < 0) {
        m = m * bigint(2);
        ++halvings;
    }
    bigint z = div_trunc((m - one()) * one(), m + one());
    return atanh_fx(z) * bigint(2) - ln2_fx() * bigint(halvings) + ln10_fx() * bigint(e + d);
}

// The value of x in fixed point; nullopt when |x| is too large to matter (>= 10^30).
std::optional<bigint> to_fx(const number &x) {
    if (!x.is_zero() && adjusted(x) >= 30) return std::nullopt;
    return shift10(x.coefficient(), static_cast<int64_t>(x.exponent()) + kScale);
}

// exp(t) for t in fixed point, rounded to the context. |t| must be below 10^30.
result<number> exp_fx(const bigint &t) {
    // exp(t) = exp(r) * 10^n with t = n ln 10 + r, |r| <= ln 10 / 2.
    bigint n, rem;
    bigint::quo_rem(t * bigint(2) + (t.sign() < 0 ? -ln10_fx() : ln10_fx()), ln10_fx() * bigint(2), &n, &rem);
    auto n64 = n.to_int64();
    if (!n64) return error{status::invalid, t.sign() > 0 ? "overflow" : "underflow, subnormal"};
    if (*n64 > kMaxAdjExp + 2) return error{status::invalid, "overflow"};
    if (*n64 < -kMaxAdjExp - 2) return error{status::invalid, "underflow, subnormal"};
    bigint r = t - ln10_fx() * n;
    // Taylor series of exp(r / 2^10), then square ten times.
    constexpr int kSquarings = 10;
    bigint x = div_trunc(r, bigint(int64_t(1) << kSquarings));
    bigint sum = one(), term = one();
    for (int64_t i = 1;; ++i) {
        term = div_trunc(fx_mul(term, x), bigint(i));
        if (term.is_zero()) break;
        sum += term;
    }
    for (int i = 0; i < kSquarings; ++i) sum = fx_mul(sum, sum);
    number out = round_context(sum, *n64 - kScale, false);
    int64_t adj = adjusted(out);
    if (adj > kMaxAdjExp) return error{status::invalid, "overflow"};
    if (adj < -kMaxAdjExp) return error{status::invalid, "underflow, subnormal"};
    return out;
}

bool is_one(const number &x) {
    number o(1);
    return compare(x, o) == 0;
}

}  // namespace

number round_context(const bigint &coeff, int64_t exp, bool negative) {
    bigint c = coeff.abs();
    uint32_t nd = c.num_digits();
    if (nd > number::precision) {
        int64_t k = nd - number::precision;
        bigint p = bigint::pow10(static_cast<uint32_t>(k)), q, r;
        bigint::quo_rem(c, p, &q, &r);
        if (compare(r * bigint(2), p) >= 0) q += bigint(1);
        if (q.num_digits() > number::precision) {
            q = div_trunc(q, bigint(10));
            ++k;
        }
        c = q;
        exp += k;
    }
    return number::make_float(negative ? -c : c, static_cast<int32_t>(exp));
}

result<number> ln(const number &x) {
    if (x.sign() < 0) return error{status::invalid, "invalid operation"};
    if (x.is_zero()) return error{status::invalid, "division by zero (the result is -Inf)"};
    if (is_one(x)) return number(0);
    bigint f = ln_fx(x.coefficient(), x.exponent());
    return round_context(f, -kScale, f.sign() < 0);
}

result<number> log10(const number &x) {
    if (x.sign() < 0) return error{status::invalid, "invalid operation"};
    if (x.is_zero()) return error{status::invalid, "division by zero (the result is -Inf)"};
    if (is_one(x)) return number(0);
    bigint f = div_trunc(ln_fx(x.coefficient(), x.exponent()) * one(), ln10_fx());
    return round_context(f, -kScale, f.sign() < 0);
}

result<number> exp(const number &x) {
    if (x.is_zero()) return number(1);
    auto t = to_fx(x);
    if (!t) return error{status::invalid, x.sign() > 0 ? "overflow" : "underflow, subnormal"};
    return exp_fx(*t);
}

result<number> pow(const number &x, const number &y) {
    bool integral_y = y.is_integral() && (y.is_zero() || adjusted(y) < 18);
    if (x.is_zero()) {
        if (y.is_zero()) return error{status::invalid, "invalid operation"};
        if (y.sign() < 0) return error{status::invalid, "division by zero (the result is +Inf)"};
        return number(0);
    }
    if (y.is_zero()) return number(1);
    if (integral_y) {
        int64_t n = *y.to_bigint_truncated().abs().to_int64();
        bool negative = x.sign() < 0 && (n % 2) == 1;
        // (n is checked first: the product of the two could overflow.)
        if (uint64_t(n) <= kExactPowDigits && uint64_t(x.coefficient().num_digits()) * uint64_t(n) <= kExactPowDigits) {
            bigint p(1), b = x.coefficient().abs();
            for (int64_t k = n; k > 0; k >>= 1) {  // square and multiply, exact
                if (k & 1) p *= b;
                if (k > 1) b = b * b;
            }
            int64_t e = int64_t(x.exponent()) * n;
            if (y.sign() > 0) {
                number out = round_context(p, e, negative);
                if (adjusted(out) > kMaxAdjExp) return error{status::invalid, "overflow"};
                return out;
            }
            if (e > INT32_MAX || e < INT32_MIN) return error{status::invalid, "overflow"};
            auto q = quo(number(1), number::make_float(p, static_cast<int32_t>(e)));
            if (!q.ok()) return q;
            return negative ? -*q : *q;
        }
        // Too many digits to compute exactly: through logarithms, with the sign of an odd power.
        auto t = to_fx(y);
        if (!t) return error{status::invalid, "overflow"};
        bigint lnx = ln_fx(x.coefficient().abs(), x.exponent());
        auto r = exp_fx(fx_mul(*t, lnx));
        if (!r.ok() || !negative) return r;
        return -*r;
    }
    if (x.sign() < 0) return error{status::invalid, "invalid operation"};
    auto t = to_fx(y);
    bigint lnx = ln_fx(x.coefficient(), x.exponent());
    if (!t) {
        bool grows = (y.sign() > 0) == (lnx.sign() > 0);
        return error{status::invalid, grows ? "overflow" : "underflow, subnormal"};
    }
    bigint prod = fx_mul(*t, lnx);
    if (prod.num_digits() > kScale + 30)
        return error{status::invalid, prod.sign() > 0 ? "overflow" : "underflow, subnormal"};
    return exp_fx(prod);
}

result<number> cbrt(const number &x) {
    if (x.is_zero()) return x;
    bigint lnx = ln_fx(x.coefficient().abs(), x.exponent());
    auto r = exp_fx(div_trunc(lnx, bigint(3)));
    if (!r.ok() || x.sign() > 0) return r;
    return -*r;
}

}  // namespace forge::cue::decimal_math
