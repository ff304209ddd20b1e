// The pipeline DAG: what discovery produces and the scheduler runs (spec.md §2).
//
// Phase groups run strictly in ascending order; every task (project × phase) of a group runs in
// parallel; the steps of a task run in order. Step timeouts are already resolved here (step, else
// phase, else 30m), so the scheduler never looks at configuration.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/fwd.hpp>

#include "core/error.hpp"
#include "ports/executor.hpp"

namespace forge::pipeline {

inline constexpr std::chrono::milliseconds default_step_timeout{30 * 60 * 1000};

struct task {
    std::string project;       // the project's name (unique within the repository)
    std::string project_path;  // relative to the repository root, "." for the root project
    std::vector<ports::step_spec> steps;
};

struct phase {
    std::string name;
    int group = 1;
    std::chrono::milliseconds timeout{default_step_timeout};
    bool required = false;
    std::vector<task> tasks;  // one per participating project
};

struct phase_group {
    int number = 1;
    std::vector<phase> phases;
};

struct dag {
    std::string repository, commit, branch, tag;
    std::vector<phase_group> groups;  // ascending by number
};

// JSON both ways. Durations are integer milliseconds (`timeout_ms`); a step's `env` is an object of
// strings. Parsing errors name the offending field by its path, e.g. groups[0].phases[1].name.
boost::json::value to_json(const dag &d);
result<dag> dag_from_json(const boost::json::value &v);
result<dag> dag_from_json_text(std::string_view text);
std::string dag_to_json_text(const dag &d);

}  // namespace forge::pipeline
