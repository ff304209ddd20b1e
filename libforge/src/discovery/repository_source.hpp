// Opens what discovery reads: a local repository (path) or a remote one (URL, cloned into a cache
// directory), at a revision or, in local mode, its work tree with uncommitted and untracked files.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "git/repository.hpp"
#include "git/source_tree.hpp"

namespace forge::discovery {

struct source_request {
    std::string repository;  // a path (a work tree, or inside one; a bare repository) or a URL
    std::string revision;    // branch, tag, SHA...; empty: HEAD. Ignored in local mode.
    bool work_tree = false;  // local mode: the files on disk, committed or not
    std::filesystem::path clone_cache;  // where URLs are cloned (required for URLs)
};

struct opened_source {
    std::unique_ptr<git::repository> repo;  // null for a plain directory (local mode only)
    std::unique_ptr<git::source_tree> tree;
    std::string commit;         // resolved commit (empty in local mode)
    std::string display_url;    // the URL or path, credentials removed
    std::string fallback_name;  // origin's last path component, else the directory name
};

// True for "scheme://..." and scp-like "user@host:path".
bool looks_like_url(std::string_view s);

result<opened_source> open_source(const source_request &req);

}  // namespace forge::discovery
