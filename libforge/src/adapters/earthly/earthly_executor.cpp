#include "adapters/earthly/earthly_executor.hpp"

#include <cstdlib>

#include "exec/step_process.hpp"

namespace forge::adapters {

namespace {

bool ci_enabled(const ports::step_spec &step) {
    auto it = step.env.find("CI");
    return it != step.env.end() && (it->second == "true" || it->second == "1");
}

// "build" → "+build"; "+build", "./sub+build" and "github.com/x/y+build" are already references.
std::string target_reference(const std::string &target) {
    return target.find('+') == std::string::npos ? "+" + target : target;
}

}  // namespace

std::vector<std::string> earthly_executor::arguments(const ports::step_spec &step) const {
    std::vector<std::string> args;
    if (ci_enabled(step)) args.emplace_back("--ci");
    for (const auto &[name, value] : step.env)
        if (is_secret_ && is_secret_(value)) {
            args.emplace_back("--secret");
            args.push_back(name);
        }
    args.push_back(target_reference(step.target));
    return args;
}

result<int> earthly_executor::execute(const ports::step_spec &step, ports::exec_sink &sink) {
    if (step.target.empty())
        return make_error(status::invalid, "step \"" + step.name + "\": action \"earthly\" needs a `target`");
    // PATH as the step will see it: its own, else the one this process passes on.
    std::string path_list;
    if (auto it = step.env.find("PATH"); it != step.env.end()) path_list = it->second;
    else if (const char *p = std::getenv("PATH")) path_list = p;
    std::string program = exec::find_in_path("earthly", path_list);
    if (program.empty()) {
        std::string msg = "step \"" + step.name +
                          "\" needs the earthly binary, which is not on PATH; install it from "
                          "https://earthly.dev/get-earthly (or run the step with action \"shell\")";
        sink.line(ports::output_stream::err, "forge: " + msg);
        return make_error(status::not_found, msg);
    }
    exec::process_options o;
    o.argv.push_back(program);
    for (auto &a : arguments(step)) o.argv.push_back(std::move(a));
    o.workdir = step.workdir;
    o.env = step.env;
    o.timeout = step.timeout;
    o.kill_grace = kill_grace_;
    std::string shown = "earthly";
    for (std::size_t i = 1; i < o.argv.size(); ++i) shown += " " + o.argv[i];
    sink.line(ports::output_stream::err, "forge: running " + shown);  // names only, never values
    return exec::run_step_process(o, sink);
}

}  // namespace forge::adapters
