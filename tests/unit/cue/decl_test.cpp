#include <catch2/catch.hpp>

#include "cue_test_util.hpp"

using forge::cue::testing::parse_dump;

TEST_CASE("field label forms", "[cue][parser]") {
    CHECK(parse_dump("a: 1") == "(field a 1)");
    CHECK(parse_dump("\"a-b\": 1") == "(field \"a-b\" 1)");
    CHECK(parse_dump("\"\\(k)x\": 1") == "(field (interp \"\" k \"x\") 1)");
    CHECK(parse_dump("(k): 1") == "(field (k) 1)");
    CHECK(parse_dump("(a+b): 1") == "(field ((+ a b)) 1)");
    CHECK(parse_dump("[string]: int") == "(field [string] int)");
    CHECK(parse_dump("[=~\"^x\"]: int") == "(field [(=~ \"^x\")] int)");
    CHECK(parse_dump("[X=string]: {name: X}") == "(field [(= X string)] (struct (field name X)))");
    CHECK(parse_dump("X=a: 1") == "(field X=a 1)");
    CHECK(parse_dump("X=\"a b\": 1") == "(field X=\"a b\" 1)");
    CHECK(parse_dump("Y=[string]: 1") == "(field Y=[string] 1)");
    CHECK(parse_dump("(X=k): 1") == "(field ((= X k)) 1)");
    CHECK(parse_dump("a?: int") == "(field a? int)");
    CHECK(parse_dump("\"a\"?: int") == "(field \"a\"? int)");
    CHECK(parse_dump("(k)?: int") == "(field (k)? int)");
    CHECK(parse_dump("#D: {}") == "(field #D (struct))");
    CHECK(parse_dump("_h: 1") == "(field _h 1)");
    CHECK(parse_dump("_#hd: 1") == "(field _#hd 1)");
    CHECK(parse_dump("#_h: 1") == "(field #_h 1)");
}

TEST_CASE("keywords are valid field names", "[cue][parser]") {
    CHECK(parse_dump("if: 1\nfor: 2\nin: 3\nlet: 4\nimport: 5\npackage: 6\ntrue: 7\nnull: 8") ==
          "(field if 1) (field for 2) (field in 3) (field let 4) (field import 5) (field package 6) "
          "(field true 7) (field null 8)");
    CHECK(parse_dump("x: a.if") == "(field x (. a if))");
}

TEST_CASE("identifier classes", "[cue][parser]") {
    using namespace forge::cue;
    auto r = parse_file("t.cue", "a: 1\n_b: 2\n#C: 3\n_#D: 4\n");
    REQUIRE(r.ok());
    auto decls = r.file->root()->decls;
    auto cls = [&](int i) { return ast::as<ast::ident>(ast::as<ast::field>(decls[i])->label)->cls; };
    CHECK(cls(0) == ast::ident_class::regular);
    CHECK(cls(1) == ast::ident_class::hidden);
    CHECK(cls(2) == ast::ident_class::definition);
    CHECK(cls(3) == ast::ident_class::hidden_definition);
}

TEST_CASE("shorthand a: b: c nests implicit structs", "[cue][parser]") {
    CHECK(parse_dump("job: myTask: replicas: 2") ==
          "(field job (struct-implicit (field myTask (struct-implicit (field replicas 2)))))");
    CHECK(parse_dump("a: [string]: b?: int") ==
          "(field a (struct-implicit (field [string] (struct-implicit (field b? int)))))");
}

TEST_CASE("value aliases", "[cue][parser]") {
    CHECK(parse_dump("foo: X={x: X.a}") == "(field foo (= X (struct (field x (. X a)))))");
}

TEST_CASE("embeddings, ellipsis and let", "[cue][parser]") {
    CHECK(parse_dump("a: {\n\t#A\n\tb: 1\n}") == "(field a (struct (embed #A) (field b 1)))");
    CHECK(parse_dump("a: {\n\tb: 1\n\t...\n}") == "(field a (struct (field b 1) ...))");
    CHECK(parse_dump("a: {...string}") == "(field a (struct ...string))");
    CHECK(parse_dump("let x = 1 + 2\na: x") == "(let x (+ 1 2)) (field a x)");
    CHECK(parse_dump("close({a: 1})") == "(embed (call close (struct (field a 1))))");
    CHECK(parse_dump("[1, 2]") == "(embed (list 1 2))");
    CHECK(parse_dump("(a)") == "(embed (paren a))");
    CHECK(parse_dump("{a: 1} & {b: 2}") == "(embed (& (struct (field a 1)) (struct (field b 2))))");
}

