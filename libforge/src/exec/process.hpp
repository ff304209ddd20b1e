// forge::exec: runs one command as a child process on POSIX and supervises it to the end.
//
// The child leads its own process group, so that a timeout or a cancellation can signal everything
// the command started (TERM to the group, KILL after a grace period). Descendants that left the
// group (setsid) are found through /proc while the leader is alive and signalled as well. When the
// leader exits, whatever it left running in its group is stopped the same way, so a step that starts
// `sleep 1000 &` leaves nothing behind. stdout and stderr arrive line by line through a callback.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "ports/executor.hpp"

namespace forge::exec {

struct process_options {
    // argv[0] must be a path (absolute or relative to the working directory): no PATH lookup here,
    // so that the caller decides how a missing program is reported.
    std::vector<std::string> argv;
    std::string workdir;  // empty: the current directory
    // The child's environment: the parent's (when inherit_environment) overlaid with these.
    std::map<std::string, std::string> env;
    bool inherit_environment = true;
    std::chrono::milliseconds timeout{0};  // 0: none
    std::chrono::milliseconds kill_grace{5000};  // TERM → KILL
    std::size_t max_line = 64 * 1024;  // longer lines are delivered in pieces of this size
};

struct process_result {
    int exit_code = -1;  // the exit status, or 128 + signal number
    bool timed_out = false;
    bool cancelled = false;
    std::chrono::system_clock::time_point started_at;
    std::chrono::system_clock::time_point finished_at;
};

using line_callback = std::function<void(ports::output_stream, std::string_view)>;
// Asked about every 20 ms while the child runs; true stops it (TERM, then KILL after the grace).
using cancel_check = std::function<bool()>;

// Runs the command to completion. An error means it could not be started at all (missing program,
// bad working directory, no resources); everything after a successful start is in the result.
result<process_result> run_process(const process_options &options, const line_callback &on_line,
                                   const cancel_check &cancelled = {});

// Splits a byte stream into lines: '\n' ends a line (a preceding '\r' is dropped), a line longer than
// max_line is emitted in pieces, and finish() flushes a last line that has no newline.
class line_splitter {
  public:
    line_splitter(std::size_t max_line, std::function<void(std::string_view)> emit)
        : max_line_(max_line == 0 ? 1 : max_line), emit_(std::move(emit)) {}
    void feed(std::string_view bytes);
    void finish();

  private:
    void emit_line(std::string_view line);
    std::size_t max_line_;
    std::function<void(std::string_view)> emit_;
    std::string pending_;
};

// Looks `name` up in a PATH-style list of directories; empty when no executable file matches.
std::string find_in_path(std::string_view name, std::string_view path_list);

}  // namespace forge::exec
