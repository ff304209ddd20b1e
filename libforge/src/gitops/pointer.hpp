// The ReleasePointer of spec.md §8 (schema: project/schemas/gitops.cue #ReleasePointer): parsed
// from release.yaml with every field checked, and written back with a fixed field order and every
// string quoted, so equal pointers always have equal bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace forge::gitops {

inline constexpr std::string_view pointer_api_version = "forge.projectcatalyst.io/v1alpha1";
inline constexpr std::string_view pointer_kind = "ReleasePointer";

struct pointer_aliases {
    std::optional<std::int64_t> numeric;
    std::optional<std::string> tag;
    std::optional<std::string> branch;

    bool empty() const { return !numeric && !tag && !branch; }
    bool operator==(const pointer_aliases &) const = default;
};

struct release_pointer {
    std::string name;     // metadata.name: the project
    std::string release;  // spec.release: the commit SHA (40 lowercase hex)
    pointer_aliases aliases;
    std::string deployed_at;  // RFC 3339 UTC
    std::string deployed_by;
    std::optional<std::string> approved_by;
    std::optional<std::string> approved_at;

    // Same release, same aliases, same approver: writing `other` over this changes nothing that
    // Argo CD or an auditor cares about (the deployment times are those of the first write).
    bool same_deployment(const release_pointer &other) const {
        return release == other.release && aliases == other.aliases && name == other.name &&
               (!other.approved_by || approved_by == other.approved_by);
    }
};

// Parses and checks release.yaml text. `source` names it in errors ("dev/apps/r/p/release.yaml"),
// which then read "<source>:<line>:<column>: field spec.release: ...". Unknown fields are refused
// (the schema is closed). deployedAt and deployedBy are checked when present but not required, so
// that a pointer written by hand (seed 003: "or a direct Git commit") still renders.
result<release_pointer> parse_pointer(std::string_view yaml, std::string_view source);

// The YAML text: apiVersion, kind, metadata.name, spec.{release, aliases.{numeric, tag, branch},
// deployedAt, deployedBy, approvedBy, approvedAt}, absent optional fields left out.
std::string pointer_yaml(const release_pointer &pointer);

// True for the RFC 3339 form of the schema (#RFC3339).
bool is_rfc3339(std::string_view text);
// The current time (or `epoch_seconds`) as "YYYY-MM-DDTHH:MM:SSZ".
std::string rfc3339_utc(std::optional<std::int64_t> epoch_seconds = std::nullopt);

// A YAML double-quoted scalar (JSON-compatible escaping).
std::string yaml_quote(std::string_view text);

}  // namespace forge::gitops
