// Arbitrary-precision integers for CUE numbers. Values that fit in int64 never allocate; the rest
// are sign + magnitude in 32-bit limbs (little-endian) behind a shared, immutable representation.
// Schoolbook multiplication and Knuth's algorithm D are plenty for configuration numbers.
#include <atomic>
#include <bit>
#include <charconv>
#include <cmath>
#include <limits>
#include <vector>

#include "cue/number.hpp"

namespace forge::cue {

using limbs = std::vector<uint32_t>;

struct bigint::rep {
    std::atomic<uint32_t> refs{1};
    bool neg = false;
    limbs mag;  // normalized: no leading (high) zero limbs; never fits in int64
};

namespace {

void trim(limbs &a) {
    while (!a.empty() && a.back() == 0) a.pop_back();
}

int mag_cmp(const limbs &a, const limbs &b) {
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    for (size_t i = a.size(); i-- > 0;)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}

limbs mag_add(const limbs &a, const limbs &b) {
    const limbs &x = a.size() >= b.size() ? a : b;
    const limbs &y = a.size() >= b.size() ? b : a;
    limbs r(x.size() + 1);
    uint64_t carry = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        uint64_t s = uint64_t(x[i]) + (i < y.size() ? y[i] : 0) + carry;
        r[i] = uint32_t(s);
        carry = s >> 32;
    }
    r[x.size()] = uint32_t(carry);
    trim(r);
    return r;
}

// a - b for a >= b.
limbs mag_sub(const limbs &a, const limbs &b) {
    limbs r(a.size());
    int64_t borrow = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        int64_t s = int64_t(a[i]) - (i < b.size() ? int64_t(b[i]) : 0) - borrow;
        borrow = s < 0;
        r[i] = uint32_t(s + (borrow << 32));
    }
    trim(r);
    return r;
}

limbs mag_mul(const limbs &a, const limbs &b) {
    if (a.empty() || b.empty()) return {};
    limbs r(a.size() + b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        uint64_t carry = 0;
        for (size_t j = 0; j < b.size(); ++j) {
            uint64_t t = uint64_t(a[i]) * b[j] + r[i + j] + carry;
            r[i + j] = uint32_t(t);
            carry = t >> 32;
        }
        r[i + b.size()] = uint32_t(carry);
    }
    trim(r);
    return r;
}

// a = a * m + add, in place.
void mag_mul_add_small(limbs &a, uint32_t m, uint32_t add) {
    uint64_t carry = add;
    for (auto &l : a) {
        uint64_t t = uint64_t(l) * m + carry;
        l = uint32_t(t);
        carry = t >> 32;
    }
    if (carry) a.push_back(uint32_t(carry));
}

// a /= d in place; returns the remainder.
uint32_t mag_div_small(limbs &a, uint32_t d) {
    uint64_t rem = 0;
    for (size_t i = a.size(); i-- > 0;) {
        uint64_t cur = (rem << 32) | a[i];
        a[i] = uint32_t(cur / d);
        rem = cur % d;
    }
    trim(a);
    return uint32_t(rem);
}

