#include "discovery/config_eval.hpp"

#include <boost/json.hpp>
#include <initializer_list>
#include <map>
#include <mutex>

#include "cue/api.hpp"
#include "project/schemas.hpp"

namespace forge::discovery {

namespace json = boost::json;

namespace {

constexpr std::string_view wrapper_field = "_forge_config";
constexpr std::string_view schema_prefix = "<schema>/";
constexpr std::string_view default_package = "forge_config";

// The schema files a kind of configuration needs, in the user's package (the package clause is
// rewritten on its own line, so the schema's line numbers stay as they are).
std::vector<std::pair<std::string, std::string>> make_schema_sources(std::initializer_list<std::string_view> names,
                                                                     const std::string &package) {
    std::vector<std::pair<std::string, std::string>> out;
    for (auto name : names) {
        for (const auto &[file, text] : project::embedded_schema_files()) {
            if (file != std::string(name) + ".cue") continue;
            std::string body(text);
            if (auto p = body.find("package schema"); p != std::string::npos)
                body.replace(p, std::string_view("package schema").size(), "package " + package);
            out.emplace_back(std::string(schema_prefix) + std::string(file), std::move(body));
        }
    }
    return out;
}

// Built once per (kind, package): configurations nearly always use `package repo` / `package project`.
std::vector<std::pair<std::string, std::string>> schema_sources(config_kind kind, const std::string &package) {
    static std::mutex mu;
    static std::map<std::pair<int, std::string>, std::vector<std::pair<std::string, std::string>>> built;
    std::lock_guard lock(mu);
    auto key = std::make_pair(static_cast<int>(kind), package);
    auto it = built.find(key);
    if (it == built.end()) {
        if (built.size() > 64) built.clear();  // unusual package names: do not grow without bound
        auto sources = kind == config_kind::repo ? make_schema_sources({"common", "repo"}, package)
                                                 : make_schema_sources({"common", "xr", "project"}, package);
        it = built.emplace(key, std::move(sources)).first;
    }
    return it->second;
}

std::optional<json::value> parse_json(const std::string &text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec) return std::nullopt;
    return v;
}

}  // namespace

evaluation evaluate_config(const config_file &file, config_kind kind) {
    evaluation ev;
    if (!file.parsed()) {
        ev.problems = file.syntax_problems();
        ev.problem_paths.assign(ev.problems.size(), "");
        return ev;
    }

    cue::export_options opts;
    // Schema files first: the engine resolves package-level references in file order.
    std::string package = file.package_name();
    if (package.empty()) package = std::string(default_package);
    opts.sources = schema_sources(kind, package);
    opts.sources.emplace_back(
        file.name(), file.wrapped(wrapper_field, kind == config_kind::repo ? "#Repo" : "#Project", default_package));
    opts.expression = std::string(wrapper_field);
    cue::export_result r = cue::export_values(opts);
    if (r.ok) {
        ev.value = parse_json(r.output);
        if (!ev.value) {
            ev.problems.push_back(file.at(text_position{1, 1}, "the configuration did not export as JSON"));
            ev.problem_paths.emplace_back();
        }
        return ev;
    }

    for (const auto &e : r.errors) {
        cue_message m = parse_cue_message(e);
        problem p;
        p.message = m.text;
        if (m.file == file.name()) {
            text_position pos = file.map_position(m.line, m.column);
            p = file.at(pos, m.text);
        } else {
            // The position is inside a schema, or missing: point at what the path names instead.
            p = file.at(m.path, m.text);
        }
        // CUE reports each conjunct a value conflicts with (`int` and `>=1` against "x"); one
        // problem per place and field is what a reader needs.
        bool seen = false;
        for (std::size_t i = 0; i < ev.problems.size() && !seen; ++i)
            seen = ev.problem_paths[i] == m.path && ev.problems[i].file == p.file && ev.problems[i].line == p.line &&
                   ev.problems[i].column == p.column;
        if (seen) continue;
        ev.problems.push_back(std::move(p));
        ev.problem_paths.push_back(m.path);
    }
    if (ev.problems.empty()) {
        ev.problems.push_back(file.at(text_position{1, 1}, "the configuration could not be evaluated"));
        ev.problem_paths.emplace_back();
    }

    // The file on its own, without the schema, for discovery's own checks.
    cue::export_options raw;
    raw.sources.emplace_back(file.name(), file.text());
    cue::export_result rr = cue::export_values(raw);
    if (rr.ok) ev.raw = parse_json(rr.output);
    return ev;
}

}  // namespace forge::discovery
