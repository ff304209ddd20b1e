#include "discovery/run_discovery.hpp"

namespace forge::discovery {

std::filesystem::path evaluation_cache_dir(const std::filesystem::path &cache_dir) {
    return cache_dir.empty() ? cache_dir : cache_dir / "projects";
}

result<discovery_result> discover_repository(const discovery_request &req) {
    source_request src = req.source;
    if (src.clone_cache.empty() && !req.cache_dir.empty()) src.clone_cache = req.cache_dir / "git";
    FORGE_TRY_ASSIGN(opened_source opened, open_source(src));

    std::optional<evaluation_cache> local_cache;
    evaluation_cache *cache = req.cache;
    if (cache == nullptr && !req.cache_dir.empty()) cache = &local_cache.emplace(evaluation_cache_dir(req.cache_dir));

    discover_options opts;
    opts.repository_url = opened.display_url;
    opts.fallback_name = opened.fallback_name;
    opts.commit = opened.commit;
    opts.run = req.run;
    opts.cache = cache;
    opts.repository = opened.repo.get();
    if (!opened.commit.empty()) {
        FORGE_TRY_ASSIGN(auto id, git::object_id::parse(opened.commit));
        opts.commit_id = id;
    }
    return discover(*opened.tree, opts);
}

}  // namespace forge::discovery