// Knuth, TAOCP vol. 2, 4.3.1, algorithm D. b has at least two limbs, a >= b.
void mag_divmod_long(const limbs &a, const limbs &b, limbs &q, limbs &r) {
    const int s = std::countl_zero(b.back());
    const size_t n = b.size(), m = a.size() - b.size();
    limbs v(n), u(a.size() + 1);
    for (size_t i = n; i-- > 0;)
        v[i] = (b[i] << s) | (s && i ? uint32_t(uint64_t(b[i - 1]) >> (32 - s)) : 0);
    u[a.size()] = s ? uint32_t(uint64_t(a.back()) >> (32 - s)) : 0;
    for (size_t i = a.size(); i-- > 0;)
        u[i] = (a[i] << s) | (s && i ? uint32_t(uint64_t(a[i - 1]) >> (32 - s)) : 0);
    q.assign(m + 1, 0);
    const uint64_t base = uint64_t(1) << 32;
    for (size_t j = m + 1; j-- > 0;) {
        uint64_t num = (uint64_t(u[j + n]) << 32) | u[j + n - 1];
        uint64_t qhat = num / v[n - 1], rhat = num % v[n - 1];
        while (qhat >= base || qhat * v[n - 2] > ((rhat << 32) | u[j + n - 2])) {
            --qhat;
            rhat += v[n - 1];
            if (rhat >= base) break;
        }
        int64_t borrow = 0;
        uint64_t carry = 0;
        for (size_t i = 0; i < n; ++i) {
            uint64_t p = qhat * v[i] + carry;
            carry = p >> 32;
            int64_t t = int64_t(u[i + j]) - borrow - int64_t(uint32_t(p));
            borrow = t < 0;
            u[i + j] = uint32_t(t + (borrow << 32));
        }
        int64_t t = int64_t(u[j + n]) - borrow - int64_t(carry);
        u[j + n] = uint32_t(t);
        if (t < 0) {  // qhat was one too large: add v back
            --qhat;
            uint64_t c = 0;
            for (size_t i = 0; i < n; ++i) {
                uint64_t sum = uint64_t(u[i + j]) + v[i] + c;
                u[i + j] = uint32_t(sum);
                c = sum >> 32;
            }
            u[j + n] = uint32_t(uint64_t(u[j + n]) + c);
        }
        q[j] = uint32_t(qhat);
    }
    r.assign(n, 0);
    for (size_t i = 0; i < n; ++i)
        r[i] = (u[i] >> s) | (s ? uint32_t(uint64_t(u[i + 1]) << (32 - s)) : 0);
    trim(q);
    trim(r);
}

void mag_divmod(const limbs &a, const limbs &b, limbs &q, limbs &r) {
    if (mag_cmp(a, b) < 0) {
        q.clear();
        r = a;
        return;
    }
    if (b.size() == 1) {
        q = a;
        uint32_t rem = mag_div_small(q, b[0]);
        r.clear();
        if (rem) r.push_back(rem);
        return;
    }
    mag_divmod_long(a, b, q, r);
}

limbs mag_from_u64(uint64_t v) {
    limbs r;
    if (v) r.push_back(uint32_t(v));
    if (v >> 32) r.push_back(uint32_t(v >> 32));
    return r;
}

uint64_t abs_u64(int64_t v) { return v < 0 ? uint64_t(0) - uint64_t(v) : uint64_t(v); }

}  // namespace

// Conversions between the two representations, with access to the private parts.
struct bigint_ops {
    static bool neg(const bigint &x) { return x.big_ ? x.big_->neg : x.small_ < 0; }
    static limbs mag(const bigint &x) { return x.big_ ? x.big_->mag : mag_from_u64(abs_u64(x.small_)); }
    static bigint make(bool neg, limbs m) {
        trim(m);
        if (m.size() <= 2) {
            uint64_t v = m.empty() ? 0 : m[0];
            if (m.size() == 2) v |= uint64_t(m[1]) << 32;
            if (!neg && v <= uint64_t(std::numeric_limits<int64_t>::max())) return bigint(int64_t(v));
            if (neg && v <= uint64_t(1) << 63) return bigint(int64_t(uint64_t(0) - v));
        }
        auto *r = new bigint::rep;
        r->neg = neg;
        r->mag = std::move(m);
        return bigint(bigint::adopt_t{}, r);
    }
    static bigint add_slow(const bigint &a, const bigint &b, bool negate_b) {
        bool an = neg(a), bn = neg(b) != negate_b;
        limbs am = mag(a), bm = mag(b);
        if (an == bn) return make(an, mag_add(am, bm));
        int c = mag_cmp(am, bm);
        if (c == 0) return bigint(int64_t(0));
        if (c > 0) return make(an, mag_sub(am, bm));
        return make(bn, mag_sub(bm, am));
    }
    static int cmp(const bigint &a, const bigint &b) {
        if (!a.big_ && !b.big_) return a.small_ < b.small_ ? -1 : a.small_ > b.small_;
        bool an = neg(a), bn = neg(b);
        if (an != bn) return an ? -1 : 1;
        // A big magnitude exceeds every small one.
        if (!a.big_) return an ? 1 : -1;
        if (!b.big_) return an ? -1 : 1;
        int c = mag_cmp(a.big_->mag, b.big_->mag);
        return an ? -c : c;
    }
    static const bigint::rep *rep_of(const bigint &x) { return x.big_; }
};

