// Where `forge run` keeps its state and `forge logs` reads it: --state-dir, else $FORGE_STATE_DIR,
// else .forge-state under the repository (the library adds a .gitignore there, so it stays out of
// git and of local discovery). One place, so both commands always agree.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

#include "common/app.hpp"

namespace forge_cli {

inline std::string resolve_state_dir(const std::string &flag, const std::string &repo) {
    if (!flag.empty()) return std::filesystem::absolute(flag).lexically_normal().string();
    if (const char *env = std::getenv("FORGE_STATE_DIR"); env != nullptr && *env != '\0')
        return std::filesystem::absolute(env).lexically_normal().string();
    return (std::filesystem::absolute(repo) / ".forge-state").lexically_normal().string();
}

inline void add_state_dir_flag(CLI::App &cmd, std::string &state_dir) {
    cmd.add_option("--state-dir", state_dir,
                   "logs, reports and caches (default: $FORGE_STATE_DIR, else <repo>/.forge-state)");
}

}  // namespace forge_cli
