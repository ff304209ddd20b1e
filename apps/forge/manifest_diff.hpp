// Object-by-object comparison of two rendered manifest streams (forge diff): documents are matched
// by apiVersion, kind, namespace and name; each changed object gets a line diff.
#pragma once

#include <string>
#include <vector>

namespace forge_cli {

struct object_change {
    std::string api_version, kind, ns, name;
    enum class what { added, removed, changed, unchanged } change = what::unchanged;
    std::string diff;  // "-"/"+"/" " prefixed lines, with @@ hunk headers; empty when unchanged

    std::string label() const;  // "Deployment api (apps/v1)" or "Deployment shop/api (apps/v1)"
};

// The documents of a "---"-separated stream of Kubernetes objects as the plugin prints them.
std::vector<std::string> split_documents(const std::string &stream);

// Compares `before` and `after` (both plugin output); objects in the order of `after`, then the
// removed ones in the order of `before`.
std::vector<object_change> diff_manifests(const std::string &before, const std::string &after);

// A unified line diff of two texts with `context` lines around each change.
std::string unified_diff(const std::string &before, const std::string &after, int context = 3);

}  // namespace forge_cli
