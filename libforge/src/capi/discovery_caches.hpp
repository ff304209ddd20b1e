// The in-memory evaluation caches of one forge_context, one per cache directory, so that repeated
// discoveries through the C API (a worker, the Python bindings) skip unchanged projects without
// even reading the disk cache.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "discovery/evaluation_cache.hpp"

namespace forge::capi {

class discovery_caches {
  public:
    discovery::evaluation_cache &for_dir(const std::filesystem::path &dir) {
        std::lock_guard lock(mu_);
        auto &slot = caches_[dir.string()];
        if (!slot) slot = std::make_unique<discovery::evaluation_cache>(dir);
        return *slot;
    }

  private:
    std::mutex mu_;
    std::map<std::string, std::unique_ptr<discovery::evaluation_cache>> caches_;
};

}  // namespace forge::capi
