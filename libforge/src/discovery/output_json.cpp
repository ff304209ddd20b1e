#include <algorithm>
#include <boost/json.hpp>

#include "discovery/output.hpp"

namespace forge::discovery {

namespace json = boost::json;

namespace {

json::value artifact_json(const artifact_def &a) {
    json::array pubs;
    for (const auto &p : a.publishers) pubs.emplace_back(p);
    return json::object{{"name", a.name},
                        {"type", a.type},
                        {"producer", json::object{{"step", a.producer_step}, {"path", a.producer_path}}},
                        {"publishers", std::move(pubs)}};
}

json::value project_json(const discovered_project &p) {
    json::array artifacts, phases;
    for (const auto &a : p.config.artifacts) artifacts.push_back(artifact_json(a));
    for (const auto &ph : p.config.phases)
        if (!ph.steps.empty()) phases.emplace_back(ph.name);
    return json::object{{"name", p.name},
                        {"id", p.id},
                        {"path", p.dir.empty() ? "." : p.dir},
                        {"config", p.config_path},
                        {"phases", std::move(phases)},
                        {"artifacts", std::move(artifacts)},
                        {"release", json::object{{"triggered", p.release.triggered}, {"reason", p.release.reason}}},
                        {"deploy", json::object{{"resources", p.config.resources}}}};
}

json::value nullable(const std::string &s) { return s.empty() ? json::value(nullptr) : json::value(s); }

}  // namespace

json::value to_json(const discovery_result &r) {
    json::array projects;
    projects.reserve(r.projects.size());
    for (const auto &p : r.projects) projects.push_back(project_json(p));
    json::object repo{{"name", r.repository}, {"url", r.repository_url},
                      {"tagging", r.repo.tagging == tagging_strategy::tag_all ? "tag-all" : "monorepo"}};
    return json::object{{"version", output_format_version},
                        {"repository", std::move(repo)},
                        {"commit", nullable(r.commit)},
                        {"branch", nullable(r.run.branch)},
                        {"tag", nullable(r.run.tag)},
                        {"event", event_name(r.run.event)},
                        {"dag", pipeline::to_json(r.dag)},
                        {"projects", std::move(projects)}};
}

result<std::string> output_text(const discovery_result &r) {
    std::string text = json::serialize(to_json(r));
    if (text.size() <= max_output_bytes) return text;
    // Name the largest projects, which is where the user can act.
    std::vector<std::pair<std::size_t, std::string>> sizes;
    for (const auto &p : r.projects) sizes.emplace_back(json::serialize(project_json(p)).size(), p.name);
    std::sort(sizes.rbegin(), sizes.rend());
    std::string largest;
    for (std::size_t i = 0; i < sizes.size() && i < 3; ++i)
        largest += (i ? ", " : "") + sizes[i].second + " (" + std::to_string(sizes[i].first) + " bytes)";
    return make_error(status::limit, "discovery output is " + std::to_string(text.size()) + " bytes, more than the limit of " +
                                         std::to_string(max_output_bytes) + " bytes (1 MiB) for " +
                                         std::to_string(r.projects.size()) + " projects; largest: " + largest);
}

}  // namespace forge::discovery
