// Cached project evaluations, so that re-discovering a large monorepo only evaluates the projects
// that changed. Entries are keyed by cache_key(): the project's path, the git tree id of its
// .forge directory, a digest of repo.cue and the schema version. In memory, and on disk when
// given a directory (one JSON file per entry, written to a temporary name and renamed, so a
// reader never sees half a file and several processes may share the directory).
//
// Thread-safe: lookups and stores may come from several threads.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "discovery/project_analysis.hpp"
#include "git/object_id.hpp"

namespace forge::discovery {

// Hex SHA-256 of the parts, separated so that ("ab","c") and ("a","bc") differ.
std::string digest_of(std::initializer_list<std::string_view> parts);

// Changes whenever anything an analysis depends on changes: the project's path and .forge tree,
// repo.cue (by its digest) and the embedded schemas.
std::string cache_key(std::string_view project_dir, const git::object_id &forge_tree, std::string_view repo_digest);

class evaluation_cache {
  public:
    // `dir` empty: memory only. The directory is created on first store.
    explicit evaluation_cache(std::filesystem::path dir = {}, std::size_t max_memory_entries = 20000);

    std::shared_ptr<const project_analysis> find(const std::string &key);
    void store(const std::string &key, std::shared_ptr<const project_analysis> analysis);

    const std::filesystem::path &dir() const { return dir_; }

  private:
    std::filesystem::path file_for(const std::string &key) const;

    std::filesystem::path dir_;
    std::size_t max_entries_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<const project_analysis>> memory_;
};

}  // namespace forge::discovery
