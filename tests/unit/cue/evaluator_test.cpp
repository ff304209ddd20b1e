// Core semantics of the CUE evaluator, through export_values on small files.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "cue/api.hpp"

namespace {

forge::cue::export_result run(const std::string &src) {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("forge-cue-eval-" + std::to_string(std::hash<std::string>{}(src)));
    fs::create_directories(dir);
    fs::path file = dir / "a.cue";
    std::ofstream(file) << src;
    forge::cue::export_options o;
    o.paths.push_back(file.string());
    auto r = forge::cue::export_values(o);
    fs::remove_all(dir);
    return r;
}

}  // namespace

TEST_CASE("unification of scalars and references", "[cue]") {
    auto r = run("a: int\na: 2\nb: a + 1\n");
    REQUIRE(r.ok);
    CHECK(r.output == "{\n    \"a\": 2,\n    \"b\": 3\n}\n");
}

TEST_CASE("conflicts are errors with path and position", "[cue]") {
    auto r = run("a: 2\na: \"x\"\n");
    REQUIRE_FALSE(r.ok);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].find("a: conflicting values 2 and \"x\"") == 0);
    CHECK(r.errors[0].find("a.cue:2:4") != std::string::npos);
}

TEST_CASE("defaults of disjunctions", "[cue]") {
    CHECK(run("a: *1 | int\n").output == "{\n    \"a\": 1\n}\n");
    CHECK(run("a: *1 | int\na: 3\n").output == "{\n    \"a\": 3\n}\n");
    CHECK_FALSE(run("a: (*1 | 2) & (1 | *2)\n").ok);  // both defaults eliminated: ambiguous
}

TEST_CASE("definitions are closed", "[cue]") {
    auto r = run("#D: {a: int}\nx: #D & {b: 1}\n");
    REQUIRE_FALSE(r.ok);
    CHECK(r.errors[0].find("field b not allowed") != std::string::npos);
    CHECK(run("#D: {a: int, ...}\nx: #D & {a: 1, b: 1}\n").ok);
}

TEST_CASE("comprehensions and patterns", "[cue]") {
    auto r = run("s: [N=string]: {name: N}\ns: a: {}\nl: [for k, v in s {v.name}]\n");
    REQUIRE(r.ok);
    CHECK(r.output.find("\"name\": \"a\"") != std::string::npos);
    CHECK(r.output.find("\"l\": [\n        \"a\"\n    ]") != std::string::npos);
}

TEST_CASE("incomplete values and structural cycles fail cleanly", "[cue]") {
    CHECK(run("a: string\n").errors.at(0) == "a: incomplete value string");
    CHECK_FALSE(run("a: {b: a}\n").ok);
    CHECK_FALSE(run("#A: {b: #A}\nx: #A\n").ok);
}
