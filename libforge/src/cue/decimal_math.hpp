// Transcendental functions on CUE numbers with the results CUE v0.4's math package gives: CUE
// computes them with apd in a 24-digit, round-half-up decimal context, so a result is the exact
// value rounded to 24 significant digits, trailing zeros kept (math.Log10(1000) is
// 3.00000000000000000000000). We compute in fixed point with ample guard digits and round once.
#pragma once

#include <string>

#include "core/error.hpp"
#include "cue/number.hpp"

namespace forge::cue::decimal_math {

// Errors carry apd's condition text ("invalid operation", "overflow", "underflow, subnormal",
// "division by zero"), which CUE puts after "error in call to math.X: ".
result<number> ln(const number &x);
result<number> log10(const number &x);
result<number> exp(const number &x);
result<number> pow(const number &x, const number &y);
result<number> cbrt(const number &x);

// |v| rounded half up to 24 significant digits, as a float (exact when it has at most 24 digits).
number round_context(const bigint &coeff, int64_t exp, bool negative);

}  // namespace forge::cue::decimal_math
