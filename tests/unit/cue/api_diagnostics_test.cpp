// Structured errors of export_values: each error text split into path, message and position.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "cue/api.hpp"

using namespace forge::cue;

TEST_CASE("error texts split into path, message and position", "[cue]") {
    auto e = parse_error_text("phases.build.group: conflicting values 2 and \"x\" (repo.cue:12:10)");
    CHECK(e.path == "phases.build.group");
    CHECK(e.message == "conflicting values 2 and \"x\"");
    CHECK(e.file == "repo.cue");
    CHECK(e.line == 12);
    CHECK(e.column == 10);

    auto s = parse_error_text("dir/a.cue:3:7: expected '}', found 'EOF'");
    CHECK(s.path.empty());
    CHECK(s.file == "dir/a.cue");
    CHECK(s.line == 3);
    CHECK(s.column == 7);
    CHECK(s.message == "expected '}', found 'EOF'");

    auto n = parse_error_text("a: incomplete value int");
    CHECK(n.path == "a");
    CHECK(n.message == "incomplete value int");
    CHECK(n.line == 0);
}

TEST_CASE("export_values reports every error with its position", "[cue]") {
    export_options o;
    o.sources = {{"mem.cue", "a: 1\na: 2\nb: int\n"}};
    auto r = export_values(o);
    REQUIRE_FALSE(r.ok);
    REQUIRE(r.diagnostics.size() == r.errors.size());
    REQUIRE_FALSE(r.diagnostics.empty());
    CHECK(r.diagnostics[0].path == "a");
    CHECK(r.diagnostics[0].message.find("conflicting values") != std::string::npos);
    CHECK(r.diagnostics[0].file.find("mem.cue") != std::string::npos);
    CHECK(r.diagnostics[0].line >= 1);
}
