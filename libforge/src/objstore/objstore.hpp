// Choosing the object store a context uses, and the keys of spec.md §6.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "context/context.hpp"

namespace forge::objstore {

// The adapter named by `objstore.adapter`. The built-in "fs" adapter is created on first use with
// its root from `objstore.fs.root`, else `<state_dir>/objects` (an error when neither is set); the
// built-in "s3" adapter is created on first use from the `objstore.s3.*` keys (adapters/s3/s3_config.hpp).
result<std::shared_ptr<ports::object_store>> object_store_for(context &ctx);

// One key segment made from a free-form name: '/', '\\' and NUL become '_', and "", "." and ".."
// become "_", so a phase, project or step name can never add or escape a directory level.
std::string key_segment(std::string_view name);

// pipeline-runs/<run-id>/logs/<phase>/<project>/<step>.log
std::string log_key(std::string_view run_id, std::string_view phase, std::string_view project, std::string_view step);

}  // namespace forge::objstore
