// A git repository for libforge, over libgit2: open or clone into a cache, resolve revisions, read
// files and walk trees at a commit without a checkout, write commits without a work tree, fetch and
// push. Every call returns forge::result and names the repository, revision or path it failed on.
//
// Threading: one repository object must be used by one thread at a time (libgit2's rule for a
// git_repository); open one per thread to work in parallel. Several processes may share a cache
// directory: cloning and fetching there hold an exclusive lock file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "git/object_id.hpp"
#include "git/source_tree.hpp"

struct git_repository;

namespace forge::git {

// HTTPS credentials for a remote. The caller resolves the token from a secret reference; it is only
// ever handed to libgit2's credential callback and never appears in messages.
struct credentials {
    std::string username = "x-access-token";
    std::string token;
};

struct signature {
    std::string name;
    std::string email;
    std::optional<std::int64_t> time;  // seconds since the epoch; nullopt: now
    int offset_minutes = 0;            // time zone offset
};

// One change of a commit: write `content` at `path`, or delete `path` when content is nullopt.
struct file_change {
    std::string path;
    std::optional<std::string> content;
    bool executable = false;
};

struct commit_request {
    std::string branch;  // the commit goes on top of refs/heads/<branch>, which then points at it
    std::vector<file_change> changes;
    signature author;
    signature committer;
    std::string message;
    bool create_branch = false;  // when the branch does not exist: make a root commit (else not_found)
};

struct commit_outcome {
    object_id commit;               // the new commit, or the branch tip when unchanged
    std::optional<object_id> parent;
    bool unchanged = false;  // the changes left the tree as it was: no commit was made
};

// One version of a file in its history.
struct path_revision {
    object_id commit;
    std::optional<std::string> content;  // nullopt: the commit deleted the file
    std::int64_t time = 0;               // committer time
    std::string summary;                 // first line of the message
};

enum class walk_action { descend, skip, stop };

struct tree_entry {
    std::string_view path;  // full path from the root, '/'-separated
    std::string_view name;  // last component
    object_id id;
    bool is_tree = false;
    std::uint32_t mode = 0;  // git file mode (0100644, 0100755, 0120000, 040000, 0160000)
};

// Called for every entry in pre-order; returning `skip` for a tree does not enter it.
using tree_visitor = std::function<walk_action(const tree_entry &)>;

namespace detail {
struct repository_deleter {
    void operator()(git_repository *repo) const noexcept;
};
}  // namespace detail

class repository {
  public:
    // Opens the repository at `path` exactly (a work tree or a bare repository; parent directories
    // are not searched unless `search_parents`).
    static result<repository> open(const std::filesystem::path &path, bool search_parents = false);

    // A bare mirror of `url` (file://, a local path, https://...) in `cache_dir`, keyed by a hash of
    // the URL: cloned on first use, fetched (branches and tags, pruned) on every later call. The
    // branches of the remote appear as refs/heads/*, its tags as refs/tags/*, HEAD as its HEAD.
    // Clone and fetch hold an exclusive lock on <cache_dir>/<key>.lock, so concurrent processes
    // wait for each other and never see a half-made clone.
    static result<repository> open_or_clone_cached(std::string_view url, const std::filesystem::path &cache_dir,
                                                   const credentials *creds = nullptr);

    // The cache key of a URL: "<last path component>-<16 hex digits of its hash>".
    static std::string cache_key(std::string_view url);

    repository(repository &&) noexcept = default;
    repository &operator=(repository &&) noexcept = default;
    ~repository();

    // What messages call this repository: its path, or for cached clones the (redacted) URL.
    const std::string &name() const { return name_; }
    std::filesystem::path git_dir() const;
    bool is_bare() const;
    std::optional<std::filesystem::path> work_dir() const;

    // ---- revisions and refs
    // A branch, tag, remote-tracking ref ("origin/main"), full or short SHA, "HEAD", or any revision
    // expression git understands ("main~2"), peeled to a commit.
    result<object_id> resolve(std::string_view revision) const;
    // Names of the tags (without refs/tags/) whose target, peeled, is `commit`; sorted.
    result<std::vector<std::string>> tags_at(const object_id &commit) const;
    // The branch HEAD points at ("main"), also when it has no commit yet; nullopt when detached.
    result<std::optional<std::string>> current_branch() const;
    // Points refs/heads/<branch> at `commit` (created or moved, no checkout).
    status_result set_branch(std::string_view branch, const object_id &commit);

    // ---- reading at a commit, no checkout
    result<std::string> read_file(const object_id &commit, std::string_view path) const;
    // The id of the blob or tree at `path` in the commit; nullopt when there is nothing there.
    result<std::optional<object_id>> entry_id(const object_id &commit, std::string_view path) const;
    status_result walk(const object_id &commit, const tree_visitor &visit) const;
    // Every .forge/project.cue in the commit, sorted by path, with the tree id of its .forge.
    result<std::vector<project_location>> find_projects(const object_id &commit) const;

    // ---- work tree (local mode)
    // Files of the work tree, relative and sorted: tracked files still present (modified or not),
    // plus untracked files that are not ignored. Fails for a bare repository.
    result<std::vector<std::string>> work_tree_files() const;

    // ---- writing (no work tree needed)
    result<commit_outcome> commit_files(const commit_request &request);
    // Newest first, commits on the first-parent line from `revision` whose version of `path`
    // differs from their parent's, with the content at that commit. At most `limit` entries.
    result<std::vector<path_revision>> path_history(std::string_view revision, std::string_view path,
                                                    std::size_t limit = 100) const;

    // ---- remotes: `remote` is a configured remote's name or a URL / local path
    status_result fetch(std::string_view remote = "origin", const credentials *creds = nullptr);
    // Fetches refs/heads/<branch> of the remote, points refs/heads/<branch> here at it (the retry
    // step of a rejected push) and returns it. Meant for bare repositories or branches not checked out.
    result<object_id> fetch_branch(std::string_view remote, std::string_view branch,
                                   const credentials *creds = nullptr);
    // Pushes refs/heads/<branch> to the same branch of the remote, never forcing. Succeeds only when
    // the remote accepted the update; a rejection (not a fast-forward, a hook, a protected branch)
    // is status::conflict carrying the remote's message.
    status_result push_branch(std::string_view remote, std::string_view branch, const credentials *creds = nullptr);

    git_repository *native() const { return repo_.get(); }

  private:
    repository(git_repository *repo, std::string name) : repo_(repo), name_(std::move(name)) {}

    std::unique_ptr<git_repository, detail::repository_deleter> repo_;
    std::string name_;
};

// The source_tree of a commit. Keeps a reference to the repository, which must outlive it.
class commit_source final : public source_tree {
  public:
    commit_source(const repository &repo, object_id commit) : repo_(&repo), commit_(commit) {}
    result<std::string> read(std::string_view path) const override;
    result<std::vector<project_location>> find_projects() const override;
    std::string describe() const override;
    const object_id &commit() const { return commit_; }

  private:
    const repository *repo_;
    object_id commit_;
};

// The source_tree of a repository's work tree (what `forge validate` sees).
class work_tree_source final : public source_tree {
  public:
    explicit work_tree_source(const repository &repo) : repo_(&repo) {}
    result<std::string> read(std::string_view path) const override;
    result<std::vector<project_location>> find_projects() const override;
    std::string describe() const override;

  private:
    const repository *repo_;
};

}  // namespace forge::git
