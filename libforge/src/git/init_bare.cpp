#include "git/init_bare.hpp"

#include "git/handles.hpp"
#include "git/libgit.hpp"

namespace forge::git {

result<bool> init_bare_repository(const std::filesystem::path &dir, std::string_view branch) {
    detail::ensure_libgit2();
    std::error_code ec;
    if (std::filesystem::exists(dir, ec)) {
        git_repository *raw = nullptr;
        if (git_repository_open_bare(&raw, dir.c_str()) == 0) {
            git_repository_free(raw);
            return false;
        }
        git_error_clear();
        if (!std::filesystem::is_directory(dir, ec) || !std::filesystem::is_empty(dir, ec))
            return make_error(status::invalid, dir.string() + " exists and is not a bare git repository");
    }
    git_repository_init_options opts;
    git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
    opts.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH;
    const std::string head = "refs/heads/" + std::string(branch);
    opts.initial_head = head.c_str();
    git_repository *raw = nullptr;
    FORGE_TRY(detail::check(git_repository_init_ext(&raw, dir.c_str(), &opts), "creating repository " + dir.string()));
    detail::repository_ptr repo(raw);
    return true;
}

}  // namespace forge::git
