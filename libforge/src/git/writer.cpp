// Commits made without a work tree: the parent's tree is loaded into an in-memory index, the
// changed files are written as blobs and the index is written back as a tree. Also the history of
// one path, for rollback.
#include <set>

#include "git/internal.hpp"

namespace forge::git {

using namespace detail;

namespace {

result<signature_ptr> make_signature(const signature &sig, const char *role) {
    if (sig.name.empty() || sig.email.empty())
        return make_error(status::invalid, std::string("commit ") + role + " needs a name and an email");
    git_signature *raw = nullptr;
    int rc = sig.time ? git_signature_new(&raw, sig.name.c_str(), sig.email.c_str(), *sig.time, sig.offset_minutes)
                      : git_signature_now(&raw, sig.name.c_str(), sig.email.c_str());
    if (rc < 0) return libgit_error(rc, std::string("commit ") + role + " '" + sig.name + " <" + sig.email + ">'");
    return signature_ptr(raw);
}

result<std::optional<git_oid>> entry_oid(git_repository *repo, const git_oid &commit_oid, std::string_view path,
                                         const std::string &repo_name) {
    FORGE_TRY_ASSIGN(auto tree, load_commit_tree(repo, to_id(commit_oid), repo_name));
    FORGE_TRY_ASSIGN(auto entry, entry_at(tree.get(), path, "commit " + to_id(commit_oid).short_hex() + " of " + repo_name));
    if (!entry || git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB) return std::optional<git_oid>();
    return std::optional<git_oid>(*git_tree_entry_id(entry.get()));
}

}  // namespace

result<commit_outcome> repository::commit_files(const commit_request &request) {
    const std::string &branch = request.branch;
    const std::string refname = "refs/heads/" + branch;
    int valid = 0;
    git_reference_name_is_valid(&valid, refname.c_str());
    if (branch.empty() || !valid) return make_error(status::invalid, "invalid branch name '" + branch + "'");
    if (request.message.empty()) return make_error(status::invalid, "commit on branch '" + branch + "' has no message");
    std::set<std::string_view> seen;
    for (const auto &change : request.changes) {
        FORGE_TRY(check_relative_path(change.path));
        if (!seen.insert(change.path).second)
            return make_error(status::invalid, "path '" + change.path + "' is changed twice in one commit");
    }
    const std::string where = "branch '" + branch + "' of " + name_;

    // The parent: the branch tip, or none for the first commit of a new branch.
    commit_ptr parent;
    git_oid parent_oid;
    int rc = git_reference_name_to_id(&parent_oid, repo_.get(), refname.c_str());
    if (rc == 0) {
        git_commit *raw = nullptr;
        if (int lrc = git_commit_lookup(&raw, repo_.get(), &parent_oid); lrc < 0) return libgit_error(lrc, where);
        parent.reset(raw);
    } else if (rc == GIT_ENOTFOUND) {
        git_error_clear();
        if (!request.create_branch) return make_error(status::not_found, where + " does not exist");
    } else {
        return libgit_error(rc, where);
    }

    git_index *raw_index = nullptr;
    if (int irc = git_index_new(&raw_index); irc < 0) return libgit_error(irc, "in-memory index for " + where);
    index_ptr index(raw_index);
    tree_ptr parent_tree;
    if (parent) {
        git_tree *raw_tree = nullptr;
        if (int trc = git_commit_tree(&raw_tree, parent.get()); trc < 0) return libgit_error(trc, where);
        parent_tree.reset(raw_tree);
        if (int trc = git_index_read_tree(index.get(), parent_tree.get()); trc < 0) return libgit_error(trc, where);
    }

    for (const auto &change : request.changes) {
        if (!change.content) {
            // Deleting a missing path is not an error: the goal "it is not there" holds.
            git_index_remove_bypath(index.get(), change.path.c_str());
            git_index_remove_directory(index.get(), change.path.c_str(), 0);
            git_error_clear();
            continue;
        }
        git_oid blob;
        if (int brc = git_blob_create_from_buffer(&blob, repo_.get(), change.content->data(), change.content->size());
            brc < 0)
            return libgit_error(brc, "writing '" + change.path + "' for " + where);
        // A file replacing a directory (or the reverse) replaces it whole.
        git_index_remove_directory(index.get(), change.path.c_str(), 0);
        git_error_clear();
        git_index_entry entry{};
        entry.mode = change.executable ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
        entry.id = blob;
        entry.path = change.path.c_str();
        if (int arc = git_index_add(index.get(), &entry); arc < 0)
            return libgit_error(arc, "adding '" + change.path + "' to " + where);
    }

    git_oid tree_oid;
    if (int wrc = git_index_write_tree_to(&tree_oid, index.get(), repo_.get()); wrc < 0)
        return libgit_error(wrc, "writing the tree for " + where);
    if (parent && git_oid_equal(&tree_oid, git_tree_id(parent_tree.get()))) {
        commit_outcome same;
        same.commit = to_id(parent_oid);
        same.parent = to_id(parent_oid);
        same.unchanged = true;
        return same;
    }

    git_tree *raw_tree = nullptr;
    if (int lrc = git_tree_lookup(&raw_tree, repo_.get(), &tree_oid); lrc < 0) return libgit_error(lrc, where);
    tree_ptr tree(raw_tree);
    FORGE_TRY_ASSIGN(auto author, make_signature(request.author, "author"));
    FORGE_TRY_ASSIGN(auto committer, make_signature(request.committer, "committer"));
    const git_commit *parents[] = {parent.get()};
    git_oid commit_oid;
    if (int crc = git_commit_create(&commit_oid, repo_.get(), nullptr, author.get(), committer.get(), nullptr,
                                    request.message.c_str(), tree.get(), parent ? 1 : 0, parents);
        crc < 0)
        return libgit_error(crc, "creating a commit on " + where);

    // Move the branch only if nobody else did in the meantime.
    git_reference *raw_ref = nullptr;
    rc = parent ? git_reference_create_matching(&raw_ref, repo_.get(), refname.c_str(), &commit_oid, 1, &parent_oid,
                                                request.message.c_str())
                : git_reference_create(&raw_ref, repo_.get(), refname.c_str(), &commit_oid, 0, request.message.c_str());
    reference_ptr ref(raw_ref);
    if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS) {
        git_error_clear();
        return make_error(status::conflict, where + " moved while committing; retry on the new tip");
    }
    if (rc < 0) return libgit_error(rc, "updating " + where);

