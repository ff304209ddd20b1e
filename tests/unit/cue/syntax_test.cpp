#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cue/lexer.hpp"
#include "cue_test_util.hpp"

using forge::cue::testing::first_error;
using forge::cue::testing::parse_dump;

namespace {

// Token kinds with inserted commas shown as "\\n" and explicit ones as ",".
std::string tokens(std::string_view src) {
    forge::cue::lexer lx(src, 0);
    std::string out;
    for (;;) {
        auto t = lx.next();
        if (t.kind == forge::cue::tok::eof) break;
        if (!out.empty()) out += ' ';
        if (t.kind == forge::cue::tok::comma) out += t.text == "," ? "," : "\\n";
        else out += std::string(t.text);
    }
    return out;
}

}  // namespace

TEST_CASE("commas are inserted after the tokens the spec lists", "[cue][lexer][commas]") {
    CHECK(tokens("a\nb") == "a \\n b \\n");
    CHECK(tokens("1\n\"s\"\n_|_\n") == "1 \\n \"s\" \\n _|_ \\n");
    CHECK(tokens("true\nnull\nfor\nin\nif\nlet\npackage\nimport\n") ==
          "true \\n null \\n for \\n in \\n if \\n let \\n package \\n import \\n");
    CHECK(tokens(")\n]\n}\n?\n...\n") == ") \\n ] \\n } \\n ? \\n ... \\n");
    CHECK(tokens("a: string @go(A)\n") == "a : string @go(A) \\n");
}

TEST_CASE("no comma after operators, opening brackets, colons or explicit commas", "[cue][lexer][commas]") {
    CHECK(tokens("a +\nb") == "a + b \\n");
    CHECK(tokens("a &\nb |\nc") == "a & b | c \\n");
    CHECK(tokens("{\n[\n(\n") == "{ [ (");
    CHECK(tokens("a:\n1") == "a : 1 \\n");
    CHECK(tokens("a,\nb") == "a , b \\n");
    CHECK(tokens("a =\n1") == "a = 1 \\n");
}

TEST_CASE("a comment acts like a newline, and end of file ends a line", "[cue][lexer][commas]") {
    CHECK(tokens("a // c\nb") == "a \\n b \\n");
    CHECK(tokens("a") == "a \\n");
    CHECK(tokens("a // c") == "a \\n");
    CHECK(tokens("a // c\n// d\n\nb") == "a \\n b \\n");
}

TEST_CASE("'.5' is a number except after an operand", "[cue][lexer]") {
    CHECK(tokens("a + .5") == "a + .5 \\n");
    CHECK(tokens("a .5") == "a . 5 \\n");
    CHECK(tokens("x.5") == "x . 5 \\n");
    CHECK(tokens("[1, ...]") == "[ 1 , ... ] \\n");
}

TEST_CASE("comma insertion in structs and lists", "[cue][parser][commas]") {
    CHECK(parse_dump("a: {\n\tb: 1\n\tc: 2\n}\n") == "(field a (struct (field b 1) (field c 2)))");
    CHECK(parse_dump("a: [\n\t1,\n\t2,\n]") == "(field a (list 1 2))");
    CHECK(parse_dump("a: [\n\t1,\n\t2\n]") == "(field a (list 1 2))");
    CHECK(parse_dump("a: 1 +\n\t2") == "(field a (+ 1 2))");
    CHECK(parse_dump("a: f(\n\t1,\n\t2\n)") == "(field a (call f 1 2))");
    CHECK(parse_dump("a: (\n\t1\n)") == "(field a (paren 1))");
    CHECK(parse_dump("a: b[\n\t1\n]") == "(field a (index b 1))");
    CHECK(parse_dump("a: 1, b: 2") == "(field a 1) (field b 2)");
}

TEST_CASE("list elements need explicit commas, as in CUE v0.4", "[cue][parser][commas][errors]") {
    CHECK(first_error("a: [\n\t1\n\t2\n]") == "t.cue:3:2: missing ',' before newline in list literal");
    CHECK(first_error("a: [1 2]") == "t.cue:1:7: missing ',' in list literal");
}

