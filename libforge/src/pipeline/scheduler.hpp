// Runs a pipeline DAG on this machine (spec.md §2): phase groups strictly in sequence, the tasks of
// every phase of a group in parallel (at most `jobs` at once), the steps of a task in order, each
// step through the executor registered for its `action`.
//
// Fail-fast: the first failing step stops the run's running steps (they end `cancelled`), leaves
// the work not yet started `skipped`, and fails the run. cancel() — e.g. from a SIGINT handler —
// stops the same way and ends the run `cancelled`.
//
// Every line a step prints is masked by the context's secret redactor before it is stored or shown.
// Logs are stored complete and in order under spec.md §6's keys; the report (the shape of
// `GET /v1/runs/{id}`) goes to <state_dir>/runs/<run-id>/report.json.
#pragma once

#include <atomic>
#include <boost/json/fwd.hpp>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "context/context.hpp"
#include "pipeline/dag.hpp"
#include "pipeline/run_record.hpp"

namespace forge::pipeline {

struct log_line {
    std::string_view run_id, phase, project, step;
    ports::output_stream stream;
    std::string_view text;  // already masked
};

struct scheduler_options {
    std::string run_id;                          // empty: a new UUID v4
    std::filesystem::path repo_root;             // a task's directory is repo_root / project_path
    unsigned jobs = 0;                           // 0: the number of cores
    std::string state_dir;                       // empty: the context's `state_dir`; no report file when both are empty
    std::shared_ptr<ports::object_store> store;  // null: objstore::object_store_for(ctx)
    // Progress as JSON objects: {"event":"run.started"|"phase.started"|"task.started"|"step.started"|
    // "step.finished"|"task.finished"|"phase.finished"|"run.finished","run_id","timestamp",...}.
    // Calls are serialised (never two at once) but come from worker threads.
    std::function<void(const std::string &event_json)> on_event;
    // Every output line as it arrives (masked); called from worker threads, possibly concurrently.
    std::function<void(const log_line &)> on_log_line;
    std::size_t max_log_bytes = 32u << 20;  // per step; the rest is counted, not kept
    // The pipeline's hard limit (spec.md §2): past it, running steps are cancelled and the run fails.
    std::chrono::milliseconds run_limit{24 * 60 * 60 * 1000};
    // Set by someone else (a C API cancel token raised from a signal handler): same as cancel().
    const std::atomic<bool> *cancel_flag = nullptr;
};

// One scheduler runs one DAG once.
class scheduler {
  public:
    scheduler(context &ctx, scheduler_options options);
    scheduler(const scheduler &) = delete;
    scheduler &operator=(const scheduler &) = delete;

    // Runs the DAG to its end and returns the run's record. An error only when the run cannot start
    // (no object store) or its report cannot be written; step failures are in the record.
    result<run_record> run(const dag &d);

    // Stops the run: running steps are cancelled, the rest skipped. Async-signal-safe (one atomic
    // store), callable from any thread, before or during run().
    void cancel() noexcept { cancel_requested_.store(true, std::memory_order_relaxed); }

    const std::string &run_id() const noexcept { return run_id_; }

  private:
    enum class abort_reason : int { none = 0, failed = 1, cancelled = 2 };
    class step_sink;

    bool aborted();
    void abort(abort_reason why);
    void run_task(const phase &ph, const task &t, task_record &tr);
    void run_step(const phase &ph, const task &t, const ports::step_spec &spec, step_record &sr);
    void emit(std::string_view event, boost::json::object &&fields);
    status_result write_report(const run_record &record);

    context &ctx_;
    scheduler_options opt_;
    std::string run_id_;
    std::shared_ptr<ports::object_store> store_;
    std::atomic<bool> cancel_requested_{false};
    std::atomic<int> abort_{0};
    std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();
    std::mutex event_mu_;
};

}  // namespace forge::pipeline
