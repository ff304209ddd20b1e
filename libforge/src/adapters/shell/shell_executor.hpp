// Executor "shell": runs a step's `run` with /bin/sh -c in the project directory.
#pragma once

#include <chrono>

#include "ports/executor.hpp"

namespace forge::adapters {

class shell_executor final : public ports::executor {
  public:
    explicit shell_executor(std::chrono::milliseconds kill_grace = std::chrono::seconds(5)) : kill_grace_(kill_grace) {}
    result<int> execute(const ports::step_spec &step, ports::exec_sink &sink) override;

  private:
    std::chrono::milliseconds kill_grace_;
};

}  // namespace forge::adapters
