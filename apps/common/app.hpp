// What every Catalyst Forge executable shares: --version, --log-level, --out, and turning a
// failed C API call into one clear line on stderr and a non-zero exit.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "forge/forge.hpp"

namespace forge_app {

enum exit_code : int { ok = 0, failure = 1, usage = 2 };

struct common_options {
    std::string log_level = "warn";
    std::string out = "text";
};

inline std::string version_line(const std::string &app) { return app + " " + std::string(forge_version()); }

// Adds the flags every executable has. --log-level may also come from FORGE_LOG_LEVEL.
inline void add_common_flags(CLI::App &app, common_options &opts, const std::string &name) {
    app.set_version_flag("--version", version_line(name));
    app.add_option("--log-level", opts.log_level, "trace, debug, info, warn, error or off")
        ->envname("FORGE_LOG_LEVEL")
        ->capture_default_str();
}

inline void add_out_flag(CLI::App &cmd, common_options &opts) {
    cmd.add_option("--out", opts.out, "output format: text or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
}

inline forge::api::context make_context(const common_options &opts) {
    forge_log_level level = FORGE_LOG_WARN;
    forge::api::check(forge_log_level_parse(&level, opts.log_level.c_str()));
    return forge::api::context(level);
}

// Runs a command body; a forge::api::error becomes "<app>: <message>" on stderr.
template <class F>
int run_guarded(const std::string &app, F &&body) {
    try {
        return body();
    } catch (const forge::api::error &e) {
        std::cerr << app << ": " << e.what() << "\n";
        return failure;
    } catch (const std::exception &e) {
        std::cerr << app << ": " << e.what() << "\n";
        return failure;
    }
}

// CLI11 parsing with the project's exit codes (2 for usage errors).
inline int parse(CLI::App &app, int argc, char **argv) {
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &e) {
        int rc = app.exit(e);
        return rc == 0 ? -1 : usage;  // -1: --help/--version printed, exit 0
    }
    return 0;
}

}  // namespace forge_app
