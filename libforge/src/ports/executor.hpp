// Port: runs one step of a task (its `action`, e.g. "shell" or "earthly").
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace forge::ports {

struct step_spec {
    std::string name;
    std::string action;
    std::string target;  // earthly target
    std::string run;     // shell command
    std::chrono::milliseconds timeout{0};
    std::string workdir;
    std::map<std::string, std::string> env;
    // Environment variable name -> secret reference (JSON, spec.md §1 SecretRef). The scheduler
    // resolves them when the step starts and adds the values to `env`; executors only ever see values.
    std::map<std::string, std::string> secrets;
};

enum class output_stream { out = 1, err = 2 };

// Where a running step's output goes and how it learns that it must stop.
class exec_sink {
  public:
    virtual ~exec_sink() = default;
    virtual void line(output_stream stream, std::string_view text) = 0;
    virtual bool cancelled() const = 0;
};

class executor {
  public:
    virtual ~executor() = default;
    // The step's exit status (0 = success), or an error when it could not be run at all.
    virtual result<int> execute(const step_spec &step, exec_sink &sink) = 0;
};

}  // namespace forge::ports
