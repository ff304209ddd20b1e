// Helpers shared by the .cpp files of src/git (includes libgit2).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "git/handles.hpp"
#include "git/libgit.hpp"
#include "git/repository.hpp"

namespace forge::git::detail {

// The root tree of `commit`; errors name the commit and the repository.
result<tree_ptr> load_commit_tree(git_repository *repo, const object_id &commit, const std::string &repo_name);

// A repository-relative path is '/'-separated, not empty, with no empty, "." or ".." component
// and no leading '/'. The error names the path.
status_result check_relative_path(std::string_view path);

// The object at `path` in `tree`, or nullptr when there is none.
result<tree_entry_ptr> entry_at(git_tree *tree, std::string_view path, const std::string &where);

// State shared with libgit2's remote callbacks for one fetch or push. Callbacks never throw.
struct remote_session {
    const credentials *creds = nullptr;
    int credential_attempts = 0;
    std::string remote_output;                                  // "remote: ..." lines (hooks)
    std::vector<std::pair<std::string, std::string>> rejected;  // ref, reason
};

// Callbacks that answer credential requests from `session.creds` (once: a refused token is not
// offered again), collect the remote's messages and the per-reference push verdicts.
git_remote_callbacks callbacks_for(remote_session &session);

}  // namespace forge::git::detail
