// Local mode: the files of a work tree as `forge validate` should see them, committed or not.
#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_set>

#include "git/internal.hpp"

namespace forge::git {

using namespace detail;

namespace {

constexpr std::string_view project_suffix = ".forge/project.cue";

}  // namespace

result<std::vector<std::string>> repository::work_tree_files() const {
    if (is_bare()) return make_error(status::unsupported, name_ + " is a bare repository: it has no work tree");
    git_index *raw_index = nullptr;
    if (int rc = git_repository_index(&raw_index, repo_.get()); rc < 0)
        return libgit_error(rc, "reading the index of " + name_);
    index_ptr index(raw_index);

    git_status_options opts;
    git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
    opts.show = GIT_STATUS_SHOW_WORKDIR_ONLY;
    opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
                 GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
    git_status_list *raw_status = nullptr;
    if (int rc = git_status_list_new(&raw_status, repo_.get(), &opts); rc < 0)
        return libgit_error(rc, "reading the status of " + name_);
    status_list_ptr statuses(raw_status);

    std::unordered_set<std::string> gone;
    std::vector<std::string> files;
    const std::size_t changed = git_status_list_entrycount(statuses.get());
    for (std::size_t i = 0; i < changed; ++i) {
        const git_status_entry *e = git_status_byindex(statuses.get(), i);
        if (!e->index_to_workdir) continue;
        if (e->status & GIT_STATUS_WT_DELETED) gone.insert(e->index_to_workdir->old_file.path);
        else if (e->status & GIT_STATUS_WT_NEW) files.emplace_back(e->index_to_workdir->new_file.path);
    }
    const std::size_t tracked = git_index_entrycount(index.get());
    files.reserve(files.size() + tracked);
    for (std::size_t i = 0; i < tracked; ++i) {
        const git_index_entry *e = git_index_get_byindex(index.get(), i);
        if (e->mode == GIT_FILEMODE_COMMIT) continue;             // submodule
        if (git_index_entry_stage(e) > 1) continue;               // conflict stages: listed once (stage 1 or 0)
        if (gone.count(e->path)) continue;
        files.emplace_back(e->path);
    }
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    return files;
}

result<std::string> work_tree_source::read(std::string_view path) const {
    FORGE_TRY(check_relative_path(path));
    auto root = repo_->work_dir();
    if (!root) return make_error(status::unsupported, repo_->name() + " has no work tree");
    std::error_code ec;
    const auto base = std::filesystem::weakly_canonical(*root, ec);
    const auto file = std::filesystem::weakly_canonical(*root / std::string(path), ec);
    auto rel = file.lexically_relative(base);
    if (ec || rel.empty() || rel.native().starts_with(".."))
        return make_error(status::permission, "'" + std::string(path) + "' leads outside " + describe());
    std::ifstream in(file, std::ios::binary);
    if (!in || std::filesystem::is_directory(file, ec))
        return make_error(status::not_found, "'" + std::string(path) + "' does not exist in " + describe());
    std::ostringstream data;
    data << in.rdbuf();
    if (in.bad()) return make_error(status::io, "reading '" + std::string(path) + "' in " + describe());
    return std::move(data).str();
}

result<std::vector<project_location>> work_tree_source::find_projects() const {
    FORGE_TRY_ASSIGN(auto files, repo_->work_tree_files());
    auto root = *repo_->work_dir();
    std::vector<project_location> found;
    for (const auto &f : files) {
        if (!f.ends_with(project_suffix)) continue;
        if (f.size() != project_suffix.size() && f[f.size() - project_suffix.size() - 1] != '/') continue;
        std::string dir = f.size() == project_suffix.size() ? "" : f.substr(0, f.size() - project_suffix.size() - 1);
        found.push_back(project_location{dir, f, {}});
    }
    // Fingerprint each .forge directory: its files' relative paths and blob ids, in order.
    for (auto &project : found) {
        const std::string prefix = project.dir.empty() ? ".forge/" : project.dir + "/.forge/";
        std::string listing;
        auto first = std::lower_bound(files.begin(), files.end(), prefix);
        for (auto it = first; it != files.end() && it->starts_with(prefix); ++it) {
            git_oid blob;
            const auto full = root / *it;
            if (int rc = git_odb_hashfile(&blob, full.c_str(), GIT_OBJECT_BLOB); rc < 0)
                return libgit_error(rc, "hashing '" + *it + "' in " + describe());
            listing += it->substr(prefix.size());
            listing += '\0';
            listing += to_id(blob).hex();
            listing += '\n';
        }
        git_oid fingerprint;
        git_odb_hash(&fingerprint, listing.data(), listing.size(), GIT_OBJECT_TREE);
        project.forge_tree = to_id(fingerprint);
    }
    return found;
}

std::string work_tree_source::describe() const { return "work tree " + repo_->name(); }

}  // namespace forge::git
