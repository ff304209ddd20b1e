#include "discovery/project_checks.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <re2/re2.h>
#include <set>

namespace forge::discovery {

namespace json = boost::json;

namespace {

constexpr std::string_view xr_api_version = "forge.projectcatalyst.io/v1alpha1";

std::string join(const std::vector<std::string> &items) {
    std::string out;
    for (const auto &i : items) out += (out.empty() ? "" : ", ") + i;
    return out.empty() ? "none" : out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            char x = static_cast<char>(std::tolower(static_cast<unsigned char>(a[i - 1])));
            char y = static_cast<char>(std::tolower(static_cast<unsigned char>(b[j - 1])));
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x == y ? 0 : 1)});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::string suggestion(std::string_view wrong, const std::vector<std::string> &known) {
    std::string best;
    std::size_t best_d = 3;  // only close misspellings are worth suggesting
    for (const auto &k : known) {
        std::size_t d = edit_distance(wrong, k);
        if (d < best_d) best_d = d, best = k;
    }
    return best.empty() ? std::string() : "; did you mean \"" + best + "\"?";
}

std::string index_path(std::string_view base, std::size_t i) { return std::string(base) + "[" + std::to_string(i) + "]"; }

bool path_within(std::string_view path, std::string_view base) {
    return path == base || (path.starts_with(base) && (path[base.size()] == '.' || path[base.size()] == '['));
}

}  // namespace

const std::vector<std::string> &xr_kinds() {
    static const std::vector<std::string> kinds = {"ConfigMaps", "CronJob", "Database", "Deployment", "Job",
                                                   "Network",    "Secrets", "Stateful", "Storage"};
    return kinds;
}

std::string quoted_label(std::string_view name) { return json::serialize(json::value(name)); }

std::vector<problem> check_project(const config_file &file, const project_config &project, const repo_config *repo,
                                   const std::vector<problem> &schema_problems,
                                   const std::vector<std::string> &schema_paths) {
    std::vector<problem> out;
    std::vector<std::string> superseded;  // CUE paths whose engine errors a clearer message replaces

    // Deploy resources: an XR of an unknown kind.
    for (std::size_t i = 0; i < project.resources.size(); ++i) {
        const auto *o = project.resources[i].if_object();
        if (o == nullptr) continue;
        const auto *api = o->if_contains("apiVersion");
        const auto *kind = o->if_contains("kind");
        if (!api || !api->is_string() || api->as_string() != xr_api_version || !kind || !kind->is_string()) continue;
        std::string k(kind->as_string());
        const auto &kinds = xr_kinds();
        if (std::find(kinds.begin(), kinds.end(), k) != kinds.end()) continue;
        std::string base = index_path("deploy.resources", i);
        out.push_back(file.at(base + ".kind",
                              "unknown XR kind \"" + k + "\" for apiVersion " + std::string(xr_api_version) +
                                  " (known: " + join(kinds) + ")" + suggestion(k, kinds)));
        superseded.push_back(base);
    }

    for (std::size_t i = 0; i < schema_problems.size(); ++i) {
        const std::string &path = i < schema_paths.size() ? schema_paths[i] : std::string();
        bool replaced = std::any_of(superseded.begin(), superseded.end(),
                                    [&](const std::string &base) { return !path.empty() && path_within(path, base); });
        if (!replaced) out.push_back(schema_problems[i]);
    }

    // Phases must exist in repo.cue.
    if (repo != nullptr) {
        std::vector<std::string> defined;
        for (const auto &p : repo->phases) defined.push_back(p.name);
        for (const auto &ph : project.phases) {
            if (repo->phase(ph.name) != nullptr) continue;
            out.push_back(file.at("phases." + quoted_label(ph.name),
                                  "phase \"" + ph.name + "\" is not defined in .forge/repo.cue (defined: " + join(defined) +
                                      ")" + suggestion(ph.name, defined),
                                  true));
        }
    }

    // Artifacts: how many, their producer steps and publishers.
    if (project.artifacts.size() > max_artifacts_per_project)
        out.push_back(file.at("artifacts",
                              std::to_string(project.artifacts.size()) + " artifacts: a project may declare at most " +
                                  std::to_string(max_artifacts_per_project),
                              true));
    std::vector<std::string> steps;
    for (const auto &ph : project.phases)
        for (const auto &s : ph.steps) steps.push_back(s.name);
    std::vector<std::string> publishers;
    if (repo != nullptr)
        for (const auto &[name, _] : repo->publishers) publishers.push_back(name);
    for (const auto &a : project.artifacts) {
        std::string base = "artifacts." + quoted_label(a.name);
        if (!a.producer_step.empty() && !project.has_step(a.producer_step))
            out.push_back(file.at(base + ".producer.step", "artifact \"" + a.name + "\": producer step \"" +
                                                               a.producer_step + "\" is not a step of this project (steps: " +
                                                               join(steps) + ")"));
        if (repo == nullptr) continue;
        for (std::size_t i = 0; i < a.publishers.size(); ++i) {
            if (repo->publishers.count(a.publishers[i])) continue;
            out.push_back(file.at(index_path(base + ".publishers", i),
                                  "artifact \"" + a.name + "\": publisher \"" + a.publishers[i] +
                                      "\" is not defined in .forge/repo.cue (defined: " + join(publishers) + ")"));
        }
    }

    // Branch triggers are RE2 patterns.
    for (std::size_t i = 0; i < project.triggers.size(); ++i) {
        const trigger &t = project.triggers[i];
        if (t.type != trigger::kind::branch) continue;
        RE2::Options opts;
        opts.set_log_errors(false);
        RE2 re(t.branch, opts);
        if (!re.ok())
            out.push_back(file.at(index_path("release.on", i) + ".branch",
                                  "invalid branch pattern \"" + t.branch + "\": " + re.error()));
    }

    // @artifact("x") must name a declared artifact.
    std::set<std::string> declared;
    std::vector<std::string> declared_list;
    for (const auto &a : project.artifacts) declared.insert(a.name), declared_list.push_back(a.name);
    for (const auto &use : file.artifact_uses()) {
        if (declared.count(use.name)) continue;
        out.push_back(file.at(use.where, "@artifact(\"" + use.name +
                                             "\") refers to an artifact this project does not declare (declared: " +
                                             join(declared_list) + ")"));
    }

    sort_problems(out);
    return out;
}

}  // namespace forge::discovery
