#include <catch2/catch.hpp>

#include "cue_test_util.hpp"

using forge::cue::testing::expr_dump;

TEST_CASE("binary operators follow the spec's precedence table", "[cue][parser]") {
    CHECK(expr_dump("a | b & c") == "(| a (& b c))");
    CHECK(expr_dump("a & b || c") == "(& a (|| b c))");
    CHECK(expr_dump("a || b && c") == "(|| a (&& b c))");
    CHECK(expr_dump("a && b == c") == "(&& a (== b c))");
    CHECK(expr_dump("a == b + c") == "(== a (+ b c))");
    CHECK(expr_dump("a + b * c") == "(+ a (* b c))");
    CHECK(expr_dump("23 + 3*x[i]") == "(+ 23 (* 3 (index x i)))");
    CHECK(expr_dump("x == y+1 && y == z-1") == "(&& (== x (+ y 1)) (== y (- z 1)))");
}

TEST_CASE("binary operators of equal precedence associate to the left", "[cue][parser]") {
    CHECK(expr_dump("x / y * z") == "(* (/ x y) z)");
    CHECK(expr_dump("a - b - c") == "(- (- a b) c)");
    CHECK(expr_dump("a | b | c") == "(| (| a b) c)");
    CHECK(expr_dump("a =~ b !~ c") == "(!~ (=~ a b) c)");
}

TEST_CASE("unary operators bind tighter than binary ones", "[cue][parser]") {
    CHECK(expr_dump("*1 | 2") == "(| (* 1) 2)");
    CHECK(expr_dump("-a * b") == "(* (- a) b)");
    CHECK(expr_dump(">=0 & <=10") == "(& (>= 0) (<= 10))");
    CHECK(expr_dump("!=\"\" & =~\"^a\" & !~\"b$\"") == "(& (& (!= \"\") (=~ \"^a\")) (!~ \"b$\"))");
    CHECK(expr_dump("!!x") == "(! (! x))");
    CHECK(expr_dump("* >=5 | int") == "(| (* (>= 5)) int)");
    CHECK(expr_dump("+x") == "(+ x)");
}

TEST_CASE("parentheses are kept because they change default marking", "[cue][parser]") {
    CHECK(expr_dump("a | (b | *c)") == "(| a (paren (| b (* c))))");
}

TEST_CASE("primary expressions: selectors, index, slice, calls", "[cue][parser]") {
    CHECK(expr_dump("f.p[i].x") == "(. (index (. f p) i) x)");
    CHECK(expr_dump("T.\"x-y\"") == "(. T \"x-y\")");
    CHECK(expr_dump("a[1:2]") == "(slice a 1 2)");
    CHECK(expr_dump("a[:2]") == "(slice a <nil> 2)");
    CHECK(expr_dump("a[1:]") == "(slice a 1 <nil>)");
    CHECK(expr_dump("f(3.1415, true)") == "(call f float:3.1415 true)");
    CHECK(expr_dump("f()") == "(call f)");
    CHECK(expr_dump("strings.Join(x, \",\")") == "(call (. strings Join) x \",\")");
    CHECK(expr_dump("div(7, 2)") == "(call div 7 2)");
    CHECK(expr_dump("#Def.#x._h") == "(. (. #Def #x) _h)");
}

TEST_CASE("operand forms", "[cue][parser]") {
    CHECK(expr_dump("_") == "_");
    CHECK(expr_dump("_|_") == "_|_");
    CHECK(expr_dump("null") == "null");
    CHECK(expr_dump("[1, 2, ...int]") == "(list 1 2 ...int)");
    CHECK(expr_dump("[...]") == "(list ...)");
    CHECK(expr_dump("[]") == "(list)");
    CHECK(expr_dump("{}") == "(struct)");
    CHECK(expr_dump("{a: 1, b: 2}") == "(struct (field a 1) (field b 2))");
    CHECK(expr_dump("[for x in y {x}]") == "(list (comprehension (for x y) (struct (embed x))))");
    CHECK(expr_dump("[1, if c {2}]") == "(list 1 (comprehension (if c) (struct (embed 2))))");
    CHECK(expr_dump("αβ") == "αβ");
    CHECK(expr_dump("$x") == "$x");
}

TEST_CASE("the Forge @artifact(\"name\") operand takes selectors", "[cue][parser][artifact]") {
    CHECK(expr_dump("@artifact(\"web\").image") == "(. (artifact \"web\") image)");
    CHECK(expr_dump("@artifact( \"api\" ).digest + \"x\"") == "(+ (. (artifact \"api\") digest) \"x\")");
    CHECK(forge::cue::testing::parse_dump("img: @artifact(\"web\").image @go(Img)\n") ==
          "(field img (. (artifact \"web\") image) @go(Img))");
    CHECK(forge::cue::testing::parse_dump("x: { @artifact(\"w\").uri }") ==
          "(field x (struct (embed (. (artifact \"w\") uri))))");
    CHECK(forge::cue::testing::first_error("x: @artifact(web).image") ==
          "t.cue:1:14: @artifact takes one non-empty string argument, as in @artifact(\"web\")");
    CHECK(forge::cue::testing::first_error("x: @other(1)") ==
          "t.cue:1:4: unexpected attribute @other in expression (attributes follow a field's value)");
}

TEST_CASE("artifact_ref records the argument position", "[cue][parser][artifact]") {
    auto r = forge::cue::parse_expr("e.cue", "@artifact(\"web\").image");
    REQUIRE(r.ok());
    auto *sel = forge::cue::ast::as<forge::cue::ast::selector_expr>(
        forge::cue::ast::as<forge::cue::ast::embed_decl>(r.file->root()->decls[0])->x);
    REQUIRE(sel);
    auto *a = forge::cue::ast::as<forge::cue::ast::artifact_ref>(sel->x);
    REQUIRE(a);
    CHECK(a->name == "web");
    CHECK(a->pos.column == 1);
    CHECK(a->name_pos.column == 11);
}
