// The context's configuration: a fixed table of known dotted keys (docs/configuration.md), each
// with a default. Unknown keys are refused so that a typo never silently changes nothing.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace forge {

struct config_key {
    std::string_view name;
    std::string_view default_value;  // "" = unset unless given
    std::string_view description;
};

// Every key a context knows, in documentation order.
const std::vector<config_key> &known_config_keys();

class config {
  public:
    status_result set(std::string_view key, std::string_view value);
    // The value, else the key's default, else nullopt.
    std::optional<std::string> get(std::string_view key) const;
    std::string get_or(std::string_view key, std::string_view fallback) const;

  private:
    mutable std::mutex mu_;
    std::map<std::string, std::string, std::less<>> values_;
};

}  // namespace forge
