// The state of one pipeline run at every level (run → phases → tasks → steps), as the domain model
// of spec.md §3 records it, and its JSON in the shape of `GET /v1/runs/{id}` (spec.md §4).
#pragma once

#include <boost/json/fwd.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/dag.hpp"
#include "ports/object_store.hpp"

namespace forge::pipeline {

enum class run_status { pending, running, success, failed, cancelled, skipped };
const char *status_name(run_status s) noexcept;

using time_point = std::chrono::system_clock::time_point;

struct step_record {
    std::string id, name, action, target;
    run_status status = run_status::pending;
    std::optional<time_point> started_at, completed_at;
    std::optional<int> exit_code;  // only when the command ran to its end
    std::string logs_key;          // empty until a log was stored
    std::string error;             // why the step could not run or was stopped (timeout, missing tool)
};

struct task_record {
    std::string id, project, project_path;
    run_status status = run_status::pending;
    std::optional<time_point> started_at, completed_at;
    std::vector<step_record> steps;
};

struct phase_record {
    std::string id, name;
    int group = 0;
    run_status status = run_status::pending;
    std::optional<time_point> started_at, completed_at;
    std::vector<task_record> tasks;
};

struct run_record {
    std::string id, repository, commit, branch, tag;
    run_status status = run_status::pending;
    std::optional<time_point> started_at, completed_at;
    std::vector<phase_record> phases;  // in group order
};

// The record of a run of `d` before anything ran: every phase, task and step `pending`, with new
// UUIDs. The scheduler starts from it; a dry run reports it as it is.
run_record plan_record(const dag &d, const std::string &run_id);

// The run as `GET /v1/runs/{id}` returns it. With a store, each stored log also gets a `logs_url`
// (presigned for `ttl`); without one, `logs_url` is null.
boost::json::value report_json(const run_record &run, ports::object_store *store = nullptr,
                               std::chrono::seconds ttl = std::chrono::hours(1));

}  // namespace forge::pipeline
