#include "pipeline/run_record.hpp"

#include <boost/json.hpp>

#include "core/ids.hpp"

namespace forge::pipeline {

namespace json = boost::json;

const char *status_name(run_status s) noexcept {
    switch (s) {
        case run_status::pending:
            return "pending";
        case run_status::running:
            return "running";
        case run_status::success:
            return "success";
        case run_status::failed:
            return "failed";
        case run_status::cancelled:
            return "cancelled";
        case run_status::skipped:
            return "skipped";
    }
    return "pending";
}

namespace {

json::value when(const std::optional<time_point> &t) {
    return t ? json::value(format_timestamp(*t)) : json::value(nullptr);
}
json::value text_or_null(const std::string &s) {
    return s.empty() ? json::value(nullptr) : json::value(s);
}

}  // namespace

run_record plan_record(const dag &d, const std::string &run_id) {
    run_record rec;
    rec.id = run_id;
    rec.repository = d.repository;
    rec.commit = d.commit;
    rec.branch = d.branch;
    rec.tag = d.tag;
    for (const auto &g : d.groups)
        for (const auto &p : g.phases) {
            phase_record pr{make_uuid_v4(), p.name, g.number, run_status::pending, {}, {}, {}};
            for (const auto &t : p.tasks) {
                task_record tr{make_uuid_v4(), t.project, t.project_path, run_status::pending, {}, {}, {}};
                for (const auto &s : t.steps) {
                    step_record sr;
                    sr.id = make_uuid_v4();
                    sr.name = s.name;
                    sr.action = s.action;
                    sr.target = s.target;
                    tr.steps.push_back(std::move(sr));
                }
                pr.tasks.push_back(std::move(tr));
            }
            rec.phases.push_back(std::move(pr));
        }
    return rec;
}

json::value report_json(const run_record &run, ports::object_store *store, std::chrono::seconds ttl) {
    json::array phases;
    for (const auto &p : run.phases) {
        json::array tasks;
        for (const auto &t : p.tasks) {
            json::array steps;
            for (const auto &s : t.steps) {
                json::value url = nullptr;
                if (store != nullptr && !s.logs_key.empty())
                    if (auto u = store->presign_get(s.logs_key, ttl)) url = *u;
                steps.push_back(json::object{
                    {"id", s.id},
                    {"step_name", s.name},
                    {"action", s.action},
                    {"target", text_or_null(s.target)},
                    {"status", status_name(s.status)},
                    {"exit_code", s.exit_code ? json::value(*s.exit_code) : json::value(nullptr)},
                    {"started_at", when(s.started_at)},
                    {"completed_at", when(s.completed_at)},
                    {"logs_s3_key", text_or_null(s.logs_key)},
                    {"logs_url", std::move(url)},
                    {"error", text_or_null(s.error)},
                });
            }
            tasks.push_back(json::object{{"id", t.id},
                                         {"project_name", t.project},
                                         {"project_path", t.project_path},
                                         {"status", status_name(t.status)},
                                         {"started_at", when(t.started_at)},
                                         {"completed_at", when(t.completed_at)},
                                         {"steps", std::move(steps)}});
        }
        phases.push_back(json::object{{"id", p.id},
                                      {"phase_name", p.name},
                                      {"group_number", p.group},
                                      {"status", status_name(p.status)},
                                      {"started_at", when(p.started_at)},
                                      {"completed_at", when(p.completed_at)},
                                      {"tasks", std::move(tasks)}});
    }
    return json::object{{"id", run.id},
                        {"repository", run.repository},
                        {"branch", text_or_null(run.branch)},
                        {"tag", text_or_null(run.tag)},
                        {"commit_sha", run.commit},
                        {"status", status_name(run.status)},
                        {"started_at", when(run.started_at)},
                        {"completed_at", when(run.completed_at)},
                        {"phases", std::move(phases)}};
}

}  // namespace forge::pipeline
