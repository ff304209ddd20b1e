// math: the functions and constants CUE v0.4 exports. Three families, as in CUE:
//  - decimal functions (Abs, Pow, Exp, Log ... ) computed exactly or to CUE's 24-digit context
//    (decimal_math.cpp); their whole results are ints, others floats, digits kept;
//  - rounding functions (Floor, Ceil, Trunc, Round, RoundToEven) returning ints;
//  - float64 functions (Sqrt, Sin, ...) that go through a double, like Go's math package: the
//    result is the shortest decimal of the double and always a float (math.Sqrt(16) is the float 4).
#include <cmath>
#include <string>

#include "cue/decimal_math.hpp"
#include "cue/pkg_support.hpp"

namespace forge::cue {
namespace {

using args = std::span<const value *const>;

const value *num_arg(evaluator &ev, const value *v, const number **out, position pos) {
    const value *n = nullptr;
    if (auto *e = arg_number(ev, v, &n, pos)) return e;
    *out = &n->num;
    return nullptr;
}

// CUE's conversion of an argument to float64; out-of-range values are errors, as in Go.
const value *float_arg(evaluator &ev, const value *v, const char *fn, int index, double *out, position pos) {
    const number *n = nullptr;
    if (auto *e = num_arg(ev, v, &n, pos)) return e;
    double d = n->to_double();
    const char *why = nullptr;
    if (std::isinf(d))
        why = "value was rounded up";
    else if (d == 0 && !n->is_zero())
        why = "value was rounded down";
    if (why)
        return ev.error(err_code::eval, pos,
                        "cannot use " + n->to_string() + " (type " + (n->is_int() ? "int" : "float") +
                            ") as float64 in argument " + std::to_string(index) + " to " + fn + ": " + why);
    *out = d;
    return nullptr;
}

const value *float_result(evaluator &ev, const char *fn, double d, position pos) {
    if (std::isnan(d)) return call_error(ev, pos, fn, "result is NaN, which is not a number CUE can represent");
    if (std::isinf(d)) return call_error(ev, pos, fn, "result is infinite, which CUE cannot represent");
    auto n = number::from_double(d);
    return ev.make_num(*n, pos);
}

const value *decimal_out(evaluator &ev, const char *fn, const result<number> &r, position pos) {
    if (!r.ok()) return call_error(ev, pos, fn, r.err().message);
    return decimal_result(ev, *r, pos);
}

// ---------------------------------------------------------------- float64 functions

template <double (*F)(double)>
struct unary_float {
    static const value *call(evaluator &ev, args a, position pos, const char *fn) {
        double x = 0;
        if (auto *e = float_arg(ev, a[0], fn, 0, &x, pos)) return e;
        return float_result(ev, fn, F(x), pos);
    }
};

#define FORGE_MATH_F1(NAME, CFN)                                                                   \
    const value *fn_##NAME(evaluator &ev, args a, position pos) {                                  \
        return unary_float<static_cast<double (*)(double)>(CFN)>::call(ev, a, pos, "math." #NAME); \
    }
FORGE_MATH_F1(Acosh, std::acosh)
FORGE_MATH_F1(Asin, std::asin)
FORGE_MATH_F1(Acos, std::acos)
FORGE_MATH_F1(Asinh, std::asinh)
FORGE_MATH_F1(Atan, std::atan)
FORGE_MATH_F1(Atanh, std::atanh)
FORGE_MATH_F1(Erf, std::erf)
FORGE_MATH_F1(Erfc, std::erfc)
FORGE_MATH_F1(Expm1, std::expm1)
FORGE_MATH_F1(Gamma, std::tgamma)
FORGE_MATH_F1(J0, ::j0)
FORGE_MATH_F1(Y0, ::y0)
FORGE_MATH_F1(J1, ::j1)
FORGE_MATH_F1(Y1, ::y1)
FORGE_MATH_F1(Log1p, std::log1p)
FORGE_MATH_F1(Logb, std::logb)
FORGE_MATH_F1(Cos, std::cos)
FORGE_MATH_F1(Sin, std::sin)
FORGE_MATH_F1(Sinh, std::sinh)
FORGE_MATH_F1(Cosh, std::cosh)
FORGE_MATH_F1(Sqrt, std::sqrt)
FORGE_MATH_F1(Tan, std::tan)
FORGE_MATH_F1(Tanh, std::tanh)
#undef FORGE_MATH_F1

template <double (*F)(double, double)>
const value *binary_float(evaluator &ev, args a, position pos, const char *fn) {
    double x = 0, y = 0;
    if (auto *e = float_arg(ev, a[0], fn, 0, &x, pos)) return e;
    if (auto *e = float_arg(ev, a[1], fn, 1, &y, pos)) return e;
    return float_result(ev, fn, F(x, y), pos);
}

double go_atan2(double y, double x) {
    return std::atan2(y, x);
}
double go_hypot(double x, double y) {
    return std::hypot(x, y);
}
double go_mod(double x, double y) {
    return std::fmod(x, y);
}
double go_remainder(double x, double y) {
    return std::remainder(x, y);
}

const value *fn_Atan2(evaluator &ev, args a, position pos) {
    return binary_float<go_atan2>(ev, a, pos, "math.Atan2");
}
const value *fn_Hypot(evaluator &ev, args a, position pos) {
    return binary_float<go_hypot>(ev, a, pos, "math.Hypot");
}
const value *fn_Mod(evaluator &ev, args a, position pos) {
    return binary_float<go_mod>(ev, a, pos, "math.Mod");
}
const value *fn_Remainder(evaluator &ev, args a, position pos) {
    return binary_float<go_remainder>(ev, a, pos, "math.Remainder");
}

// Jn(n int, x), Yn(n int, x), Ldexp(frac, exp int).
template <int Which>
const value *fn_int_float(evaluator &ev, args a, position pos) {
    static const char *names[] = {"math.Jn", "math.Yn", "math.Ldexp"};
    const char *fn = names[Which];
    int64_t n = 0;
    double x = 0;
    if (Which == 2) {
        if (auto *e = float_arg(ev, a[0], fn, 0, &x, pos)) return e;
        if (auto *e = arg_int(ev, a[1], &n, pos)) return e;
        if (n > 100000) n = 100000;
        if (n < -100000) n = -100000;
        return float_result(ev, fn, std::ldexp(x, static_cast<int>(n)), pos);
    }
    if (auto *e = arg_int(ev, a[0], &n, pos)) return e;
    if (auto *e = float_arg(ev, a[1], fn, 1, &x, pos)) return e;
    // Bessel functions of huge order take time proportional to the order: refuse them.
    if (n > 100000 || n < -100000) return call_error(ev, pos, fn, "order out of range");
    int k = static_cast<int>(n);
    return float_result(ev, fn, Which == 0 ? ::jn(k, x) : ::yn(k, x), pos);
}

const value *fn_Ilogb(evaluator &ev, args a, position pos) {
    double x = 0;
    if (auto *e = float_arg(ev, a[0], "math.Ilogb", 0, &x, pos)) return e;
    // Go's special cases: Ilogb(0) = MinInt32, Ilogb(+-Inf) = Ilogb(NaN) = MaxInt32.
    int64_t r = x == 0 ? INT32_MIN : std::isfinite(x) ? static_cast<int64_t>(std::ilogb(x)) : INT32_MAX;
    return ev.make_num(number(r), pos);
}

// ---------------------------------------------------------------- rounding to ints

enum class rounding { floor, ceil, trunc, half_up, half_even };

template <rounding R>
const value *fn_round(evaluator &ev, args a, position pos) {
    const number *x = nullptr;
    if (auto *e = num_arg(ev, a[0], &x, pos)) return e;
    bigint q;
    // Beyond CUE's exponent range the integer would be astronomically long (and CUE's own
    // arithmetic refuses such numbers).
    if (x->exponent() > 100000) return ev.error(err_code::eval, pos, "exponent out of range");
    if (x->exponent() >= 0) {
        q = x->coefficient() * bigint::pow10(static_cast<uint32_t>(x->exponent()));
    } else {
        uint64_t shift = static_cast<uint64_t>(-int64_t(x->exponent()));
        if (shift > x->coefficient().num_digits() + 1u) {
            // |x| < 0.1: the quotient is 0 and the remainder x itself.
            int s = x->sign();
            bool up = (R == rounding::floor && s < 0) || (R == rounding::ceil && s > 0);
            q = up ? bigint(R == rounding::floor ? -1 : 1) : bigint(0);
            return ev.make_num(number::from_int(q), pos);
        }
        bigint p = bigint::pow10(static_cast<uint32_t>(shift)), r;
        bigint::quo_rem(x->coefficient(), p, &q, &r);
        int s = r.sign();
        int c = s == 0 ? -1 : compare(r.abs() * bigint(2), p);
        bigint step(int64_t(x->sign() < 0 ? -1 : 1));
        switch (R) {
            case rounding::floor:
                if (s < 0) q -= bigint(1);
                break;
            case rounding::ceil:
                if (s > 0) q += bigint(1);
                break;
            case rounding::trunc:
                break;
            case rounding::half_up:
                if (c >= 0) q += step;
                break;
            case rounding::half_even: {
                bigint qq, rr;
                bigint::quo_rem(q, bigint(2), &qq, &rr);
                if (c > 0 || (c == 0 && !rr.is_zero())) q += step;
                break;
            }
        }
    }
    // Floor and Ceil quantize in the 24-digit context: a result with more digits fails there, and
    // CUE v0.4 then returns the coefficient of the NaN it got, 0.
    if ((R == rounding::floor || R == rounding::ceil) && q.num_digits() > number::precision) q = bigint(0);
    return ev.make_num(number::from_int(q), pos);
}

// ---------------------------------------------------------------- decimal functions

const value *fn_Abs(evaluator &ev, args a, position pos) {
    const number *x = nullptr;
    if (auto *e = num_arg(ev, a[0], &x, pos)) return e;
    return decimal_result(ev, decimal_math::round_context(x->coefficient(), x->exponent(), false), pos);
}

const value *fn_Copysign(evaluator &ev, args a, position pos) {
    const number *x = nullptr, *y = nullptr;
    if (auto *e = num_arg(ev, a[0], &x, pos)) return e;
    if (auto *e = num_arg(ev, a[1], &y, pos)) return e;
    bigint c = x->coefficient().abs();
    bool neg = y->sign_bit();
    return decimal_result(ev, number(neg ? -c : c, x->exponent(), num_kind::float_, neg), pos);
}

const value *fn_Dim(evaluator &ev, args a, position pos) {
    const number *x = nullptr, *y = nullptr;
    if (auto *e = num_arg(ev, a[0], &x, pos)) return e;
    if (auto *e = num_arg(ev, a[1], &y, pos)) return e;
    auto d = sub(*x, *y);
    if (!d.ok()) return call_error(ev, pos, "math.Dim", d.err().message);
    if (d->sign_bit()) return ev.make_num(number(0), pos);
    return decimal_result(ev, *d, pos);
}

template <result<number> (*F)(const number &)>
const value *decimal1(evaluator &ev, args a, position pos, const char *fn) {
    const number *x = nullptr;
    if (auto *e = num_arg(ev, a[0], &x, pos)) return e;
    return decimal_out(ev, fn, F(*x), pos);
}

const value *fn_Exp(evaluator &ev, args a, position pos) {
    return decimal1<decimal_math::exp>(ev, a, pos, "math.Exp");
}
const value *fn_Log(evaluator &ev, args a, position pos) {
    return decimal1<decimal_math::ln>(ev, a, pos, "math.Log");
}
const value *fn_Log10(evaluator &ev, args a, position pos) {
    return decimal1<decimal_math::log10>(ev, a, pos, "math.Log10");
}
const value *fn_Cbrt(evaluator &ev, args a, position pos) {
    return decimal1<decimal_math::cbrt>(ev, a, pos, "math.Cbrt");
}

// Log2 is Ln(x) / Ln(2), each rounded to the context, as CUE computes it (so Log2(8) is
// 3.00000000000000000000001 and Log2(1024) is 1E+1).
const value *fn_Log2(evaluator &ev, args a, position pos) {
    const number *x = nullptr;
    if (auto *e = num_arg(ev, a[0], &x, pos)) return e;
    auto lx = decimal_math::ln(*x);
    if (!lx.ok()) return call_error(ev, pos, "math.Log2", lx.err().message);
    auto l2 = decimal_math::ln(number(2));
    return decimal_out(ev, "math.Log2", quo(*lx, *l2), pos);
}

const value *fn_Pow(evaluator &ev, args a, position pos) {
    const number *x = nullptr, *y = nullptr;
    if (auto *e = num_arg(ev, a[0], &x, pos)) return e;
    if (auto *e = num_arg(ev, a[1], &y, pos)) return e;
    return decimal_out(ev, "math.Pow", decimal_math::pow(*x, *y), pos);
}

const value *fn_Exp2(evaluator &ev, args a, position pos) {
    const number *x = nullptr;
    if (auto *e = num_arg(ev, a[0], &x, pos)) return e;
    return decimal_out(ev, "math.Exp2", decimal_math::pow(number(2), *x), pos);
}

const value *fn_Pow10(evaluator &ev, args a, position pos) {
    int64_t n = 0;
    if (auto *e = arg_int(ev, a[0], &n, pos)) return e;
    if (n > INT32_MAX || n < INT32_MIN)
        return ev.error(err_code::eval, pos,
                        "int " + std::to_string(n) + " overflows int32 in argument 0 to math.Pow10");
    // CUE's decimal context keeps exponents within +-100000; larger ones would only fail later.
    if (n > 100000 || n < -100000) return call_error(ev, pos, "math.Pow10", "exponent out of range");
    return decimal_result(ev, number::make_float(bigint(1), static_cast<int32_t>(n)), pos);
}

const value *fn_Signbit(evaluator &ev, args a, position pos) {
    const number *x = nullptr;
    if (auto *e = num_arg(ev, a[0], &x, pos)) return e;
    return ev.bool_value(x->sign_bit());
}

// MultipleOf divides in a one-digit context: x is a multiple of y when x/y is exactly d * 10^k
// for a single digit d (so 110 is not a "multiple" of 5 in CUE v0.4, 100 is).
const value *fn_MultipleOf(evaluator &ev, args a, position pos) {
    const number *x = nullptr, *y = nullptr;
    if (auto *e = num_arg(ev, a[0], &x, pos)) return e;
    if (auto *e = num_arg(ev, a[1], &y, pos)) return e;
    if (y->is_zero())
        return call_error(ev, pos, "math.MultipleOf", x->is_zero() ? "division undefined" : "division by zero");
    if (x->is_zero()) return ev.bool_value(true);
    bigint n = x->coefficient().abs(), d = y->coefficient().abs(), q, r;
    auto strip = [](bigint &v) {
        bigint qq, rr;
        for (;;) {
            bigint::quo_rem(v, bigint(10), &qq, &rr);
            if (!rr.is_zero()) return;
            v = qq;
        }
    };
    strip(n);
    strip(d);
    // n / d == digit * 10^-m for some m >= 0 (m > 0 only when d has factors 2 or 5 left).
    for (int m = 0; m < 400; ++m) {
        bigint::quo_rem(n, d, &q, &r);
        if (compare(q, bigint(9)) > 0) return ev.bool_value(false);
        if (r.is_zero() && !q.is_zero()) return ev.bool_value(true);
        n = n * bigint(10);
    }
    return ev.bool_value(false);
}

// Jacobi symbol (x/y) for odd y > 0, as Go's big.Jacobi.
const value *fn_Jacobi(evaluator &ev, args a, position pos) {
    const number *xn = nullptr, *yn = nullptr;
    if (auto *e = num_arg(ev, a[0], &xn, pos)) return e;
    if (auto *e = num_arg(ev, a[1], &yn, pos)) return e;
    if (!xn->is_int() || !yn->is_int()) return ev.error(err_code::eval, pos, "math.Jacobi takes int arguments");
    bigint x = xn->to_bigint_truncated(), y = yn->to_bigint_truncated(), q, r;
    bigint::quo_rem(y, bigint(2), &q, &r);
    if (r.is_zero())
        return call_error(ev, pos, "math.Jacobi", "need odd integer for the second argument, got " + y.to_string());
    int j = 1;
    if (y.sign() < 0) {
        if (x.sign() < 0) j = -1;
        y = y.abs();
    }
    bigint::div_mod(x, y, &q, &x);
    while (!x.is_zero()) {
        int64_t twos = 0;
        for (;;) {
            bigint::quo_rem(x, bigint(2), &q, &r);
            if (!r.is_zero()) break;
            x = q;
            ++twos;
        }
        bigint y8, x4, t;
        bigint::div_mod(y, bigint(8), &t, &y8);
        int64_t ym8 = *y8.to_int64();
        if ((twos & 1) && (ym8 == 3 || ym8 == 5)) j = -j;
        bigint::div_mod(x, bigint(4), &t, &x4);
        if (*x4.to_int64() == 3 && ym8 % 4 == 3) j = -j;
        std::swap(x, y);
        bigint::div_mod(x, y, &t, &x);
    }
    return ev.make_num(number(compare(y, bigint(1)) == 0 ? j : 0), pos);
}

// ---------------------------------------------------------------- constants

template <const char *Text>
const value *fn_const(evaluator &ev, args, position pos) {
    auto n = number::parse_literal(Text);
    return ev.make_num(*n, pos);
}

constexpr char kMaxExp[] = "2147483647", kMinExpAbs[] = "2147483648", kMaxPrec[] = "4294967295", k0[] = "0", k1[] = "1",
               k2[] = "2", k3[] = "3", k4[] = "4", k5[] = "5", k62[] = "62",
               kE[] = "2.71828182845904523536028747135266249775724709369995957496696763",
               kPi[] = "3.14159265358979323846264338327950288419716939937510582097494459",
               kPhi[] = "1.61803398874989484820458683436563811772030917980576286213544861",
               kSqrt2[] = "1.41421356237309504880168872420969807856967187537694807317667974",
               kSqrtE[] = "1.64872127070012814684865078781416357165377610071014801157507931",
               kSqrtPi[] = "1.77245385090551602729816748334114518279754945612238712821380779",
               kSqrtPhi[] = "1.27201964951406896425242246173749149171560804184009624861664038",
               kLn2[] = "0.693147180559945309417232121458176568075500134360255254120680009",
               kLog2E[] = "1.442695040888963407359924681001892137426645954152985934135449408",
               kLn10[] = "2.3025850929940456840179914546843642076011014886287729760333278",
               kLog10E[] = "0.43429448190325182765112891891660508229439700580366656611445378";

template <const char *Text>
const value *fn_neg_const(evaluator &ev, args, position pos) {
    auto n = number::parse_literal(Text);
    return ev.make_num(-*n, pos);
}

// Sorted by name (the registry test checks for duplicates; lookups do not depend on order).
const builtin table[] = {
    {"math", "Above", 0, fn_const<k1>},
    {"math", "Abs", 1, fn_Abs},
    {"math", "Acos", 1, fn_Acos},
    {"math", "Acosh", 1, fn_Acosh},
    {"math", "Asin", 1, fn_Asin},
    {"math", "Asinh", 1, fn_Asinh},
    {"math", "Atan", 1, fn_Atan},
    {"math", "Atan2", 2, fn_Atan2},
    {"math", "Atanh", 1, fn_Atanh},
    {"math", "AwayFromZero", 0, fn_const<k3>},
    {"math", "Below", 0, fn_neg_const<k1>},
    {"math", "Cbrt", 1, fn_Cbrt},
    {"math", "Ceil", 1, fn_round<rounding::ceil>},
    {"math", "Copysign", 2, fn_Copysign},
    {"math", "Cos", 1, fn_Cos},
    {"math", "Cosh", 1, fn_Cosh},
    {"math", "Dim", 2, fn_Dim},
    {"math", "E", 0, fn_const<kE>},
    {"math", "Erf", 1, fn_Erf},
    {"math", "Erfc", 1, fn_Erfc},
    {"math", "Exact", 0, fn_const<k0>},
    {"math", "Exp", 1, fn_Exp},
    {"math", "Exp2", 1, fn_Exp2},
    {"math", "Expm1", 1, fn_Expm1},
    {"math", "Floor", 1, fn_round<rounding::floor>},
    {"math", "Gamma", 1, fn_Gamma},
    {"math", "Hypot", 2, fn_Hypot},
    {"math", "Ilogb", 1, fn_Ilogb},
    {"math", "J0", 1, fn_J0},
    {"math", "J1", 1, fn_J1},
    {"math", "Jacobi", 2, fn_Jacobi},
    {"math", "Jn", 2, fn_int_float<0>},
    {"math", "Ldexp", 2, fn_int_float<2>},
    {"math", "Ln10", 0, fn_const<kLn10>},
    {"math", "Ln2", 0, fn_const<kLn2>},
    {"math", "Log", 1, fn_Log},
    {"math", "Log10", 1, fn_Log10},
    {"math", "Log10E", 0, fn_const<kLog10E>},
    {"math", "Log1p", 1, fn_Log1p},
    {"math", "Log2", 1, fn_Log2},
    {"math", "Log2E", 0, fn_const<kLog2E>},
    {"math", "Logb", 1, fn_Logb},
    {"math", "MaxBase", 0, fn_const<k62>},
    {"math", "MaxExp", 0, fn_const<kMaxExp>},
    {"math", "MaxPrec", 0, fn_const<kMaxPrec>},
    {"math", "MinExp", 0, fn_neg_const<kMinExpAbs>},
    {"math", "Mod", 2, fn_Mod},
    {"math", "MultipleOf", 2, fn_MultipleOf, true},
    {"math", "Phi", 0, fn_const<kPhi>},
    {"math", "Pi", 0, fn_const<kPi>},
    {"math", "Pow", 2, fn_Pow},
    {"math", "Pow10", 1, fn_Pow10},
    {"math", "Remainder", 2, fn_Remainder},
    {"math", "Round", 1, fn_round<rounding::half_up>},
    {"math", "RoundToEven", 1, fn_round<rounding::half_even>},
    {"math", "Signbit", 1, fn_Signbit},
    {"math", "Sin", 1, fn_Sin},
    {"math", "Sinh", 1, fn_Sinh},
    {"math", "Sqrt", 1, fn_Sqrt},
    {"math", "Sqrt2", 0, fn_const<kSqrt2>},
    {"math", "SqrtE", 0, fn_const<kSqrtE>},
    {"math", "SqrtPhi", 0, fn_const<kSqrtPhi>},
    {"math", "SqrtPi", 0, fn_const<kSqrtPi>},
    {"math", "Tan", 1, fn_Tan},
    {"math", "Tanh", 1, fn_Tanh},
    {"math", "ToNearestAway", 0, fn_const<k1>},
    {"math", "ToNearestEven", 0, fn_const<k0>},
    {"math", "ToNegativeInf", 0, fn_const<k4>},
    {"math", "ToPositiveInf", 0, fn_const<k5>},
    {"math", "ToZero", 0, fn_const<k2>},
    {"math", "Trunc", 1, fn_round<rounding::trunc>},
    {"math", "Y0", 1, fn_Y0},
    {"math", "Y1", 1, fn_Y1},
    {"math", "Yn", 2, fn_int_float<1>},
};

}  // namespace

std::span<const builtin> pkg_math() {
    return table;
}

}  // namespace forge::cue
