#include "gitops/writer.hpp"

#include <random>
#include <thread>

#include "git/file_lock.hpp"
#include "gitops/names.hpp"

namespace forge::gitops {

namespace {

std::chrono::milliseconds backoff(const gitops_target &t, int attempt, std::mt19937_64 &rng) {
    auto base = t.backoff_base.count() << std::min(attempt, 16);
    auto capped = std::min<std::int64_t>(base, t.backoff_cap.count());
    // Full jitter in [capped/2, capped]: writers that collided once spread out.
    std::uniform_int_distribution<std::int64_t> d(capped / 2, std::max<std::int64_t>(capped, 1));
    return std::chrono::milliseconds(d(rng));
}

// Errors worth another try: reading a local remote while another writer is adding a pack to it, or a
// network hiccup. Refusals (credentials, permissions, limits, unsupported remotes) are final.
bool transient(const error &e) {
    return e.code == status::io || e.code == status::not_found || e.code == status::timeout ||
           e.code == status::internal;
}
constexpr int max_transient_failures = 5;

struct locked_clone {
    git::file_lock lock;
    git::repository repo;
};

result<locked_clone> open_locked(const gitops_target &target) {
    if (target.url.empty()) return make_error(status::invalid, "no GitOps repository given (--gitops URL|PATH)");
    if (target.cache_dir.empty()) return make_error(status::invalid, "no cache directory for the GitOps repository");
    std::error_code ec;
    std::filesystem::create_directories(target.cache_dir, ec);
    if (ec) return make_error(status::io, "creating " + target.cache_dir.string() + ": " + ec.message());
    const std::string key = git::repository::cache_key(target.url);
    FORGE_TRY_ASSIGN(auto lock, git::file_lock::acquire(target.cache_dir / (key + ".gitops.lock")));
    const git::credentials *creds = target.credentials ? &*target.credentials : nullptr;
    for (int tries = 1;; ++tries) {
        auto repo = git::repository::open_or_clone_cached(target.url, target.cache_dir, creds);
        if (repo) return locked_clone{std::move(lock), std::move(repo).value()};
        if (!transient(repo.err()) || tries > max_transient_failures) return std::move(repo).err();
        std::this_thread::sleep_for(target.backoff_base * tries);
    }
}

}  // namespace

result<std::optional<git::object_id>> branch_tip(const git::repository &repo, const std::string &branch) {
    auto tip = repo.resolve("refs/heads/" + branch);
    if (tip) return std::optional<git::object_id>(*tip);
    if (tip.err().code == status::not_found) return std::optional<git::object_id>();
    return std::move(tip).err();
}

result<std::vector<std::string>> list_folder(const git::repository &repo, const git::object_id &commit,
                                             const std::string &path) {
    std::vector<std::string> names;
    FORGE_TRY_ASSIGN(auto id, repo.entry_id(commit, path));
    if (!id) return names;
    const std::string prefix = path + "/";
    FORGE_TRY(repo.walk(commit, [&](const git::tree_entry &e) {
        if (e.path.size() <= path.size() && path.starts_with(e.path)) return git::walk_action::descend;
        if (e.path.starts_with(prefix)) {
            names.emplace_back(e.name);
            return git::walk_action::skip;
        }
        // Only the chain of folders leading to `path` is entered.
        return (path.starts_with(std::string(e.path) + "/") && e.is_tree) ? git::walk_action::descend
                                                                          : git::walk_action::skip;
    }));
    return names;
}

result<write_outcome> apply_edit(const gitops_target &target, const edit_function &edit) {
    FORGE_TRY_ASSIGN(auto clone, open_locked(target));
    git::repository &repo = clone.repo;
    const git::credentials *creds = target.credentials ? &*target.credentials : nullptr;
    std::mt19937_64 rng(std::random_device{}());
    git::signature sig{target.author_name, target.author_email, target.now, 0};

    std::string last_rejection;
    int transient_failures = 0;
    for (int attempt = 1; attempt <= std::max(target.max_attempts, 1); ++attempt) {
        FORGE_TRY_ASSIGN(auto tip, branch_tip(repo, target.branch));
        FORGE_TRY_ASSIGN(auto plan, edit(repo, tip));
        if (plan.nothing_to_do || plan.changes.empty())
            return write_outcome{tip ? tip->hex() : std::string(), true, attempt - 1};
        for (const auto &c : plan.changes) FORGE_TRY(check_writable_path(c.path));

        git::commit_request req;
        req.branch = target.branch;
        req.changes = std::move(plan.changes);
        req.author = sig;
        req.committer = sig;
        req.message = plan.message;
        req.create_branch = !tip.has_value();
        FORGE_TRY_ASSIGN(auto made, repo.commit_files(req));
        if (made.unchanged) return write_outcome{made.commit.hex(), true, attempt - 1};

        auto pushed = repo.push_branch("origin", target.branch, creds);
        if (pushed) return write_outcome{made.commit.hex(), false, attempt};
        const bool rejected = pushed.err().code == status::conflict;
        if (!rejected && (!transient(pushed.err()) || ++transient_failures > max_transient_failures))
            return std::move(pushed).err();
        last_rejection = pushed.err().message;

        // Another writer won (or the remote was caught mid-write): take its tip and apply the edit
        // again on top of it.
        std::this_thread::sleep_for(backoff(target, attempt, rng));
        for (;;) {
            auto fetched = repo.fetch_branch("origin", target.branch, creds);
            if (fetched) break;
            if (!transient(fetched.err()) || ++transient_failures > max_transient_failures)
                return std::move(fetched).err().wrap("after a rejected push");
            std::this_thread::sleep_for(backoff(target, attempt, rng));
        }
        if (!rejected) {
            // The failed push may have landed after all: then the commit is already there.
            FORGE_TRY_ASSIGN(auto now, branch_tip(repo, target.branch));
            if (now && *now == made.commit) return write_outcome{made.commit.hex(), false, attempt};
        }
    }
    return make_error(status::conflict, "gave up after " + std::to_string(target.max_attempts) +
                                            " rejected pushes to " + repo.name() + ": " + last_rejection);
}

status_result read_repository(const gitops_target &target, const read_function &read) {
    FORGE_TRY_ASSIGN(auto clone, open_locked(target));
    FORGE_TRY_ASSIGN(auto tip, branch_tip(clone.repo, target.branch));
    return read(clone.repo, tip);
}

}  // namespace forge::gitops
