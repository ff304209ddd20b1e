// Port: keyed blobs (logs, large job results, published files). Keys are '/'-separated paths.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace forge::ports {

class object_store {
  public:
    virtual ~object_store() = default;
    virtual status_result put(std::string_view key, std::string_view data) = 0;
    virtual result<std::string> get(std::string_view key) = 0;  // not_found when absent
    virtual result<std::vector<std::string>> list(std::string_view prefix) = 0;  // sorted
    virtual status_result remove(std::string_view key) = 0;
    virtual result<std::string> presign_get(std::string_view key, std::chrono::seconds ttl) = 0;
};

}  // namespace forge::ports
