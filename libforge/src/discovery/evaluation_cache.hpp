// Cached project evaluations, so that re-discovering a large monorepo only evaluates the projects
// that changed. Entries are keyed by cache_key(): the project's path, the git tree id of its
// .forge directory, a digest of repo.cue and the schema version. In memory, and on disk when
// given a directory: segment files of many entries each (one per discovery that evaluated
// something; thousands of small files cost more in inode allocation than the evaluation they
// save), written to a temporary name and renamed, so a reader never sees half a file and several
// processes may share the directory.
//
// Thread-safe: lookups and stores may come from several threads.
#pragma once

#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "discovery/project_analysis.hpp"
#include "git/object_id.hpp"
#include "git/source_tree.hpp"

namespace forge::discovery {

// Hex SHA-256 of the parts, separated so that ("ab","c") and ("a","bc") differ.
std::string digest_of(std::initializer_list<std::string_view> parts);

// Changes whenever anything an analysis depends on changes: the project's path and .forge tree,
// repo.cue (by its digest) and the embedded schemas.
std::string cache_key(std::string_view project_dir, const git::object_id &forge_tree, std::string_view repo_digest);

class evaluation_cache {
  public:
    // `dir` empty: memory only. The directory is created on first flush.
    explicit evaluation_cache(std::filesystem::path dir = {}, std::size_t max_memory_entries = 50000);
    ~evaluation_cache();  // flushes
    evaluation_cache(const evaluation_cache &) = delete;
    evaluation_cache &operator=(const evaluation_cache &) = delete;

    std::shared_ptr<const project_analysis> find(const std::string &key);
    void store(const std::string &key, std::shared_ptr<const project_analysis> analysis);

    // The projects below a directory tree (paths relative to it), by the tree's git id: what the
    // incremental project finder (project_finder.hpp) remembers between walks.
    std::optional<std::vector<git::project_location>> find_tree(const git::object_id &tree);
    void store_tree(const git::object_id &tree, std::vector<git::project_location> projects);
    // Writes the entries stored since the last flush to disk as one new segment file (best effort:
    // a cache that cannot be written only makes the next discovery slower). When the directory
    // holds many segments, writes one merged segment of the entries this cache used instead and
    // removes the segments it merged.
    void flush();

    const std::filesystem::path &dir() const { return dir_; }

  private:
    void load_locked();

    std::filesystem::path dir_;
    std::size_t max_entries_;
    std::mutex mutex_;
    bool loaded_ = false;
    std::vector<std::filesystem::path> segments_;  // read by load_locked()
    std::unordered_map<std::string, std::shared_ptr<const project_analysis>> memory_;
    boost::json::storage_ptr segment_memory_;                      // owns the parsed segments' nodes (see load_locked)
    std::unordered_map<std::string, boost::json::value> on_disk_;  // loaded, not yet asked for
    std::unordered_map<std::string, std::shared_ptr<const project_analysis>> pending_;  // not yet on disk
    std::unordered_map<std::string, bool> used_;  // keys found or stored through this object
    std::unordered_map<std::string, std::vector<git::project_location>> trees_;  // by tree id (hex)
    std::unordered_map<std::string, std::vector<git::project_location>> pending_trees_;
};

}  // namespace forge::discovery
