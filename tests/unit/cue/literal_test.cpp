#include <catch2/catch.hpp>

#include "cue_test_util.hpp"

using forge::cue::testing::expr_dump;
using forge::cue::testing::first_error;

TEST_CASE("integer literals in every base, with separators", "[cue][literal]") {
    CHECK(expr_dump("42") == "42");
    CHECK(expr_dump("0") == "0");
    CHECK(expr_dump("1_000_000") == "1000000");
    CHECK(expr_dump("170_141_183_460_469_231_731_687_303_715_884_105_727") ==
          "170141183460469231731687303715884105727");
    CHECK(expr_dump("0xBad_Face") == "int16:BadFace");
    CHECK(expr_dump("0XFF") == "int16:FF");
    CHECK(expr_dump("0o755") == "int8:755");
    CHECK(expr_dump("0b0101_0001") == "int2:1010001");
}

TEST_CASE("SI and IEC multipliers give exact integers, truncated", "[cue][literal]") {
    CHECK(expr_dump("1K") == "1000");
    CHECK(expr_dump("1.5G") == "1500000000");
    CHECK(expr_dump("1.3Ki") == "1331");  // trunc(1.3 * 1024)
    CHECK(expr_dump("2Mi") == "2097152");
    CHECK(expr_dump("1Gi") == "1073741824");
    CHECK(expr_dump("1Ti") == "1099511627776");
    CHECK(expr_dump("1Pi") == "1125899906842624");
    CHECK(expr_dump("3P") == "3000000000000000");
    CHECK(expr_dump("1.23456K") == "1234");
    CHECK(expr_dump(".5K") == "500");
    CHECK(expr_dump("0.0001K") == "0");
    CHECK(expr_dump("1_0K") == "10000");
}

TEST_CASE("float literals are normalised", "[cue][literal]") {
    CHECK(expr_dump("0.") == "float:0.0");
    CHECK(expr_dump("72.40") == "float:72.40");
    CHECK(expr_dump("072.40") == "float:72.40");
    CHECK(expr_dump("2.71828") == "float:2.71828");
    CHECK(expr_dump("1.e+0") == "float:1.0e0");
    CHECK(expr_dump("6.67428e-11") == "float:6.67428e-11");
    CHECK(expr_dump("1E6") == "float:1.0e6");
    CHECK(expr_dump(".25") == "float:0.25");
    CHECK(expr_dump(".12345E+5") == "float:0.12345e5");
    CHECK(expr_dump("1_000.000_1") == "float:1000.0001");
}

TEST_CASE("number_lit keeps the raw text and points into the source when unchanged", "[cue][literal]") {
    auto r = forge::cue::parse_expr("e.cue", "12345");
    REQUIRE(r.ok());
    auto *n = forge::cue::ast::as<forge::cue::ast::number_lit>(
        forge::cue::ast::as<forge::cue::ast::embed_decl>(r.file->root()->decls[0])->x);
    REQUIRE(n);
    CHECK(n->raw == "12345");
    CHECK(n->digits.data() == r.file->source().data());
}

TEST_CASE("malformed numbers are reported", "[cue][literal][errors]") {
    CHECK(first_error("a: 1__0") == "t.cue:1:4: '_' must separate successive digits");
    CHECK(first_error("a: 10_") == "t.cue:1:4: '_' must separate successive digits");
    CHECK(first_error("a: 0x") == "t.cue:1:4: illegal number: no digits after base prefix");
    CHECK(first_error("a: 0b102") == "t.cue:1:8: illegal digit in number");
    CHECK(first_error("a: 1e") == "t.cue:1:5: exponent has no digits");
    CHECK(first_error("a: 0755") == "t.cue:1:4: illegal integer number 0755: leading zeros are not allowed");
}

