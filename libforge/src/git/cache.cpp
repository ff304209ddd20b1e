// Bare mirrors of remote repositories in a cache directory shared across runs and processes.
#include <unistd.h>

#include <system_error>

#include "git/file_lock.hpp"
#include "git/internal.hpp"

namespace forge::git {

using namespace detail;

namespace {

// Local paths are made absolute so that the same repository gets the same key from any directory.
std::string normalise_url(std::string_view url) {
    std::string u(url);
    while (u.size() > 1 && u.back() == '/') u.pop_back();
    if (is_local_url(u) && !u.starts_with("file://")) {
        std::error_code ec;
        auto abs = std::filesystem::absolute(u, ec);
        if (!ec) u = abs.lexically_normal().string();
        while (u.size() > 1 && u.back() == '/') u.pop_back();
    }
    return u;
}

std::string readable_stem(const std::string &url) {
    auto slash = url.find_last_of("/:");
    std::string last = slash == std::string::npos ? url : url.substr(slash + 1);
    if (last.ends_with(".git")) last.resize(last.size() - 4);
    std::string stem;
    for (char c : last) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                  c == '_' || c == '.';
        stem += ok ? c : '_';
        if (stem.size() == 40) break;
    }
    if (stem.empty() || stem.front() == '.') stem.insert(0, "repo");
    return stem;
}

// Mirror layout: the remote's branches are our branches, its tags our tags.
constexpr const char *mirror_heads = "+refs/heads/*:refs/heads/*";
constexpr const char *mirror_tags = "+refs/tags/*:refs/tags/*";

status_result fetch_mirror(git_repository *repo, const std::string &display, const credentials *creds,
                           const char *what) {
    git_remote *raw = nullptr;
    if (int rc = git_remote_lookup(&raw, repo, "origin"); rc < 0) return libgit_error(rc, display);
    remote_ptr remote(raw);
    remote_session session;
    session.creds = creds;
    git_fetch_options opts;
    git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION);
    opts.prune = GIT_FETCH_PRUNE;
    opts.callbacks = callbacks_for(session);
    if (int rc = git_remote_fetch(remote.get(), nullptr, &opts, what); rc < 0)
        return libgit_error(rc, std::string(what) + " " + display);
    // Follow the remote's HEAD, so that "HEAD" means its default branch.
    buffer head;
    if (git_remote_default_branch(&head.buf, remote.get()) == 0)
        git_repository_set_head(repo, head.buf.ptr);
    git_error_clear();
    return {};
}

status_result clone_mirror(const std::string &url, const std::filesystem::path &dir, const std::string &display,
                           const credentials *creds) {
    git_repository *raw = nullptr;
    if (int rc = git_repository_init(&raw, dir.c_str(), 1); rc < 0)
        return libgit_error(rc, "creating cache repository " + dir.string());
    repository_ptr repo(raw);
    git_remote *raw_remote = nullptr;
    if (int rc = git_remote_create_with_fetchspec(&raw_remote, repo.get(), "origin", url.c_str(), mirror_heads);
        rc < 0)
        return libgit_error(rc, "configuring remote " + display);
    remote_ptr remote(raw_remote);
    if (int rc = git_remote_add_fetch(repo.get(), "origin", mirror_tags); rc < 0)
        return libgit_error(rc, "configuring remote " + display);
    return fetch_mirror(repo.get(), display, creds, "cloning");
}

}  // namespace

std::string repository::cache_key(std::string_view url) {
    ensure_libgit2();
    const std::string normal = normalise_url(url);
    git_oid hash;
    git_odb_hash(&hash, normal.data(), normal.size(), GIT_OBJECT_BLOB);
    return readable_stem(normal) + "-" + to_id(hash).hex().substr(0, 16);
}

result<repository> repository::open_or_clone_cached(std::string_view url, const std::filesystem::path &cache_dir,
                                                    const credentials *creds) {
    ensure_libgit2();
    if (url.empty()) return make_error(status::invalid, "empty repository URL");
    const std::string normal = normalise_url(url);
    const std::string display = redact_url(normal);
    std::error_code ec;
    std::filesystem::create_directories(cache_dir, ec);
    if (ec) return make_error(status::io, "creating git cache directory " + cache_dir.string() + ": " + ec.message());

    const std::string key = cache_key(normal);
    const auto final_dir = cache_dir / (key + ".git");
    FORGE_TRY_ASSIGN(auto lock, file_lock::acquire(cache_dir / (key + ".lock")));

    if (std::filesystem::exists(final_dir / "HEAD")) {
        git_repository *raw = nullptr;
        if (git_repository_open_ext(&raw, final_dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE,
                                    nullptr) == 0) {
            repository repo(raw, display);
            FORGE_TRY(fetch_mirror(repo.native(), display, creds, "fetching"));
            return repo;
        }
        git_error_clear();  // unreadable: start again from scratch
    }
    std::filesystem::remove_all(final_dir, ec);

    // Clone next to the final place and rename, so that a crash never leaves a half-made clone
    // where the next run would trust it.
    const auto staging = cache_dir / (key + ".git.tmp-" + std::to_string(::getpid()));
    std::filesystem::remove_all(staging, ec);
    if (auto cloned = clone_mirror(normal, staging, display, creds); !cloned) {
        std::filesystem::remove_all(staging, ec);
        return std::move(cloned).err();
    }
    std::filesystem::rename(staging, final_dir, ec);
    if (ec) {
        std::filesystem::remove_all(staging, ec);
        return make_error(status::io, "moving clone of " + display + " into " + final_dir.string() + ": " + ec.message());
    }
    git_repository *raw = nullptr;
    if (int rc = git_repository_open_ext(&raw, final_dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr); rc < 0)
        return libgit_error(rc, "opening cache of " + display);
    return repository(raw, display);
}

}  // namespace forge::git
