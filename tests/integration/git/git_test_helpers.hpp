#pragma once
// Shared helpers of the git layer's integration tests.
#include <catch2/catch.hpp>
#include <string>

#include "core/error.hpp"
#include "git/repository.hpp"

// Requires success and shows the error message when there is none.
#define REQUIRE_OK(expr)                                             \
    do {                                                             \
        const auto &require_ok_r_ = (expr);                          \
        INFO((require_ok_r_.ok() ? std::string() : require_ok_r_.err().message)); \
        REQUIRE(require_ok_r_.ok());                                 \
    } while (0)

namespace forge::git::testing {

inline repository open_ok(const std::filesystem::path &path) {
    auto r = repository::open(path);
    INFO((r.ok() ? std::string() : r.err().message));
    REQUIRE(r.ok());
    return std::move(r).value();
}

inline signature test_signature() {
    signature s;
    s.name = "Forge Test";
    s.email = "forge@example.com";
    return s;
}

}  // namespace forge::git::testing
