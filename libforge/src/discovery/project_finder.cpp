#include "discovery/project_finder.hpp"

#include <algorithm>
#include <unordered_map>

namespace forge::discovery {

namespace {

constexpr std::string_view forge_dir = ".forge";
constexpr std::string_view config_suffix = "/.forge/project.cue";

std::string join(std::string_view a, std::string_view b) {
    if (a.empty()) return std::string(b);
    if (b.empty()) return std::string(a);
    return std::string(a) + "/" + std::string(b);
}

bool inside_forge_dir(std::string_view path) {
    return path.starts_with(".forge/") || path.find("/.forge/") != std::string_view::npos;
}

}  // namespace

result<std::vector<git::project_location>> find_projects_incremental(const git::repository &repo,
                                                                     const git::object_id &commit,
                                                                     evaluation_cache &cache) {
    std::vector<git::project_location> found;
    std::unordered_map<std::string, git::object_id> entered;      // directories walked into, by path
    std::unordered_map<std::string, git::object_id> forge_trees;  // ".../.forge" -> its tree id

    FORGE_TRY(repo.walk(commit, [&](const git::tree_entry &e) {
        if (e.is_tree) {
            if (e.name == forge_dir) {
                forge_trees.emplace(std::string(e.path), e.id);
                return git::walk_action::descend;
            }
            if (inside_forge_dir(e.path)) return git::walk_action::skip;
            if (auto known = cache.find_tree(e.id)) {
                for (const auto &p : *known)
                    found.push_back(
                        git::project_location{join(e.path, p.dir), join(e.path, p.config_path), p.forge_tree});
                return git::walk_action::skip;
            }
            entered.emplace(std::string(e.path), e.id);
            return git::walk_action::descend;
        }
        if (e.name == "project.cue" && (e.path == ".forge/project.cue" || e.path.ends_with(config_suffix))) {
            std::string dir = e.path == ".forge/project.cue"
                                  ? std::string()
                                  : std::string(e.path.substr(0, e.path.size() - config_suffix.size()));
            auto forge = forge_trees.find(join(dir, forge_dir));
            if (forge != forge_trees.end())
                found.push_back(git::project_location{dir, std::string(e.path), forge->second});
        }
        return git::walk_action::descend;
    }));

    // What each entered directory holds, for the next walk.
    std::unordered_map<std::string, std::vector<git::project_location>> below;
    for (const auto &[path, _] : entered) below[path];
    for (const auto &p : found) {
        std::string_view dir = p.dir;
        for (std::size_t cut = dir.size(); cut != std::string_view::npos && cut > 0; cut = dir.rfind('/', cut - 1)) {
            auto it = below.find(std::string(dir.substr(0, cut)));
            if (it != below.end()) {
                std::string rel = cut == dir.size() ? std::string() : std::string(dir.substr(cut + 1));
                it->second.push_back(git::project_location{rel, join(rel, ".forge/project.cue"), p.forge_tree});
            }
            if (cut == 0) break;
        }
    }
    for (auto &[path, projects] : below) cache.store_tree(entered.at(path), std::move(projects));

    std::sort(found.begin(), found.end(), [](const git::project_location &a, const git::project_location &b) {
        return a.config_path < b.config_path;
    });
    return found;
}

}  // namespace forge::discovery
