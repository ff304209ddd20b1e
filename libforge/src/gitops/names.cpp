#include "gitops/names.hpp"

#include <vector>

namespace forge::gitops {

namespace {

bool name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

std::vector<std::string_view> split(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        parts.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

}  // namespace

status_result check_name(std::string_view name, std::string_view what) {
    auto bad = [&](const std::string &why) {
        return make_error(status::invalid, std::string(what) + " name \"" + std::string(name) + "\" " + why +
                                               " (lowercase letters, digits, '.', '_' and '-', 1 to 63 characters, "
                                               "starting and ending with a letter or digit)");
    };
    if (name.empty()) return bad("is empty");
    if (name.size() > 63) return bad("is too long");
    if (!name_char(name.front()) || !name_char(name.back())) return bad("must start and end with [a-z0-9]");
    for (char c : name)
        if (!name_char(c) && c != '.' && c != '_' && c != '-') return bad("has a character that is not allowed");
    return {};
}

bool is_commit_sha(std::string_view text) {
    if (text.size() != 40) return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

std::string project_folder(std::string_view env, std::string_view repo, std::string_view project) {
    return std::string(env) + "/apps/" + std::string(repo) + "/" + std::string(project);
}

std::string pointer_path(std::string_view env, std::string_view repo, std::string_view project) {
    return project_folder(env, repo, project) + "/release.yaml";
}

status_result check_writable_path(std::string_view path) {
    auto parts = split(path);
    // <env>/apps/<repo>/<project>/<file>: anything at or below a project folder.
    if (parts.size() >= 5 && parts[1] == "apps") {
        if (parts.size() == 5 && (parts[4] == "release.yaml" || parts[4] == "env.yaml")) return {};
        return make_error(status::invalid, "refusing to write " + std::string(path) + ": a project folder (" +
                                               project_folder(parts[0], parts[2], parts[3]) +
                                               ") may hold only release.yaml and env.yaml");
    }
    return {};
}

result<project_ref> parse_project_ref(std::string_view text) {
    auto slash = text.find('/');
    if (slash == std::string_view::npos || text.find('/', slash + 1) != std::string_view::npos)
        return make_error(status::invalid, "project \"" + std::string(text) + "\" must be written <repo>/<project>");
    project_ref ref{std::string(text.substr(0, slash)), std::string(text.substr(slash + 1))};
    FORGE_TRY(check_name(ref.repo, "repository"));
    FORGE_TRY(check_name(ref.project, "project"));
    return ref;
}

}  // namespace forge::gitops
