// Executor "earthly": runs `earthly [--ci] [--secret NAME]... +<target>` in the project directory.
//
// Secrets travel through Earthly's own mechanism: a step environment variable whose value is a
// resolved secret is named on the command line as `--secret NAME` (no value), and Earthly reads the
// value from the child's environment. The value is never in argv, in a log line or in a report.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ports/executor.hpp"

namespace forge::adapters {

class earthly_executor final : public ports::executor {
  public:
    // is_secret tells which environment values are secrets (the context's redactor knows them).
    explicit earthly_executor(std::function<bool(std::string_view)> is_secret,
                              std::chrono::milliseconds kill_grace = std::chrono::seconds(5))
        : is_secret_(std::move(is_secret)), kill_grace_(kill_grace) {}

    result<int> execute(const ports::step_spec &step, ports::exec_sink &sink) override;

    // The arguments after the program name (exposed for tests): flags, secret names, the target.
    std::vector<std::string> arguments(const ports::step_spec &step) const;

  private:
    std::function<bool(std::string_view)> is_secret_;
    std::chrono::milliseconds kill_grace_;
};

}  // namespace forge::adapters
