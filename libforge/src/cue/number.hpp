// Numbers of the CUE language: arbitrary-precision integers and decimal floats with the arithmetic,
// rounding, literal syntax and text form of CUE v0.4 (measured against the reference implementation).
//
// CUE v0.4 keeps every number as an arbitrary-precision decimal (coefficient x 10^exponent) plus a
// kind, int or float. Literals are exact, whatever their length. The operators + - * / round their
// result to 24 significant digits, half away from zero, with the exponent the General Decimal
// Arithmetic rules give (trailing zeros are kept: 2.50 * 2 == 5.00) -- and that holds for ints too:
// 123456789012345678901234567890 * 10 is the int 1.23456789012345678901235E+30 in CUE v0.4. The
// integer operators div mod quo rem are exact. Results whose adjusted exponent leaves
// [-100000, 100000] are the error "exponent out of range". Zero has a sign (0 * -1 prints "-0").
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/error.hpp"

namespace forge::cue {

// Arbitrary-precision signed integer. Values that fit in int64 are kept inline (no allocation, a few
// machine instructions per operation); larger values live in an immutable, reference-counted limb
// array, so copying is cheap either way. sizeof(bigint) == 16.
class bigint {
  public:
    bigint() noexcept : small_(0), big_(nullptr) {}
    bigint(int64_t v) noexcept : small_(v), big_(nullptr) {}  // NOLINT: implicit on purpose
    static bigint from_uint64(uint64_t v);
    // Exact conversion of an integral double; nullopt for NaN, infinities and fractions.
    static std::optional<bigint> from_double(double d);
    // Digits only (no sign, no '_', no prefix) in base 2, 8, 10 or 16; nullopt if a digit is invalid
    // or the text is empty.
    static std::optional<bigint> parse(std::string_view digits, int base = 10);
    // 10^n.
    static bigint pow10(uint32_t n);

    bigint(const bigint &o) noexcept : small_(o.small_), big_(o.big_) {
        if (big_) retain();
    }
    bigint(bigint &&o) noexcept : small_(o.small_), big_(o.big_) { o.big_ = nullptr; }
    bigint &operator=(const bigint &o) noexcept;
    bigint &operator=(bigint &&o) noexcept {
        std::swap(small_, o.small_);
        std::swap(big_, o.big_);
        return *this;
    }
    ~bigint() {
        if (big_) release();
    }

    bool is_small() const noexcept { return big_ == nullptr; }
    int sign() const noexcept { return big_ ? big_sign() : (small_ > 0) - (small_ < 0); }
    bool is_zero() const noexcept { return big_ == nullptr && small_ == 0; }
    // The value if it fits in int64.
    std::optional<int64_t> to_int64() const noexcept {
        if (big_) return std::nullopt;
        return small_;
    }
    // Nearest double (correctly rounded for small values, within 1 ulp for large ones); +-inf if the
    // magnitude exceeds the double range.
    double to_double() const noexcept;
    // Base-10 text with a leading '-' for negative values.
    std::string to_string() const;
    // Number of decimal digits of |this| (0 has 1 digit).
    uint32_t num_digits() const;

    bigint operator-() const;
    bigint abs() const;
    friend bigint operator+(const bigint &a, const bigint &b) {
        int64_t r;
        if (!a.big_ && !b.big_ && !__builtin_add_overflow(a.small_, b.small_, &r)) return bigint(r);
        return add_slow(a, b, false);
    }
    friend bigint operator-(const bigint &a, const bigint &b) {
        int64_t r;
        if (!a.big_ && !b.big_ && !__builtin_sub_overflow(a.small_, b.small_, &r)) return bigint(r);
        return add_slow(a, b, true);
    }
    friend bigint operator*(const bigint &a, const bigint &b) {
        int64_t r;
        if (!a.big_ && !b.big_ && !__builtin_mul_overflow(a.small_, b.small_, &r)) return bigint(r);
        return mul_slow(a, b);
    }
    bigint &operator+=(const bigint &b) { return *this = *this + b; }
    bigint &operator-=(const bigint &b) { return *this = *this - b; }
    bigint &operator*=(const bigint &b) { return *this = *this * b; }

    // Division. All require d != 0 (callers check; CUE reports "division by zero").
    // Truncated (CUE `quo`/`rem`, Go's big.Int Quo/Rem): q rounds toward zero, r has the sign of n.
    static void quo_rem(const bigint &n, const bigint &d, bigint *q, bigint *r);
    // Euclidean (CUE `div`/`mod`, Go's big.Int Div/Mod): r is always >= 0 and n == q*d + r.
    static void div_mod(const bigint &n, const bigint &d, bigint *q, bigint *r);

    friend int compare(const bigint &a, const bigint &b) noexcept {
        if (!a.big_ && !b.big_) return (a.small_ > b.small_) - (a.small_ < b.small_);
        return compare_slow(a, b);
    }
    friend bool operator==(const bigint &a, const bigint &b) noexcept { return compare(a, b) == 0; }
    friend std::strong_ordering operator<=>(const bigint &a, const bigint &b) noexcept { return compare(a, b) <=> 0; }

