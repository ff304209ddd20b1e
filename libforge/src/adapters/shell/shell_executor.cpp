#include "adapters/shell/shell_executor.hpp"

#include "exec/step_process.hpp"

namespace forge::adapters {

result<int> shell_executor::execute(const ports::step_spec &step, ports::exec_sink &sink) {
    if (step.run.empty())
        return make_error(status::invalid, "step \"" + step.name + "\": action \"shell\" needs a `run` command");
    exec::process_options o;
    o.argv = {"/bin/sh", "-c", step.run};
    o.workdir = step.workdir;
    o.env = step.env;
    o.timeout = step.timeout;
    o.kill_grace = kill_grace_;
    return exec::run_step_process(o, sink);
}

}  // namespace forge::adapters