TEST_CASE("comprehensions with several clauses", "[cue][parser]") {
    CHECK(parse_dump("for k, v in src {\n\t\"\\(k)\": v\n}") ==
          "(comprehension (for k v src) (struct (field (interp \"\" k \"\") v)))");
    CHECK(parse_dump("for x in xs if x > 1 let y = x * 2 {\n\ty: y\n}") ==
          "(comprehension (for x xs) (if (> x 1)) (let y (* x 2)) (struct (field y y)))");
    CHECK(parse_dump("for x in xs\nif x > 1 {a: x}") ==
          "(comprehension (for x xs) (if (> x 1)) (struct (field a x)))");
    CHECK(parse_dump("if a == 1 {b: 2}") == "(comprehension (if (== a 1)) (struct (field b 2)))");
    CHECK(parse_dump("a: [for i, x in xs if i > 0 {x + 1}]") ==
          "(field a (list (comprehension (for i x xs) (if (> i 0)) (struct (embed (+ x 1))))))");
}

TEST_CASE("attributes are kept with name and raw body", "[cue][parser][attributes]") {
    CHECK(parse_dump("field: string @go(Field)") == "(field field string @go(Field))");
    CHECK(parse_dump("attr: int @xml(,attr) @go(Attr)\nb: 1") ==
          "(field attr int @xml(,attr) @go(Attr)) (field b 1)");
    CHECK(parse_dump("a: {\n\t@jsonschema(id=\"https://x/y(1).json\")\n\tb: 1\n}") ==
          "(field a (struct @jsonschema(id=\"https://x/y(1).json\") (field b 1)))");
    CHECK(parse_dump("a: 1 @x(f(a[b]{c}), \")\")") == "(field a 1 @x(f(a[b]{c}), \")\"))");
    CHECK(parse_dump("a: b: 1 @inner()") == "(field a (struct-implicit (field b 1 @inner())))");
}

TEST_CASE("package clause, leading attributes and imports", "[cue][parser]") {
    using namespace forge::cue;
    auto r = parse_file("t.cue",
                        "@experiment(try)\n"
                        "package repo\n\n"
                        "import \"strings\"\n"
                        "import (\n\tm \"math\"\n\t\"example.com/x:y\"\n)\n\n"
                        "a: strings.ToUpper(\"x\")\n");
    REQUIRE(r.ok());
    const ast::file *f = r.file->root();
    CHECK(ast::dump(f) ==
          "(file @experiment(try) (package repo) (import \"strings\") (import m \"math\") "
          "(import \"example.com/x:y\") (field a (call (. strings ToUpper) \"x\")))");
    REQUIRE(f->package_name);
    CHECK(f->package_pos.line == 2);
    CHECK(f->imports[1]->alias->name == "m");
    CHECK(f->imports[1]->path_pos.line == 6);
    CHECK(f->imports[1]->path_pos.column == 4);
}

TEST_CASE("imports after declarations are an error", "[cue][parser]") {
    CHECK(forge::cue::testing::first_error("a: 1\nimport \"strings\"\n") ==
          "t.cue:2:1: imports must appear before other declarations");
}

TEST_CASE("comments are collected and documented declarations get their group", "[cue][parser][comments]") {
    using namespace forge::cue;
    auto r = parse_file("t.cue",
                        "// Package doc\n"
                        "package p\n"
                        "\n"
                        "// about a\n"
                        "// second line\n"
                        "a: 1 // trailing\n"
                        "b: 2\n"
                        "// floating\n"
                        "\n"
                        "c: 3\n");
    REQUIRE(r.ok());
    const ast::file *f = r.file->root();
    REQUIRE(f->comments.size() == 4);
    CHECK(f->comments[0]->lines[0] == "// Package doc");
    CHECK(f->comments[1]->lines.size() == 2);
    CHECK(f->comments[1]->lines[1] == "// second line");
    CHECK(f->comments[1]->pos.line == 4);
    CHECK(f->comments[2]->lines[0] == "// trailing");
    CHECK(f->comments[2]->pos.column == 6);
    auto *a = ast::as<ast::field>(f->decls[0]);
    auto *b = ast::as<ast::field>(f->decls[1]);
    auto *c = ast::as<ast::field>(f->decls[2]);
    REQUIRE(a->doc);
    CHECK(a->doc->lines[0] == "// about a");
    CHECK(b->doc == nullptr);  // a trailing comment documents nothing
    CHECK(c->doc == nullptr);  // separated by a blank line
}
