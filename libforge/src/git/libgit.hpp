// Glue between libgit2 and forge: one-time library initialisation, libgit2 errors turned into
// forge::error, and conversions between git_oid and forge::git::object_id. Internal to src/git.
#pragma once

#include <git2.h>

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "git/object_id.hpp"

namespace forge::git::detail {

// Initialises libgit2 once per process (thread-safe). libgit2 counts its own initialisations, and
// we never shut it down: other libraries in the process may be using it too. It also turns off
// libgit2's re-hashing of every object read (process-wide), to read as fast as git does.
void ensure_libgit2();

// Maps a libgit2 return code and the thread's last libgit2 error to a forge::error whose message is
// "<what>: <libgit2 message>". Clears libgit2's last error so that it cannot go stale.
error libgit_error(int code, std::string_view what);

// libgit_error when code < 0, success otherwise.
inline status_result check(int code, std::string_view what) {
    if (code < 0) return libgit_error(code, what);
    return {};
}

inline object_id to_id(const git_oid &oid) {
    object_id id;
    static_assert(sizeof(oid.id) == sizeof(id.bytes));
    for (std::size_t i = 0; i < id.bytes.size(); ++i) id.bytes[i] = oid.id[i];
    return id;
}

inline git_oid to_oid(const object_id &id) {
    git_oid oid;
    for (std::size_t i = 0; i < id.bytes.size(); ++i) oid.id[i] = id.bytes[i];
    return oid;
}

// A URL safe to print: any user:password@ part is replaced by "***@".
std::string redact_url(std::string_view url);

// True for URLs and paths that libgit2 serves with its local transport (no server involved).
bool is_local_url(std::string_view url);

}  // namespace forge::git::detail
