#include "git/repository.hpp"

#include <algorithm>

#include "git/internal.hpp"

namespace forge::git {

namespace detail {

void repository_deleter::operator()(git_repository *repo) const noexcept { git_repository_free(repo); }

result<tree_ptr> load_commit_tree(git_repository *repo, const object_id &commit, const std::string &repo_name) {
    git_oid oid = to_oid(commit);
    git_commit *raw_commit = nullptr;
    if (int rc = git_commit_lookup(&raw_commit, repo, &oid); rc < 0)
        return libgit_error(rc, "commit " + commit.hex() + " in " + repo_name);
    commit_ptr c(raw_commit);
    git_tree *raw_tree = nullptr;
    if (int rc = git_commit_tree(&raw_tree, c.get()); rc < 0)
        return libgit_error(rc, "tree of commit " + commit.hex() + " in " + repo_name);
    return tree_ptr(raw_tree);
}

status_result check_relative_path(std::string_view path) {
    auto bad = [&](const char *why) {
        return make_error(status::invalid, "path '" + std::string(path) + "' " + why);
    };
    if (path.empty()) return bad("is empty");
    if (path.front() == '/') return bad("must be relative to the repository root");
    std::size_t start = 0;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        auto part = path.substr(start, end - start);
        if (part.empty() || part == "." || part == "..") return bad("has an empty, '.' or '..' component");
        if (part == ".git") return bad("names git's own directory");
        if (part.find('\0') != std::string_view::npos) return bad("contains a NUL byte");
        start = end + 1;
    }
    return {};
}

result<tree_entry_ptr> entry_at(git_tree *tree, std::string_view path, const std::string &where) {
    FORGE_TRY(check_relative_path(path));
    git_tree_entry *raw = nullptr;
    int rc = git_tree_entry_bypath(&raw, tree, std::string(path).c_str());
    if (rc == GIT_ENOTFOUND) {
        git_error_clear();
        return tree_entry_ptr();
    }
    if (rc < 0) return libgit_error(rc, "looking up '" + std::string(path) + "' in " + where);
    return tree_entry_ptr(raw);
}

}  // namespace detail

using namespace detail;

repository::~repository() = default;

result<repository> repository::open(const std::filesystem::path &path, bool search_parents) {
    ensure_libgit2();
    git_repository *raw = nullptr;
    unsigned flags = search_parents ? 0 : GIT_REPOSITORY_OPEN_NO_SEARCH;
    int rc = git_repository_open_ext(&raw, path.c_str(), flags, nullptr);
    if (rc < 0) {
        auto e = libgit_error(rc, "opening git repository " + path.string());
        if (rc == GIT_ENOTFOUND) e.message = "no git repository at " + path.string();
        return e;
    }
    return repository(raw, path.string());
}

std::filesystem::path repository::git_dir() const { return git_repository_path(repo_.get()); }

bool repository::is_bare() const { return git_repository_is_bare(repo_.get()) != 0; }

std::optional<std::filesystem::path> repository::work_dir() const {
    const char *wd = git_repository_workdir(repo_.get());
    if (!wd) return std::nullopt;
    return std::filesystem::path(wd);
}

result<object_id> repository::resolve(std::string_view revision) const {
    if (revision.empty()) return make_error(status::invalid, "empty revision for " + name_);
    std::string rev(revision);
    git_object *raw = nullptr;
    int rc = git_revparse_single(&raw, repo_.get(), rev.c_str());
    if (rc == GIT_ENOTFOUND) {
        // After a fetch into refs/remotes/origin/*, a bare branch name means the tracking ref.
        git_error_clear();
        rc = git_revparse_single(&raw, repo_.get(), ("refs/remotes/origin/" + rev).c_str());
        if (rc == GIT_ENOTFOUND) {
            git_error_clear();
            return make_error(status::not_found, "revision '" + rev + "' not found in " + name_ +
                                                     " (no such branch, tag or commit)");
        }
    }
    if (rc == GIT_EAMBIGUOUS) return libgit_error(rc, "revision '" + rev + "' is ambiguous in " + name_);
    if (rc < 0) return libgit_error(rc, "resolving revision '" + rev + "' in " + name_);
    object_ptr obj(raw);
    git_object *peeled = nullptr;
    rc = git_object_peel(&peeled, obj.get(), GIT_OBJECT_COMMIT);
    if (rc < 0) {
        git_error_clear();
        return make_error(status::invalid, "revision '" + rev + "' in " + name_ + " is a " +
                                               git_object_type2string(git_object_type(obj.get())) +
                                               ", not a commit");
    }
    object_ptr commit(peeled);
    return to_id(*git_object_id(commit.get()));
}

