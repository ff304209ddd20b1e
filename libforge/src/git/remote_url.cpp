#include "git/remote_url.hpp"

#include <string>

#include "git/handles.hpp"
#include "git/libgit.hpp"

namespace forge::git {

using namespace detail;

result<std::optional<std::string>> remote_url(const repository &repo, std::string_view remote) {
    git_remote *raw = nullptr;
    const std::string name(remote);
    int rc = git_remote_lookup(&raw, repo.native(), name.c_str());
    if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC) {
        git_error_clear();
        return std::optional<std::string>();
    }
    if (rc < 0) return libgit_error(rc, "looking up remote '" + name + "' of " + repo.name());
    remote_ptr owned(raw);
    const char *url = git_remote_url(raw);
    if (url == nullptr) return std::optional<std::string>();
    return std::optional<std::string>(url);
}

}  // namespace forge::git