TEST_CASE("nodes carry exact positions (1-based, columns in bytes)", "[cue][parser][positions]") {
    using namespace forge::cue;
    auto r = parse_file("p.cue", "package p\n\na: {\n\tb:   \"é\" + x.y\n\t\"c\": [1, 2]\n}\n", parse_options{7});
    REQUIRE(r.ok());
    const ast::file *f = r.file->root();
    auto *a = ast::as<ast::field>(f->decls[0]);
    REQUIRE(a);
    CHECK(a->pos == position{7, 3, 1, 11});
    auto *s = ast::as<ast::struct_lit>(a->value);
    REQUIRE(s);
    CHECK(s->pos.line == 3);
    CHECK(s->pos.column == 4);
    CHECK(s->rbrace.line == 6);
    CHECK(s->rbrace.column == 1);
    auto *b = ast::as<ast::field>(s->decls[0]);
    CHECK(b->pos.line == 4);
    CHECK(b->pos.column == 2);
    auto *plus = ast::as<ast::binary_expr>(b->value);
    REQUIRE(plus);
    CHECK(plus->pos.column == 7);     // the string "é" (2 bytes in UTF-8)
    CHECK(plus->op_pos.column == 12);  // '+' counts é as two columns, as CUE does
    auto *sel = ast::as<ast::selector_expr>(plus->y);
    REQUIRE(sel);
    CHECK(sel->pos.column == 14);
    CHECK(sel->sel->pos.column == 16);
    auto *c = ast::as<ast::field>(s->decls[1]);
    CHECK(c->pos.line == 5);
    auto *list = ast::as<ast::list_lit>(c->value);
    REQUIRE(list);
    CHECK(list->elems[1]->pos.column == 11);
    CHECK(list->elems[1]->pos.offset == 43);
}

TEST_CASE("positions after multiline strings and attributes stay right", "[cue][parser][positions]") {
    using namespace forge::cue;
    auto r = parse_file("p.cue", "a: \"\"\"\n  x\n  \"\"\"\nb: 1 @x(\n)\nc: 2\n");
    REQUIRE(r.ok());
    auto d = r.file->root()->decls;
    CHECK(d[1]->pos.line == 4);
    CHECK(d[2]->pos.line == 6);
    CHECK(d[2]->pos.column == 1);
}

TEST_CASE("syntax errors read like CUE's", "[cue][parser][errors]") {
    CHECK(first_error("a: {\n\tb: 1\n") == "t.cue:3:1: expected '}', found 'EOF'");
    CHECK(first_error("a: 1 b: 2") == "t.cue:1:6: missing ',' in struct literal");
    CHECK(first_error("a: ") == "t.cue:1:4: expected operand, found 'EOF'");
    CHECK(first_error("a: )") == "t.cue:1:4: expected operand, found ')'");
    CHECK(first_error("a b") == "t.cue:1:3: missing ',' in struct literal");
    CHECK(first_error("a: 1 +") == "t.cue:1:7: expected operand, found 'EOF'");
    CHECK(first_error("x?") == "t.cue:1:3: expected ':', found newline");
    CHECK(first_error("a: b.3") == "t.cue:1:6: expected selector, found 'NUMBER' 3");
    CHECK(first_error("a: ;") == "t.cue:1:4: illegal character ';'");
    CHECK(first_error("a: 1 + {}: 2") == "t.cue:1:4: invalid label: a binary cannot be a field name (use an identifier, a string, (expr) or [pattern])");
    CHECK(first_error("X=a") == "t.cue:1:4: expected ':' after aliased label X=");
    CHECK(first_error("a: [X=1]") == "t.cue:1:5: alias not allowed in list element");
    CHECK(first_error("a: @x") == "t.cue:1:6: invalid attribute: expected '('");
    CHECK(first_error("a: 1 @x(()") == "t.cue:1:6: attribute missing closing ')'");
    CHECK(first_error("for x in y") == "t.cue:1:11: expected '{', found newline");
    CHECK(first_error("[string]?: int") == "t.cue:1:9: pattern constraints cannot be optional");
    CHECK(first_error("a: 'x': 1") == "t.cue:1:4: invalid label: a string cannot be a field name (use an identifier, a string, (expr) or [pattern])");
}

TEST_CASE("several syntax errors are reported, one per line", "[cue][parser][errors]") {
    auto r = forge::cue::parse_file("t.cue", "a: )\nb: 1\nc: ]\nd: {\n\te: (\n}\nf: 2\n");
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.errors.size() >= 3);
    CHECK(forge::cue::format_diagnostic(r.errors[0]) == "t.cue:1:4: expected operand, found ')'");
    CHECK(forge::cue::format_diagnostic(r.errors[1]) == "t.cue:3:4: expected operand, found ']'");
    CHECK(r.errors[2].pos.line >= 5);
    REQUIRE(r.file);  // the partial tree is still there
    CHECK(r.file->root()->decls.size() >= 4);
}

