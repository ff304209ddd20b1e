// Kubernetes manifests from untrusted YAML text: every document must be a mapping with apiVersion,
// kind and metadata.name (strings); empty documents are skipped; each object is re-emitted by
// yaml-cpp in its original key order, so the output is deterministic. Aliases are expanded when
// emitted, so the work is bounded by a node budget counted over the expanded tree (a "billion
// laughs" document stops at the cap instead of exhausting memory).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace forge::cmp {

struct yaml_budget {
    std::uint64_t nodes_left = 2'000'000;  // expanded nodes over the whole render
    std::uint64_t bytes_left = 64u << 20;  // output bytes over the whole render
};

// The documents of `text` (named `source` in errors: "<source>:<line>:<column>: ..."), each emitted
// without the leading "---".
result<std::vector<std::string>> kubernetes_documents(std::string_view text, std::string_view source,
                                                      yaml_budget &budget);

}  // namespace forge::cmp
