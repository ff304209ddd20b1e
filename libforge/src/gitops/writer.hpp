// Writing to the GitOps repository: a cached bare clone, a commit made without a work tree, a push
// that counts only when the remote accepted the ref, and on a rejected push (another writer won)
// a fetch, the same edit re-applied on the new tip and a retry after a jittered backoff. Every
// commit has one parent, so history stays linear; concurrent writers never lose an update.
//
// Several processes may share one cache directory: everything (fetch, commit, push) runs under an
// exclusive lock file <cache_dir>/<key>.gitops.lock, so a fetch by one never moves the branch
// under another's unpushed commit.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "git/repository.hpp"

namespace forge::gitops {

struct gitops_target {
    std::string url;                  // local path, file://, https://...
    std::filesystem::path cache_dir;  // where the bare clone lives (shared by processes)
    std::string branch = "main";
    std::optional<git::credentials> credentials;  // https token (resolved from a secret reference)
    std::string author_name = "Catalyst Forge";
    std::string author_email = "forge@projectcatalyst.io";
    int max_attempts = 40;  // pushes tried before giving up with status::conflict
    std::chrono::milliseconds backoff_base{5};
    std::chrono::milliseconds backoff_cap{400};
    std::optional<std::int64_t> now;  // a fixed clock (epoch seconds) for commits and pointers
};

// What an edit wants committed on top of the tip it was shown.
struct planned_commit {
    std::vector<git::file_change> changes;
    std::string message;
    bool nothing_to_do = false;  // the tip already says what the edit wants: no commit
};

// Computes the commit from the current tip (nullopt: the branch does not exist yet). Called again
// on the new tip after every rejected push, so it must derive everything from the tip.
using edit_function =
    std::function<result<planned_commit>(const git::repository &repo, const std::optional<git::object_id> &tip)>;

struct write_outcome {
    std::string commit;  // the new commit, or the tip when nothing changed
    bool unchanged = false;
    int attempts = 0;  // pushes made (1 without contention)
};

// Runs `edit` against the repository's branch until its commit is accepted by the remote.
// Paths are checked with check_writable_path first.
result<write_outcome> apply_edit(const gitops_target &target, const edit_function &edit);

// Runs `read` on a freshly fetched clone (under the same lock). tip is nullopt for an empty
// repository.
using read_function =
    std::function<status_result(const git::repository &repo, const std::optional<git::object_id> &tip)>;
status_result read_repository(const gitops_target &target, const read_function &read);

// The tip of refs/heads/<branch>, nullopt when the branch does not exist.
result<std::optional<git::object_id>> branch_tip(const git::repository &repo, const std::string &branch);

// The names of the entries of the folder at `path` in `commit` (empty when there is none).
result<std::vector<std::string>> list_folder(const git::repository &repo, const git::object_id &commit,
                                             const std::string &path);

}  // namespace forge::gitops
