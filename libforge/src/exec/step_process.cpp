#include "exec/step_process.hpp"

namespace forge::exec {

std::string describe_duration(std::chrono::milliseconds d) {
    auto ms = d.count();
    if (ms % 3'600'000 == 0 && ms > 0) return std::to_string(ms / 3'600'000) + "h";
    if (ms % 60'000 == 0 && ms > 0) return std::to_string(ms / 60'000) + "m";
    if (ms % 1000 == 0 && ms > 0) return std::to_string(ms / 1000) + "s";
    return std::to_string(ms) + "ms";
}

result<int> run_step_process(const process_options &options, ports::exec_sink &sink) {
    auto r = run_process(
        options, [&](ports::output_stream s, std::string_view line) { sink.line(s, line); },
        [&] { return sink.cancelled(); });
    if (!r) return std::move(r).err();
    if (r->timed_out) {
        std::string msg = "step timed out after " + describe_duration(options.timeout) +
                          "; its processes were terminated";
        sink.line(ports::output_stream::err, "forge: " + msg);
        return make_error(status::timeout, msg);
    }
    if (r->cancelled) {
        sink.line(ports::output_stream::err, "forge: step cancelled; its processes were terminated");
        return make_error(status::cancelled, "step cancelled");
    }
    return r->exit_code;
}

}  // namespace forge::exec