    struct rep;  // heap representation (defined in number.cpp)

  private:
    static bigint add_slow(const bigint &a, const bigint &b, bool negate_b);
    static bigint mul_slow(const bigint &a, const bigint &b);
    static int compare_slow(const bigint &a, const bigint &b) noexcept;
    void retain() const noexcept;
    void release() noexcept;
    int big_sign() const noexcept;
    struct adopt_t {};
    bigint(adopt_t, rep *r) noexcept : small_(0), big_(r) {}
    friend struct bigint_ops;
    int64_t small_;  // the value when big_ == nullptr
    rep *big_;       // otherwise the value; invariant: never holds a value that fits in int64
};

enum class num_kind : uint8_t { int_, float_ };

// A CUE number value: coefficient x 10^exponent and a kind. Ints from literals and div/mod/quo/rem
// have exponent 0; a rounded int result can have a positive one. Floats keep the exponent their
// literal or operation gave them (2.50 is 250e-2), as CUE does, because it shows in exported text.
// sizeof(number) == 24.
class number {
  public:
    // Result of scanning the number token at the start of a source text, as CUE's scanner does.
    struct scan_result {
        size_t length = 0;        // bytes of the token (0: no number starts here)
        bool is_float = false;    // token kind FLOAT (else INT; a multiplier makes it INT)
        std::string error;        // scanner error such as "illegal '_' in number", else empty
        size_t error_offset = 0;  // byte offset of the error within the token
    };
    // Scans a number token at the start of src (which starts with a digit, or '.' then a digit). The
    // token ends where CUE's scanner ends it: "0_1" scans "0", "1e3K" scans "1e3", "1..2" scans "1".
    static scan_result scan_number(std::string_view src);

    number() noexcept : exp_(0), kind_(num_kind::int_), neg_zero_(false) {}
    // coeff x 10^exp with the given kind, as is (no rounding). neg_zero marks -0 when coeff == 0.
    number(bigint coeff, int32_t exp, num_kind kind, bool neg_zero = false)
        : coeff_(std::move(coeff)), exp_(exp), kind_(kind), neg_zero_(neg_zero && coeff_.is_zero()) {}
    number(int64_t v) noexcept : coeff_(v), exp_(0), kind_(num_kind::int_), neg_zero_(false) {}  // NOLINT
    static number from_int(bigint v);
    // coeff x 10^exp as a float. neg_zero marks -0 (only meaningful when coeff == 0).
    static number make_float(bigint coeff, int32_t exp, bool neg_zero = false);
    // A float from a double, as CUE's math builtins return their results: the shortest decimal
    // that round-trips (Go strconv 'E', -1). Error for NaN and infinities.
    static result<number> from_double(double d);

    // Parses a CUE number literal exactly as the CUE scanner accepts it: decimal, 0x/0o/0b integers,
    // '_' digit separators, floats "1.0" ".5" "1." "1e3" "1E-2", and multipliers K M G T P (x1000^n)
    // and Ki Mi Gi Ti Pi (x1024^n) on decimal ints and floats; a literal with a multiplier is an int
    // ("1.5K" == 1500) and must come out integral. No sign: '-' is a unary operator in CUE.
    static result<number> parse_literal(std::string_view text);

    num_kind kind() const noexcept { return kind_; }
    bool is_int() const noexcept { return kind_ == num_kind::int_; }
    // Whether the coefficient lives on the heap (then the number needs its destructor run).
    bool owns_heap() const noexcept { return !coeff_.is_small(); }
    bool is_float() const noexcept { return kind_ == num_kind::float_; }
    const bigint &coefficient() const noexcept { return coeff_; }
    int32_t exponent() const noexcept { return exp_; }
    int sign() const noexcept { return coeff_.sign(); }
    bool is_zero() const noexcept { return coeff_.is_zero(); }
    // True when the value is a whole number (1.0, 1E+3 and 5 are; 0.5 is not), whatever the kind.
    bool is_integral() const;

