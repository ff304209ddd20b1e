// The bridge from the executor port to forge::exec: runs a prepared command for one step, streams
// its output to the step's sink, and turns a timeout or a cancellation into the matching error.
#pragma once

#include "exec/process.hpp"
#include "ports/executor.hpp"

namespace forge::exec {

// The exit code when the command ran to its end (any code, 0 = success); status::timeout when the
// step's timeout stopped it, status::cancelled when the sink asked it to stop, or the start error.
result<int> run_step_process(const process_options &options, ports::exec_sink &sink);

// "1.5s", "200ms", "30m" — how a timeout is named in messages.
std::string describe_duration(std::chrono::milliseconds d);

}  // namespace forge::exec
