// Discovery from a request as the C API and the CLI make it: open the repository (path or URL),
// pick the commit or the work tree, use the evaluation cache, discover.
#pragma once

#include <filesystem>

#include "core/error.hpp"
#include "discovery/discover.hpp"
#include "discovery/repository_source.hpp"

namespace forge::discovery {

struct discovery_request {
    source_request source;
    run_info run;
    // Where clones of URLs go (<cache_dir>/git) and evaluations are cached (<cache_dir>/projects).
    // Empty: no on-disk cache (then URLs cannot be discovered).
    std::filesystem::path cache_dir;
    evaluation_cache *cache = nullptr;  // in-memory cache to use (its dir should be the one above)
};

std::filesystem::path evaluation_cache_dir(const std::filesystem::path &cache_dir);

result<discovery_result> discover_repository(const discovery_request &req);

}  // namespace forge::discovery
