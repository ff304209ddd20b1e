// A pipeline run on this machine from a repository, as `forge run` makes it: discover the
// repository (its work tree, or a commit checked out into the state directory), build the DAG, keep
// the selected phases and projects, run it with the scheduler, store the report, then hand the
// result to the post-run stages (release, deploy) the caller supplies.
//
// The state directory holds everything a run leaves behind:
//   <state_dir>/objects/pipeline-runs/<run-id>/logs/<phase>/<project>/<step>.log   (fs object store)
//   <state_dir>/objects/pipeline-runs/<run-id>/report.json
//   <state_dir>/runs/<run-id>/report.json
//   <state_dir>/checkouts/<run-id>/      a commit's files while its run lasts
//   <state_dir>/discovery-cache/         cached project evaluations
// and a .gitignore of `*`, so a state directory inside a work tree stays out of git and discovery.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "context/context.hpp"
#include "discovery/discovery_result.hpp"
#include "discovery/evaluation_cache.hpp"
#include "pipeline/dag.hpp"
#include "pipeline/run_record.hpp"

namespace forge::pipeline {

struct local_run_outcome;

// Work that follows a successful pipeline in the same run (release, deploy). Stages run in order,
// only when every step succeeded and not on a dry run; each sees the discovery, the DAG that ran,
// the record and the directory the steps ran in (where their artifacts are). The first stage that
// fails stops the rest and fails the run (its report is written again).
struct post_run_stage {
    std::string name;  // shows in the stage.started / stage.finished events
    std::function<status_result(context &ctx, const local_run_outcome &run)> run;
};

struct local_run_options {
    std::string repository = ".";  // a local path: a work tree or a folder inside one
    // The revision to run (commit SHA, branch, tag...). Empty: the branch below when set, else the
    // work tree as it is on disk (local mode: uncommitted and untracked files included).
    std::string revision;
    std::string branch;                 // the run's branch (release triggers, report); empty: the current branch
    std::vector<std::string> phases;    // run only these phases; empty: every phase
    std::vector<std::string> projects;  // run only these projects; empty: every project
    unsigned jobs = 0;                  // tasks at once; 0: the number of cores
    bool dry_run = false;               // discover, select and report the plan; run nothing
    std::filesystem::path state_dir;    // required
    std::string run_id;                 // empty: a new UUID v4
    std::function<void(const std::string &event_json)> on_event;  // serialised, from worker threads
    const std::atomic<bool> *cancel_flag = nullptr;               // raised from anywhere (a signal handler too)
    discovery::evaluation_cache *cache = nullptr;                 // in-memory evaluations to reuse (optional)
    std::shared_ptr<ports::object_store> store;                   // null: fs under <state_dir>/objects, or the
                                                                  // context's configured adapter
    std::vector<post_run_stage> post_run;
};

struct local_run_outcome {
    discovery::discovery_result discovery;
    dag selected;                       // the DAG after the phase and project filters
    run_record record;                  // the report, as GET /v1/runs/{id} shows it (report_json)
    std::filesystem::path workdir;      // the repository root the steps ran in
    std::filesystem::path report_path;  // <state_dir>/runs/<run-id>/report.json (none on a dry run)
    std::shared_ptr<ports::object_store> store;
};

// Keeps the phases and projects named (empty lists keep everything); phases and groups left
// without tasks go. An unknown name is status::invalid listing the known ones.
result<dag> select(const dag &d, const std::vector<std::string> &phases, const std::vector<std::string> &projects,
                   const std::vector<std::string> &known_projects);

// Fails only when the run could not start (bad repository, invalid configuration, unknown filter,
// no object store) or its report could not be written; a failed or cancelled pipeline is a
// successful call whose record says so.
result<local_run_outcome> run_local(context &ctx, const local_run_options &options);

}  // namespace forge::pipeline
