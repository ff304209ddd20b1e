#include <catch2/catch.hpp>

#include "core/error.hpp"

namespace {
forge::result<int> parse_positive(int v) {
    if (v <= 0) return forge::make_error(forge::status::invalid, "must be positive");
    return v;
}

forge::result<int> doubled(int v) {
    FORGE_TRY_ASSIGN(int x, parse_positive(v));
    return x * 2;
}

forge::status_result check_both(int a, int b) {
    FORGE_TRY(parse_positive(a));
    FORGE_TRY(parse_positive(b));
    return {};
}
}  // namespace

TEST_CASE("result carries a value or an error", "[core]") {
    auto ok = doubled(21);
    REQUIRE(ok.ok());
    CHECK(*ok == 42);

    auto bad = doubled(-1);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.err().code == forge::status::invalid);
    CHECK(bad.err().message == "must be positive");
}

TEST_CASE("FORGE_TRY stops at the first failure", "[core]") {
    CHECK(check_both(1, 2).ok());
    auto r = check_both(1, 0);
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == forge::status::invalid);
}

TEST_CASE("errors gain context when wrapped", "[core]") {
    auto e = forge::make_error(forge::status::io, "permission denied");
    e.wrap("reading repo.cue");
    CHECK(e.message == "reading repo.cue: permission denied");
}

TEST_CASE("status names match the C API", "[core]") {
    CHECK(std::string(forge::status_name(forge::status::not_found)) == "FORGE_ENOTFOUND");
    CHECK(std::string(forge::status_name(forge::status::integrity)) == "FORGE_EINTEGRITY");
    CHECK(std::string(forge::status_name(static_cast<forge::status>(-999))) == "FORGE_UNKNOWN");
}
