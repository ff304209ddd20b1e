#include "git/libgit.hpp"

#include <mutex>

namespace forge::git::detail {

void ensure_libgit2() {
    static std::once_flag once;
    std::call_once(once, [] {
        git_libgit2_init();
        // libgit2 re-hashes every object it reads by default; git itself does not (packs carry
        // their own checksums and `git fsck` verifies hashes). The extra SHA-1 (collision-detecting,
        // so slow) costs about a third of a large tree walk, so libforge reads as git does.
        git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    });
}

namespace {

status status_for(int code, int klass) {
    switch (code) {
        case GIT_ENOTFOUND:
        case GIT_EUNBORNBRANCH:
            return status::not_found;
        case GIT_EEXISTS:
        case GIT_ENONFASTFORWARD:
        case GIT_ELOCKED:
        case GIT_EMODIFIED:
        case GIT_ECONFLICT:
        case GIT_EMERGECONFLICT:
            return status::conflict;
        case GIT_EAMBIGUOUS:
        case GIT_EINVALIDSPEC:
        case GIT_EINVALID:
        case GIT_EPEEL:
        case GIT_EDIRECTORY:
            return status::invalid;
        case GIT_EAUTH:
        case GIT_ECERTIFICATE:
            return status::auth;
        case GIT_EBAREREPO:
            return status::unsupported;
        case GIT_EUSER:
            return status::cancelled;
        case GIT_EMISMATCH:
            return status::integrity;
        case GIT_EOWNER:
            return status::permission;
        default:
            break;
    }
    switch (klass) {
        case GIT_ERROR_NOMEMORY:
            return status::no_memory;
        case GIT_ERROR_OS:
        case GIT_ERROR_NET:
        case GIT_ERROR_SSL:
        case GIT_ERROR_SSH:
        case GIT_ERROR_HTTP:
        case GIT_ERROR_FILESYSTEM:
            return status::io;
        case GIT_ERROR_ZLIB:
        case GIT_ERROR_SHA:
            return status::integrity;
        default:
            return status::internal;
    }
}

}  // namespace

error libgit_error(int code, std::string_view what) {
    const git_error *last = git_error_last();
    int klass = last ? last->klass : GIT_ERROR_NONE;
    std::string detail = last && last->message ? last->message : "libgit2 error " + std::to_string(code);
    git_error_clear();
    return error(status_for(code, klass), std::string(what) + ": " + detail);
}

std::string redact_url(std::string_view url) {
    auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return std::string(url);
    auto host_start = scheme + 3;
    auto path_start = url.find('/', host_start);
    auto at = url.rfind('@', path_start == std::string_view::npos ? url.size() : path_start);
    if (at == std::string_view::npos || at < host_start) return std::string(url);
    return std::string(url.substr(0, host_start)) + "***@" + std::string(url.substr(at + 1));
}

bool is_local_url(std::string_view url) {
    if (url.starts_with("file://")) return true;
    // scp-like "host:path" and "scheme://" are remote; anything else is a path.
    if (url.find("://") != std::string_view::npos) return false;
    auto colon = url.find(':');
    auto slash = url.find('/');
    return colon == std::string_view::npos || (slash != std::string_view::npos && slash < colon);
}

}  // namespace forge::git::detail
