// A git object id (SHA-1) as a plain value, so that code outside src/git never sees libgit2 types.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace forge::git {

struct object_id {
    std::array<std::uint8_t, 20> bytes{};

    // 40 lower-case hex digits.
    std::string hex() const;
    // The first `n` hex digits (abbreviated form for messages).
    std::string short_hex(std::size_t n = 12) const { return hex().substr(0, n); }
    bool is_zero() const;

    // Parses exactly 40 hex digits (either case).
    static result<object_id> parse(std::string_view hex);

    auto operator<=>(const object_id &) const = default;
};

}  // namespace forge::git
