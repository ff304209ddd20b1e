// Walking a commit's tree straight from the object database. Only tree objects are loaded (never
// blobs), with one reusable path buffer, which is what keeps a 50,000-file walk as cheap as git's
// own `ls-tree -r`.
#include <algorithm>
#include <cstring>

#include "git/internal.hpp"

namespace forge::git {

using namespace detail;

namespace {

constexpr std::string_view forge_dir = ".forge";
constexpr std::string_view project_file = "project.cue";

result<tree_ptr> lookup_tree(git_repository *repo, const git_oid *id, const std::string &path, const std::string &where) {
    git_tree *raw = nullptr;
    if (int rc = git_tree_lookup(&raw, repo, id); rc < 0)
        return libgit_error(rc, "reading directory '" + path + "' in " + where);
    return tree_ptr(raw);
}

void append_component(std::string &path, const char *name) {
    if (!path.empty()) path += '/';
    path += name;
}

// Returns true when the visitor asked to stop.
result<bool> walk_tree(git_repository *repo, git_tree *tree, std::string &path, const tree_visitor &visit,
                       const std::string &where) {
    const std::size_t base = path.size();
    const std::size_t count = git_tree_entrycount(tree);
    for (std::size_t i = 0; i < count; ++i) {
        const git_tree_entry *entry = git_tree_entry_byindex(tree, i);
        const char *name = git_tree_entry_name(entry);
        const std::size_t name_len = std::strlen(name);
        path.resize(base);
        append_component(path, name);
        const bool is_tree = git_tree_entry_type(entry) == GIT_OBJECT_TREE;
        tree_entry visited{std::string_view(path), std::string_view(path).substr(path.size() - name_len),
                           to_id(*git_tree_entry_id(entry)), is_tree,
                           static_cast<std::uint32_t>(git_tree_entry_filemode(entry))};
        walk_action action = visit(visited);
        if (action == walk_action::stop) return true;
        if (is_tree && action == walk_action::descend) {
            FORGE_TRY_ASSIGN(auto child, lookup_tree(repo, git_tree_entry_id(entry), path, where));
            FORGE_TRY_ASSIGN(bool stopped, walk_tree(repo, child.get(), path, visit, where));
            if (stopped) return true;
        }
    }
    path.resize(base);
    return false;
}

status_result find_in_tree(git_repository *repo, git_tree *tree, std::string &path, std::vector<project_location> &out,
                           const std::string &where) {
    // The project file of this directory, if any: a binary search among the entries.
    if (const git_tree_entry *forge = git_tree_entry_byname(tree, forge_dir.data());
        forge && git_tree_entry_type(forge) == GIT_OBJECT_TREE) {
        std::string forge_path = path.empty() ? std::string(forge_dir) : path + "/" + std::string(forge_dir);
        FORGE_TRY_ASSIGN(auto forge_tree, lookup_tree(repo, git_tree_entry_id(forge), forge_path, where));
        const git_tree_entry *config = git_tree_entry_byname(forge_tree.get(), project_file.data());
        if (config && git_tree_entry_type(config) == GIT_OBJECT_BLOB)
            out.push_back(project_location{path, forge_path + "/" + std::string(project_file),
                                           to_id(*git_tree_entry_id(forge))});
    }
    const std::size_t base = path.size();
    const std::size_t count = git_tree_entrycount(tree);
    for (std::size_t i = 0; i < count; ++i) {
        const git_tree_entry *entry = git_tree_entry_byindex(tree, i);
        if (git_tree_entry_type(entry) != GIT_OBJECT_TREE) continue;
        const char *name = git_tree_entry_name(entry);
        if (forge_dir == name) continue;  // configuration, not projects
        path.resize(base);
        append_component(path, name);
        FORGE_TRY_ASSIGN(auto child, lookup_tree(repo, git_tree_entry_id(entry), path, where));
        FORGE_TRY(find_in_tree(repo, child.get(), path, out, where));
    }
    path.resize(base);
    return {};
}

}  // namespace

status_result repository::walk(const object_id &commit, const tree_visitor &visit) const {
    FORGE_TRY_ASSIGN(auto root, load_commit_tree(repo_.get(), commit, name_));
    std::string path;
    path.reserve(256);
    std::string where = "commit " + commit.short_hex() + " of " + name_;
    FORGE_TRY(walk_tree(repo_.get(), root.get(), path, visit, where));
    return {};
}

result<std::vector<project_location>> repository::find_projects(const object_id &commit) const {
    FORGE_TRY_ASSIGN(auto root, load_commit_tree(repo_.get(), commit, name_));
    std::string path;
    path.reserve(256);
    std::vector<project_location> found;
    FORGE_TRY(find_in_tree(repo_.get(), root.get(), path, found, "commit " + commit.short_hex() + " of " + name_));
    std::sort(found.begin(), found.end(),
              [](const project_location &a, const project_location &b) { return a.config_path < b.config_path; });
    return found;
}

result<std::string> commit_source::read(std::string_view path) const { return repo_->read_file(commit_, path); }

result<std::vector<project_location>> commit_source::find_projects() const { return repo_->find_projects(commit_); }

std::string commit_source::describe() const { return "commit " + commit_.short_hex() + " of " + repo_->name(); }

}  // namespace forge::git
