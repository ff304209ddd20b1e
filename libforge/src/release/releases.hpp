// Release images in an image store (spec.md §7, docs/releases.md): creating one (numbering per
// (repository, project) from 1 without gaps, aliases as extra tags, immutability), showing one by
// SHA, number or alias, and listing a project's releases.
//
// Tags of a release at <repo>/<project>: <commit-sha> (canonical), <number>, and the aliases
// <git tag> (e.g. v1.2.3) and <branch>-<number>. The next number is the first number without a
// tag, found with O(log n) lookups; numbering is serialised per project on a layout (a flock) —
// a registry has no locks, so two creators racing on one registry project could pick the same
// number (the second one's number tag then wins; its SHA tag stays unique).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "oci/release_image.hpp"
#include "release/image_store.hpp"

namespace forge::release {

struct release_request {
    std::string repository;  // short name
    std::string project;
    std::string commit;                      // full SHA
    std::string trigger = "manual";          // branch, tag or manual
    std::optional<std::string> trigger_ref;  // refs/heads/main, refs/tags/api/v1.2.0
    std::optional<std::string> tag_alias;    // v1.2.0
    std::optional<std::string> branch;       // main: alias main-<number>
    std::string source_url;
    std::vector<oci::resource_file> files;  // rendered resources
    std::vector<oci::release_artifact_ref> artifacts;
    std::optional<std::string> created;  // RFC 3339, recorded only when given
};

struct created_release {
    std::string repository;
    std::string project;
    std::string commit;
    std::int64_t number = 0;
    oci::release_aliases aliases;
    std::string image;  // reference by SHA tag
    oci::descriptor manifest;
    std::vector<std::string> tags;
    std::vector<oci::release_artifact_ref> artifacts;

    boost::json::object to_json() const;
};

// Writes preferred (empty config, OCI 1.1); when the store refuses it as invalid, writes fallback
// (the same image with a minimal image config) instead.
result<oci::descriptor> write_artifact_image(image_store &store, std::string_view path, const oci::image &preferred,
                                             const oci::image &fallback, const std::vector<std::string> &tags);

// The image repository path of a project's releases: <repo>/<project>.
std::string release_path(std::string_view repository, std::string_view project);

// A branch alias tag: "<branch>-<number>" with characters a tag cannot hold as '-'.
std::string branch_alias(std::string_view branch, std::int64_t number);

// Refuses with status::conflict when <repo>/<project> already has a release of the commit.
status_result check_not_released(image_store &store, std::string_view repository, std::string_view project,
                                 std::string_view commit);

// The next release number: 1 + the highest number tag (numbers are contiguous from 1).
result<std::int64_t> next_number(image_store &store, std::string_view path);

result<created_release> create_release(image_store &store, const release_request &request);

// A release as stored: metadata (the whole metadata layer), manifest, file names, tags.
struct stored_release {
    std::string image;
    oci::descriptor manifest;
    boost::json::object metadata;
    std::vector<std::string> files;
    std::vector<std::pair<std::string, std::string>> resources;  // name, YAML (show_release only)

    boost::json::object to_json(bool with_resources) const;
};

// ref: a full commit SHA, a release number or an alias tag. A number or alias must name the same
// image as the release's SHA tag.
result<stored_release> show_release(image_store &store, std::string_view repository, std::string_view project,
                                    std::string_view ref);

// Every release of the project, by number (1..n), summaries only.
result<boost::json::array> list_releases(image_store &store, std::string_view repository, std::string_view project);

}  // namespace forge::release
