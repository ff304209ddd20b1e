#pragma once
// Shared helpers of the GitOps and CMP integration tests.
#include <catch2/catch.hpp>
#include <string>

#include "core/error.hpp"

#define GITOPS_REQUIRE_OK(expr)                                                 \
    do {                                                                        \
        const auto &gitops_ok_r_ = (expr);                                      \
        INFO((gitops_ok_r_.ok() ? std::string() : gitops_ok_r_.err().message)); \
        REQUIRE(gitops_ok_r_.ok());                                             \
    } while (0)

namespace forge::gitops::testing {

// A deterministic fake commit SHA for (a, b).
inline std::string fake_sha(int a, int b) {
    static const char *hex = "0123456789abcdef";
    std::string s;
    unsigned long long x = 1469598103934665603ull ^ (unsigned long long)(a * 1000003 + b);
    for (int i = 0; i < 40; ++i) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        s += hex[(x >> 59) & 15];
    }
    return s;
}

}  // namespace forge::gitops::testing
