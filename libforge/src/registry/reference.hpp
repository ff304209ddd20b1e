// Image references: `host[:port][/prefix]/repo:tag`, `...@sha256:<hex>` (a registry) and
// `oci:DIR[:tag|@digest]` (an image-layout directory).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/error.hpp"
#include "oci/digest.hpp"
#include "oci/layout.hpp"

namespace forge::registry {

struct reference {
    std::string registry;    // host[:port]
    std::string repository;  // path components after the host, e.g. "forge/monorepo/service"
    std::optional<std::string> tag;
    std::optional<oci::digest> digest;

    // What the manifest endpoints take: the digest when there is one, else the tag ("latest" when
    // neither was given).
    std::string ref() const;
    std::string str() const;
};

// The first component must name a host: it contains '.' or ':' or is "localhost". Repository
// components follow the distribution grammar ([a-z0-9]+ joined by '.', '_', '__' or '-'s); tags
// the tag grammar; digests must be sha256. status::invalid naming the problem.
result<reference> parse_reference(std::string_view text);

// A place an image can be: a registry reference or a layout reference ("oci:..." prefix).
using location = std::variant<reference, oci::layout_reference>;
result<location> parse_location(std::string_view text);
std::string to_string(const location &loc);

// Repository names as registries accept them.
bool is_valid_repository(std::string_view name);

}  // namespace forge::registry
