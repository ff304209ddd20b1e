// Structured logging: one JSON object per record ({"ts","level","msg",...fields}), to a sink the
// context chooses (stderr by default). Secret values the process has resolved are masked in the
// message and in every field before the record is formatted.
#pragma once

#include <functional>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace forge::log {

enum class level : int { trace = 0, debug = 1, info = 2, warn = 3, error = 4, off = 5 };

const char *level_name(level l) noexcept;
bool parse_level(std::string_view name, level &out) noexcept;

// Remembers secret values and replaces them with "***" in text handed to it.
class redactor {
  public:
    void add(std::string_view secret);
    std::string mask(std::string_view text) const;
    bool empty() const;

  private:
    mutable std::mutex mu_;
    std::vector<std::string> secrets_;
};

using field = std::pair<std::string_view, std::string_view>;
using sink = std::function<void(level, std::string_view json_line)>;

class logger {
  public:
    logger();

    void set_level(level l) noexcept { level_ = l; }
    level current_level() const noexcept { return level_; }
    bool enabled(level l) const noexcept { return l >= level_ && level_ != level::off; }

    // Replaces the sink (nullptr: back to stderr).
    void set_sink(sink s);
    redactor &secrets() noexcept { return *redactor_; }

    void write(level l, std::string_view msg, std::initializer_list<field> fields = {});
    void trace(std::string_view m, std::initializer_list<field> f = {}) { write(level::trace, m, f); }
    void debug(std::string_view m, std::initializer_list<field> f = {}) { write(level::debug, m, f); }
    void info(std::string_view m, std::initializer_list<field> f = {}) { write(level::info, m, f); }
    void warn(std::string_view m, std::initializer_list<field> f = {}) { write(level::warn, m, f); }
    void error(std::string_view m, std::initializer_list<field> f = {}) { write(level::error, m, f); }

    // The JSON line a record becomes (exposed for tests and for sinks that re-format).
    std::string format(level l, std::string_view msg, std::initializer_list<field> fields) const;

  private:
    level level_ = level::info;
    sink sink_;
    std::mutex sink_mu_;
    std::shared_ptr<redactor> redactor_;
};

}  // namespace forge::log