    // Arithmetic of CUE's binary operators. Int op int gives an int for + - *; anything else gives a
    // float; both rounded to CUE's context. `/` always gives a float. Errors carry CUE's full text:
    // "failed arithmetic: division by zero" (x/0), "failed arithmetic: division undefined" (0/0),
    // "failed arithmetic: exponent out of range".
    friend result<number> add(const number &a, const number &b) {
        int64_t r;
        if (a.exp_ == 0 && b.exp_ == 0 && a.coeff_.is_small() && b.coeff_.is_small() &&
            !__builtin_add_overflow(*a.coeff_.to_int64(), *b.coeff_.to_int64(), &r) && r != 0)
            return number(bigint(r), 0, result_kind(a, b));
        return add_general(a, b, false);
    }
    friend result<number> sub(const number &a, const number &b) {
        int64_t r;
        if (a.exp_ == 0 && b.exp_ == 0 && a.coeff_.is_small() && b.coeff_.is_small() &&
            !__builtin_sub_overflow(*a.coeff_.to_int64(), *b.coeff_.to_int64(), &r) && r != 0)
            return number(bigint(r), 0, result_kind(a, b));
        return add_general(a, b, true);
    }
    friend result<number> mul(const number &a, const number &b) {
        int64_t r;
        if (a.exp_ == 0 && b.exp_ == 0 && a.coeff_.is_small() && b.coeff_.is_small() &&
            !__builtin_mul_overflow(*a.coeff_.to_int64(), *b.coeff_.to_int64(), &r) && r != 0)
            return number(bigint(r), 0, result_kind(a, b));
        return mul_general(a, b);
    }
    friend result<number> quo(const number &a, const number &b);  // the `/` operator
    // The integer operators `div mod quo rem`: both operands must be ints, else
    // "invalid operands <a> and <b> to '<op>' (type <ka> and <kb>)"; a zero divisor gives
    // "division by zero". div/mod are Euclidean, quo/rem truncated.
    friend result<number> int_div(const number &a, const number &b);
    friend result<number> int_mod(const number &a, const number &b);
    friend result<number> int_quo(const number &a, const number &b);
    friend result<number> int_rem(const number &a, const number &b);
    // Unary minus, exact. Negating a zero gives positive zero, as CUE does (-0.0 exports as 0.0).
    number operator-() const;

    // Numeric comparison across kinds: 1 == 1.0, 1 < 1.5. (Unification is stricter: 1 & 1.0 is a
    // conflict of kinds; that check belongs to the evaluator.)
    friend int compare(const number &a, const number &b) {
        if (a.exp_ == b.exp_) return compare(a.coeff_, b.coeff_);
        return compare_general(a, b);
    }
    // Same numeric value (what CUE's == gives for two numbers).
    friend bool numerically_equal(const number &a, const number &b) { return compare(a, b) == 0; }
    // Identical value and kind, used where CUE unifies two concrete numbers (1.0 & 1.00 succeeds).
    friend bool same_value(const number &a, const number &b) { return a.kind_ == b.kind_ && compare(a, b) == 0; }

    // CUE's text for the number, as `cue export` writes it to JSON and YAML and as it appears in
    // string interpolation and error messages: ints as plain digits; floats as apd's scientific
    // string (e.g. 1.0, 2.50, 1E+3, 1.0E-7, 0.000001, 1.23456789012345678901235E+29).
    // Negative zero prints as "-0" / "-0.0".
    std::string to_string() const;
    void append_to(std::string &out) const;
    // The YAML text when the value no longer carries its source literal: to_string(), plus a '.' for a
    // float whose text has neither '.' nor 'E' ("5." for 10/2). (CUE v0.4's YAML output writes some
    // values, e.g. literal list elements and disjunction defaults, with their source text instead,
    // "1e3" or "0x10"; that is the exporter's business.)
    std::string to_yaml_string() const;

    // Conversions for builtins.
    double to_double() const;  // nearest double; +-inf/0 outside the double range
    // The value as int64 if it is integral and in range; otherwise an error naming the problem.
    result<int64_t> to_int64() const;
    // The integral value as a bigint (truncating any fraction), for builtins that take ints.
    bigint to_bigint_truncated() const;
    // The value rounded to an integer, half away from zero, as CUE does before div/mod/quo/rem.
    bigint to_bigint_rounded() const;
    // True for negative values and negative zero.
    bool sign_bit() const noexcept { return coeff_.sign() < 0 || neg_zero_; }

    // Digits of precision of CUE's decimal context, and its exponent limits.
    static constexpr uint32_t precision = 24;

  private:
    static num_kind result_kind(const number &a, const number &b) noexcept {
        return a.kind_ == num_kind::int_ && b.kind_ == num_kind::int_ ? num_kind::int_ : num_kind::float_;
    }
    // The general cases of the operators (the inline ones handle small ints).
    static result<number> add_general(const number &a, const number &b, bool negate_b);
    static result<number> mul_general(const number &a, const number &b);
    static int compare_general(const number &a, const number &b);

    bigint coeff_;  // signed coefficient
    int32_t exp_;   // value == coeff_ * 10^exp_
    num_kind kind_;
    bool neg_zero_;  // -0 (floats only; only possible when coeff_ == 0)
};

// Namespace-scope declarations so that qualified calls (cue::add(a, b)) find the friends above.
int compare(const bigint &a, const bigint &b) noexcept;
result<number> add(const number &a, const number &b);
result<number> sub(const number &a, const number &b);
result<number> mul(const number &a, const number &b);
result<number> quo(const number &a, const number &b);
result<number> int_div(const number &a, const number &b);
result<number> int_mod(const number &a, const number &b);
result<number> int_quo(const number &a, const number &b);
result<number> int_rem(const number &a, const number &b);
int compare(const number &a, const number &b);
bool numerically_equal(const number &a, const number &b);
bool same_value(const number &a, const number &b);

}  // namespace forge::cue