TEST_CASE("string escapes", "[cue][literal][strings]") {
    CHECK(expr_dump(R"c("a\tb\nc\\d\"e\/f")c") == R"c("a\tb\nc\\d\"e/f")c");
    CHECK(expr_dump(R"c("\a\b\f\r\v")c") == R"c("\x07\x08\x0c\x0d\x0b")c");
    CHECK(expr_dump(R"c("\u65e5本\U00008a9e")c") == "\"日本語\"");
    CHECK(expr_dump(R"c('\xe6\x97\xa5')c") == "b\"日\"");
    CHECK(expr_dump(R"c('a\000\xab')c") == "b\"a\\x00\xab\"");
    CHECK(expr_dump(R"c('\377')c") == "b\"\xff\"");
    CHECK(expr_dump(R"c('it\'s')c") == "b\"it's\"");
    CHECK(expr_dump("\"a\r\nb\\\nc\"").rfind("ERR", 0) == 0);  // a raw newline ends a simple string
}

TEST_CASE("invalid escapes name their position", "[cue][literal][strings][errors]") {
    CHECK(first_error(R"c(a: "x\q")c") == "t.cue:1:6: unknown escape sequence");
    CHECK(first_error(R"c(a: "\xff")c") == "t.cue:1:5: hexadecimal escapes are only allowed in bytes literals");
    CHECK(first_error(R"c(a: "\377")c") == "t.cue:1:5: octal escapes are only allowed in bytes literals");
    CHECK(first_error(R"c(a: "\'")c") == "t.cue:1:5: unknown escape sequence");
    CHECK(first_error(R"c(a: '\"')c") == "t.cue:1:5: unknown escape sequence");
    CHECK(first_error(R"c(a: "\uD800")c") == "t.cue:1:5: escape sequence is invalid Unicode code point");
    CHECK(first_error(R"c(a: "\U00110000")c") == "t.cue:1:5: escape sequence is invalid Unicode code point");
    CHECK(first_error(R"c(a: '\xa')c") == "t.cue:1:5: escape sequence not terminated");
    CHECK(first_error(R"c(a: '\xag')c") == "t.cue:1:7: illegal character in escape sequence");
    CHECK(first_error("a: \"x\ny\"") == "t.cue:1:4: string literal not terminated");
    CHECK(first_error("a: \"\xff\"") == "t.cue:1:5: invalid UTF-8 encoding in string literal");
}

TEST_CASE("raw strings with # delimiters", "[cue][literal][strings]") {
    CHECK(expr_dump(R"c(#"This is not an \(interpolation)"#)c") == R"c("This is not an \\(interpolation)")c");
    CHECK(expr_dump(R"c(#"This is an \#(x)"#)c") == R"c((interp "This is an " x ""))c");
    CHECK(expr_dump(R"c(#"The sequence "\U0001F604" renders as \#U0001F604."#)c") ==
          "\"The sequence \\\"\\\\U0001F604\\\" renders as 😄.\"");
    CHECK(expr_dump(R"c(##"a"#b"##)c") == R"c("a\"#b")c");
    CHECK(expr_dump(R"c(#"a\#nb"#)c") == R"c("a\nb")c");
    CHECK(expr_dump(R"c(#'\x00'#)c") == R"c(b"\\x00")c");
}

TEST_CASE("multiline strings strip the closing quote's indentation", "[cue][literal][strings]") {
    std::string src = "\"\"\"\n"
                      "    lily:\n"
                      "    out of the water\n"
                      "\n"
                      "    picking \\\n"
                      "    bugs\n"
                      "        — Nick\n"
                      "    \"\"\"";
    CHECK(expr_dump(src) == "\"lily:\\nout of the water\\n\\npicking bugs\\n    — Nick\"");
    CHECK(expr_dump("\"\"\"\n\t\"\"\"") == "\"\"");
    CHECK(expr_dump("\"\"\"\n  a \"quoted\" \"\" b\n  \"\"\"") == R"c("a \"quoted\" \"\" b")c");
    CHECK(expr_dump("'''\n  \\x41\n  '''") == "b\"A\"");
    CHECK(expr_dump("#\"\"\"\n  a\\nb\n  \"\"\"#") == R"c("a\\nb")c");
    CHECK(expr_dump("\"\"\"\r\n  a\r\n  b\r\n  \"\"\"") == R"c("a\nb")c");
}

TEST_CASE("multiline interpolation strips indentation across fragments", "[cue][literal][strings]") {
    CHECK(expr_dump("\"\"\"\n  a\\(x)b\n  \\(y)\n  \"\"\"") == R"c((interp "a" x "b\n" y ""))c");
}

TEST_CASE("multiline string errors", "[cue][literal][strings][errors]") {
    CHECK(first_error("a: \"\"\"\n  x\n y\n  \"\"\"") ==
          "t.cue:3:1: invalid whitespace in multiline string: lines must start with the closing quote's indentation");
    CHECK(first_error("a: \"\"\"\n  x\"\"\"") == "t.cue:2:4: closing quote of a multiline string must be on its own line");
    CHECK(first_error("a: \"\"\"x\n  \"\"\"") == "t.cue:1:7: expected newline after multiline quote");
}

TEST_CASE("interpolations nest and keep their parts", "[cue][literal][strings]") {
    CHECK(expr_dump(R"c("Hello, \( name )!")c") == R"c((interp "Hello, " name "!"))c");
    CHECK(expr_dump(R"c("\(a)\(b)")c") == R"c((interp "" a "" b ""))c");
    CHECK(expr_dump(R"c("x\("in\(y)ner")z")c") == R"c((interp "x" (interp "in" y "ner") "z"))c");
    CHECK(expr_dump(R"c("\(a + ")" + f(1))")c") == R"c((interp "" (+ (+ a ")") (call f 1)) ""))c");
    CHECK(expr_dump(R"c('\(a)\x00')c") == R"c((binterp "" a "\x00"))c");
    CHECK(expr_dump(R"c("\({a: 1}.a)")c") == R"c((interp "" (. (struct (field a 1)) a) ""))c");
}

TEST_CASE("broken interpolations are reported", "[cue][literal][strings][errors]") {
    CHECK(first_error("a: \"\\(x\"") == "t.cue:1:8: string literal not terminated");
    CHECK(first_error("a: \"\\(x y)\"") == "t.cue:1:9: expected ')' closing the interpolation, found 'IDENT' y");
    CHECK(first_error("a: \"\\(x)") == "t.cue:1:8: interpolated string not terminated");
}
