#include "discovery/project_analysis.hpp"

#include <boost/json.hpp>

#include "discovery/config_eval.hpp"
#include "discovery/project_checks.hpp"

namespace forge::discovery {

namespace json = boost::json;

project_analysis analyse_project(std::string dir, std::string config_path, std::string text, const repo_config *repo) {
    project_analysis a;
    a.dir = std::move(dir);
    a.config_path = config_path;
    config_file file(std::move(config_path), std::move(text));
    evaluation ev = evaluate_config(file, config_kind::project);
    if (!file.parsed()) {
        a.config = json::object();
        a.problems = std::move(ev.problems);
        return a;
    }
    if (ev.value) a.config = std::move(*ev.value);
    else if (ev.raw) a.config = std::move(*ev.raw);
    else a.config = json::object();
    project_config model = project_from_json(a.config);
    a.problems = check_project(file, model, repo, ev.problems, ev.problem_paths);
    if (model.name) a.name_position = file.locate("name", true);
    return a;
}

json::value to_json(const project_analysis &a) {
    return json::object{{"format", 1},
                        {"dir", a.dir},
                        {"config_path", a.config_path},
                        {"config", a.config},
                        {"problems", to_json(a.problems)},
                        {"name_line", a.name_position.line},
                        {"name_column", a.name_position.column}};
}

std::optional<project_analysis> analysis_from_json(const json::value &v) {
    const auto *o = v.if_object();
    if (o == nullptr) return std::nullopt;
    const auto *format = o->if_contains("format");
    const auto *dir = o->if_contains("dir");
    const auto *path = o->if_contains("config_path");
    const auto *config = o->if_contains("config");
    const auto *problems = o->if_contains("problems");
    if (!format || !format->is_int64() || format->as_int64() != 1 || !dir || !dir->is_string() || !path ||
        !path->is_string() || !config || !problems || !problems->is_array())
        return std::nullopt;
    project_analysis a;
    a.dir = dir->as_string();
    a.config_path = path->as_string();
    a.config = *config;
    for (const auto &p : problems->as_array()) a.problems.push_back(problem_from_json(p));
    if (const auto *l = o->if_contains("name_line"); l && l->is_int64()) a.name_position.line = static_cast<int>(l->as_int64());
    if (const auto *c = o->if_contains("name_column"); c && c->is_int64())
        a.name_position.column = static_cast<int>(c->as_int64());
    return a;
}

}  // namespace forge::discovery
