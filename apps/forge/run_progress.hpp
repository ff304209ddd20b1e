// What `forge run` shows while a run goes on. In a terminal: finished tasks scroll by as permanent
// lines, and below them one line per running task (phase/project, its current step and elapsed
// time) redrawn in place with ANSI escapes several times a second. Elsewhere (a pipe, a file,
// CI=true): one plain line per event, nothing rewritten.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace forge_cli {

class run_progress {
  public:
    // `live`: redraw in place (a terminal); else plain lines. Output goes to `out`.
    run_progress(std::FILE *out, bool live);
    ~run_progress();
    run_progress(const run_progress &) = delete;
    run_progress &operator=(const run_progress &) = delete;

    // One event of forge_run (JSON); called from the library's worker threads, never concurrently.
    void on_event(const char *event_json);
    // Stops the redraw and leaves the terminal clean below the last permanent line.
    void finish();

  private:
    struct running_task {
        std::string step;
        std::chrono::steady_clock::time_point started;
    };

    void print_permanent(const std::string &line);  // mu_ held
    void redraw();                                  // mu_ held
    void tick();

    std::FILE *out_;
    bool live_;
    std::mutex mu_;
    std::map<std::string, running_task> running_;  // "phase/project" -> state
    std::size_t drawn_ = 0;                        // live lines currently on screen
    bool done_ = false;
    std::condition_variable wake_;
    std::thread ticker_;
};

// "850ms", "4.2s", "3m07s"
std::string format_duration(long long ms);

}  // namespace forge_cli