    commit_outcome made;
    made.commit = to_id(commit_oid);
    if (parent) made.parent = to_id(parent_oid);
    return made;
}

result<std::vector<path_revision>> repository::path_history(std::string_view revision, std::string_view path,
                                                            std::size_t limit) const {
    FORGE_TRY(check_relative_path(path));
    FORGE_TRY_ASSIGN(auto start, resolve(revision));
    git_revwalk *raw_walk = nullptr;
    if (int rc = git_revwalk_new(&raw_walk, repo_.get()); rc < 0) return libgit_error(rc, "history of " + name_);
    revwalk_ptr walk(raw_walk);
    git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
    git_revwalk_simplify_first_parent(walk.get());
    git_oid start_oid = to_oid(start);
    if (int rc = git_revwalk_push(walk.get(), &start_oid); rc < 0) return libgit_error(rc, "history of " + name_);

    std::vector<path_revision> out;
    git_oid oid;
    while (out.size() < limit) {
        int rc = git_revwalk_next(&oid, walk.get());
        if (rc == GIT_ITEROVER) break;
        if (rc < 0) return libgit_error(rc, "walking the history of '" + std::string(path) + "' in " + name_);
        git_commit *raw_commit = nullptr;
        if (int lrc = git_commit_lookup(&raw_commit, repo_.get(), &oid); lrc < 0)
            return libgit_error(lrc, "history of '" + std::string(path) + "' in " + name_);
        commit_ptr commit(raw_commit);
        FORGE_TRY_ASSIGN(auto here, entry_oid(repo_.get(), oid, path, name_));
        std::optional<git_oid> before;
        if (git_commit_parentcount(commit.get()) > 0) {
            FORGE_TRY_ASSIGN(before, entry_oid(repo_.get(), *git_commit_parent_id(commit.get(), 0), path, name_));
        }
        bool changed = here.has_value() != before.has_value() || (here && !git_oid_equal(&*here, &*before));
        if (!changed) continue;
        path_revision rev;
        rev.commit = to_id(oid);
        rev.time = git_commit_time(commit.get());
        const char *summary = git_commit_summary(commit.get());
        rev.summary = summary ? summary : "";
        if (here) {
            git_blob *raw_blob = nullptr;
            if (int brc = git_blob_lookup(&raw_blob, repo_.get(), &*here); brc < 0)
                return libgit_error(brc, "reading '" + std::string(path) + "' at " + rev.commit.short_hex());
            blob_ptr blob(raw_blob);
            rev.content.emplace(static_cast<const char *>(git_blob_rawcontent(blob.get())),
                                static_cast<std::size_t>(git_blob_rawsize(blob.get())));
        }
        out.push_back(std::move(rev));
    }
    return out;
}

}  // namespace forge::git