void bigint::retain() const noexcept { big_->refs.fetch_add(1, std::memory_order_relaxed); }

void bigint::release() noexcept {
    if (big_->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete big_;
    big_ = nullptr;
}

int bigint::big_sign() const noexcept { return big_->neg ? -1 : 1; }

bigint &bigint::operator=(const bigint &o) noexcept {
    if (this != &o) {
        bigint tmp(o);
        std::swap(small_, tmp.small_);
        std::swap(big_, tmp.big_);
    }
    return *this;
}

bigint bigint::from_uint64(uint64_t v) { return bigint_ops::make(false, mag_from_u64(v)); }

std::optional<bigint> bigint::from_double(double d) {
    if (!std::isfinite(d) || std::trunc(d) != d) return std::nullopt;
    if (std::fabs(d) < 9.2e18) return bigint(int64_t(d));
    int e = 0;
    double m = std::frexp(std::fabs(d), &e);  // |d| = m * 2^e, 0.5 <= m < 1
    auto mant = uint64_t(std::ldexp(m, 53));  // exact: 53 significant bits
    bigint r = from_uint64(mant);
    // Multiply by 2^(e - 53) (e > 63 here, so the shift is positive).
    limbs mg = bigint_ops::mag(r);
    for (int s = e - 53; s > 0;) {
        int step = s > 31 ? 31 : s;
        mag_mul_add_small(mg, uint32_t(1) << step, 0);
        s -= step;
    }
    return bigint_ops::make(d < 0, std::move(mg));
}

std::optional<bigint> bigint::parse(std::string_view digits, int base) {
    if (digits.empty()) return std::nullopt;
    auto value_of = [base](char c) -> int {
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;
        return v < base ? v : -1;
    };
    // Fast path: up to 18 decimal digits (or 15 hex digits) fit in int64.
    if (digits.size() <= (base == 10 ? 18u : base == 16 ? 15u : base == 8 ? 20u : 62u)) {
        int64_t v = 0;
        for (char c : digits) {
            int d = value_of(c);
            if (d < 0) return std::nullopt;
            v = v * base + d;
        }
        return bigint(v);
    }
    // Chunks: as many digits as fit in a uint32 multiplier.
    uint32_t chunk_digits = base == 10 ? 9 : base == 16 ? 7 : base == 8 ? 10 : 31;
    limbs m;
    size_t i = 0;
    while (i < digits.size()) {
        uint32_t mult = 1, acc = 0;
        for (uint32_t k = 0; k < chunk_digits && i < digits.size(); ++k, ++i) {
            int d = value_of(digits[i]);
            if (d < 0) return std::nullopt;
            acc = acc * base + d;
            mult *= base;
        }
        mag_mul_add_small(m, mult, acc);
    }
    return bigint_ops::make(false, std::move(m));
}

bigint bigint::pow10(uint32_t n) {
    static constexpr int64_t small[19] = {1,
                                          10,
                                          100,
                                          1000,
                                          10000,
                                          100000,
                                          1000000,
                                          10000000,
                                          100000000,
                                          1000000000,
                                          10000000000,
                                          100000000000,
                                          1000000000000,
                                          10000000000000,
                                          100000000000000,
                                          1000000000000000,
                                          10000000000000000,
                                          100000000000000000,
                                          1000000000000000000};
    if (n < 19) return bigint(small[n]);
    // Square-and-multiply: O(log n) multiplications.
    bigint result(1), base(10);
    for (uint32_t e = n; e; e >>= 1) {
        if (e & 1) result = result * base;
        if (e > 1) base = base * base;
    }
    return result;
}

double bigint::to_double() const noexcept {
    if (!big_) return double(small_);
    const limbs &m = big_->mag;
    // The top three limbs carry more than 53 significant bits; the rest only scale.
    double v = 0;
    size_t n = m.size();
    size_t top = n >= 3 ? 3 : n;
    for (size_t i = 0; i < top; ++i) v = v * 4294967296.0 + m[n - 1 - i];
    v = std::ldexp(v, int(32 * (n - top)));
    return big_->neg ? -v : v;
}

std::string bigint::to_string() const {
    if (!big_) {
        char buf[24];
        auto r = std::to_chars(buf, buf + sizeof buf, small_);
        return std::string(buf, r.ptr);
    }
    limbs m = big_->mag;
    std::string out;
    while (!m.empty()) {
        uint32_t chunk = mag_div_small(m, 1000000000u);
        for (int k = 0; k < 9; ++k) {
            out.push_back(char('0' + chunk % 10));
            chunk /= 10;
            if (m.empty() && chunk == 0) break;
        }
    }
    if (big_->neg) out.push_back('-');
    return std::string(out.rbegin(), out.rend());
}

uint32_t bigint::num_digits() const {
    if (!big_) {
        uint64_t v = abs_u64(small_);
        uint32_t d = 1;
        while (v >= 10) {
            v /= 10;
            ++d;
        }
        return d;
    }
    // Estimate from the bit length (floor(bits * log10 2) + 1 is exact or one too small), then fix.
    const limbs &m = big_->mag;
    uint64_t bits = 32 * (m.size() - 1) + (32 - std::countl_zero(m.back()));
    auto est = uint32_t(double(bits - 1) * 0.30102999566398119521);  // 10^est <= 2^(bits-1) <= |x|
    bigint p = pow10(est + 1);
    return compare(abs(), p) >= 0 ? est + 2 : est + 1;
}

bigint bigint::operator-() const {
    if (!big_) {
        if (small_ != std::numeric_limits<int64_t>::min()) return bigint(-small_);
        return from_uint64(uint64_t(1) << 63);
    }
    return bigint_ops::make(!big_->neg, big_->mag);
}

bigint bigint::abs() const { return sign() < 0 ? -*this : *this; }

bigint bigint::add_slow(const bigint &a, const bigint &b, bool negate_b) {
    return bigint_ops::add_slow(a, b, negate_b);
}

bigint bigint::mul_slow(const bigint &a, const bigint &b) {
    return bigint_ops::make(bigint_ops::neg(a) != bigint_ops::neg(b),
                            mag_mul(bigint_ops::mag(a), bigint_ops::mag(b)));
}

int bigint::compare_slow(const bigint &a, const bigint &b) noexcept { return bigint_ops::cmp(a, b); }

void bigint::quo_rem(const bigint &n, const bigint &d, bigint *q, bigint *r) {
    if (n.is_small() && d.is_small() && !(n.small_ == std::numeric_limits<int64_t>::min() && d.small_ == -1)) {
        int64_t qq = n.small_ / d.small_, rr = n.small_ % d.small_;
        if (q) *q = bigint(qq);
        if (r) *r = bigint(rr);
        return;
    }
    limbs qm, rm;
    bool nn = bigint_ops::neg(n), dn = bigint_ops::neg(d);
    mag_divmod(bigint_ops::mag(n), bigint_ops::mag(d), qm, rm);
    // Truncation: the quotient's sign is the product of signs, the remainder takes the dividend's.
    if (q) *q = bigint_ops::make(nn != dn, std::move(qm));
    if (r) *r = bigint_ops::make(nn, std::move(rm));
}

void bigint::div_mod(const bigint &n, const bigint &d, bigint *q, bigint *r) {
    bigint qq, rr;
    quo_rem(n, d, &qq, &rr);
    // Euclidean: move a negative remainder into [0, |d|) and adjust the quotient to match.
    if (rr.sign() < 0) {
        if (d.sign() > 0) {
            qq = qq - bigint(1);
            rr = rr + d;
        } else {
            qq = qq + bigint(1);
            rr = rr - d;
        }
    }
    if (q) *q = std::move(qq);
    if (r) *r = std::move(rr);
}


}  // namespace forge::cue