TEST_CASE("the error count is bounded", "[cue][parser][errors][limits]") {
    std::string src;
    for (int i = 0; i < 100; ++i) src += "a: )\n";
    auto r = forge::cue::parse_file("t.cue", src);
    CHECK(r.errors.size() == 10);
}

TEST_CASE("deep nesting stops with a clear error instead of overflowing the stack", "[cue][parser][limits]") {
    for (const char *open : {"(", "[", "{a: ", "-", "a: ", "\"\\(", "[for x in y {"}) {
        std::string src = "x: ";
        for (int i = 0; i < 100000; ++i) src += open;
        auto r = forge::cue::parse_file("deep.cue", src);
        REQUIRE_FALSE(r.ok());
        bool found = false;
        for (auto &e : r.errors) found |= e.message == "nesting too deep (more than 1000 levels)";
        CHECK(found);
    }
}

TEST_CASE("nesting just under the limit parses", "[cue][parser][limits]") {
    std::string src = "x: ";
    for (int i = 0; i < 900; ++i) src += "[";
    for (int i = 0; i < 900; ++i) src += "]";
    CHECK(forge::cue::parse_file("ok.cue", src).ok());
    std::string structs = "x: ";
    for (int i = 0; i < 900; ++i) structs += "{a: ";
    structs += "1";
    for (int i = 0; i < 900; ++i) structs += "}";
    CHECK(forge::cue::parse_file("ok.cue", structs).ok());
}

TEST_CASE("long operator chains are bounded", "[cue][parser][limits]") {
    std::string src = "x: 1";
    for (int i = 0; i < 20000; ++i) src += " | 1";
    auto r = forge::cue::parse_file("long.cue", src);
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors[0].message.find("expression too long") == 0);
    std::string ok = "x: 1";
    for (int i = 0; i < 5000; ++i) ok += " | 1";
    CHECK(forge::cue::parse_file("ok.cue", ok).ok());
}

TEST_CASE("input size is bounded", "[cue][parser][limits]") {
    forge::cue::parse_options o;
    o.max_size = 16;
    auto r = forge::cue::parse_file("big.cue", std::string(17, ' '), o);
    REQUIRE_FALSE(r.ok());
    CHECK(r.file == nullptr);
    CHECK(forge::cue::format_diagnostic(r.errors[0]) == "big.cue: file too large (17 bytes, limit 16)");
}

TEST_CASE("odd input never crashes", "[cue][parser][robustness]") {
    const char *inputs[] = {"",       "\xEF\xBB\xBF" "a: 1", "\0",      "\"",     "'''",     "#",    "##\"",
                            "@",      "@a(",                 "a: \"\\(", "\"\\(\"\\(", "_#",    "0x_",  "1e+",
                            "[...",   "{...",                "for",     "if",     "let x",   "a: b: c:", "\xff\xfe",
                            "\"\"\"\n", "a: [X=", "(X=", "import (", "package", "\"\\u12", "'\\7'", ".", "a.", "a[:"};
    for (const char *in : inputs) {
        auto r = forge::cue::parse_file("odd.cue", std::string(in));
        CHECK(r.file != nullptr);
    }
    CHECK(forge::cue::parse_file("bom.cue", "\xEF\xBB\xBF" "a: 1").ok());
    CHECK(forge::cue::parse_file("nul.cue", std::string("a: \0", 4)).errors.size() == 1);
}

TEST_CASE("diagnostics format with and without a value path", "[cue][diagnostic]") {
    using namespace forge::cue;
    diagnostic with_path{"phases.build.group", "conflicting values 2 and \"x\"", position{0, 12, 10, 100}, "repo.cue"};
    CHECK(format_diagnostic(with_path) == "phases.build.group: conflicting values 2 and \"x\" (repo.cue:12:10)");
    diagnostic syntax{"", "expected '}', found 'EOF'", position{0, 3, 7, 20}, "file.cue"};
    CHECK(format_diagnostic(syntax) == "file.cue:3:7: expected '}', found 'EOF'");
    diagnostic bare{"a", "incomplete value string", position{}, ""};
    CHECK(format_diagnostic(bare) == "a: incomplete value string");
    CHECK(format_diagnostics({syntax, bare}) == "file.cue:3:7: expected '}', found 'EOF'\na: incomplete value string\n");
}

TEST_CASE("parse_expr parses one expression", "[cue][parser]") {
    using forge::cue::testing::expr_dump;
    CHECK(expr_dump("a.b + 1\n") == "(+ (. a b) 1)");
    CHECK(expr_dump("a b").rfind("ERR: e.cue:1:3: expected end of expression, found 'IDENT' b", 0) == 0);
}