result<std::vector<std::string>> repository::tags_at(const object_id &commit) const {
    git_reference_iterator *raw_it = nullptr;
    if (int rc = git_reference_iterator_glob_new(&raw_it, repo_.get(), "refs/tags/*"); rc < 0)
        return libgit_error(rc, "listing tags of " + name_);
    reference_iterator_ptr it(raw_it);
    const git_oid want = to_oid(commit);
    std::vector<std::string> names;
    for (;;) {
        git_reference *raw_ref = nullptr;
        int rc = git_reference_next(&raw_ref, it.get());
        if (rc == GIT_ITEROVER) break;
        if (rc < 0) return libgit_error(rc, "listing tags of " + name_);
        reference_ptr ref(raw_ref);
        git_object *peeled = nullptr;
        // Annotated tags peel through the tag object; tags of trees or blobs are not ours to report.
        if (git_reference_peel(&peeled, ref.get(), GIT_OBJECT_COMMIT) < 0) {
            git_error_clear();
            continue;
        }
        object_ptr target(peeled);
        if (git_oid_equal(git_object_id(target.get()), &want))
            names.emplace_back(git_reference_shorthand(ref.get()));
    }
    std::sort(names.begin(), names.end());
    return names;
}

result<std::optional<std::string>> repository::current_branch() const {
    git_reference *raw = nullptr;
    int rc = git_reference_lookup(&raw, repo_.get(), "HEAD");
    if (rc < 0) return libgit_error(rc, "reading HEAD of " + name_);
    reference_ptr head(raw);
    if (git_reference_type(head.get()) != GIT_REFERENCE_SYMBOLIC) return std::optional<std::string>();
    std::string target = git_reference_symbolic_target(head.get());
    constexpr std::string_view prefix = "refs/heads/";
    if (!target.starts_with(prefix)) return std::optional<std::string>();
    return std::optional<std::string>(target.substr(prefix.size()));
}

status_result repository::set_branch(std::string_view branch, const object_id &commit) {
    std::string refname = "refs/heads/" + std::string(branch);
    git_oid oid = to_oid(commit);
    git_reference *raw = nullptr;
    int rc = git_reference_create(&raw, repo_.get(), refname.c_str(), &oid, 1, "forge: set branch");
    if (rc < 0) return libgit_error(rc, "pointing branch '" + std::string(branch) + "' of " + name_ + " at " + commit.hex());
    reference_ptr ref(raw);
    return {};
}

result<std::string> repository::read_file(const object_id &commit, std::string_view path) const {
    FORGE_TRY_ASSIGN(auto tree, load_commit_tree(repo_.get(), commit, name_));
    std::string where = "commit " + commit.short_hex() + " of " + name_;
    FORGE_TRY_ASSIGN(auto entry, entry_at(tree.get(), path, where));
    if (!entry) return make_error(status::not_found, "'" + std::string(path) + "' does not exist in " + where);
    if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB)
        return make_error(status::invalid, "'" + std::string(path) + "' is a directory in " + where);
    git_blob *raw = nullptr;
    if (int rc = git_blob_lookup(&raw, repo_.get(), git_tree_entry_id(entry.get())); rc < 0)
        return libgit_error(rc, "reading '" + std::string(path) + "' in " + where);
    blob_ptr blob(raw);
    auto data = static_cast<const char *>(git_blob_rawcontent(blob.get()));
    return std::string(data, static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

result<std::optional<object_id>> repository::entry_id(const object_id &commit, std::string_view path) const {
    FORGE_TRY_ASSIGN(auto tree, load_commit_tree(repo_.get(), commit, name_));
    FORGE_TRY_ASSIGN(auto entry, entry_at(tree.get(), path, "commit " + commit.short_hex() + " of " + name_));
    if (!entry) return std::optional<object_id>();
    return std::optional<object_id>(to_id(*git_tree_entry_id(entry.get())));
}

}  // namespace forge::git
