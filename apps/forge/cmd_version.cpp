// forge version: the version of the CLI's libforge.
#include <iostream>

#include "commands.hpp"

namespace forge_cli {

void add_version_command(CLI::App &app, forge_app::common_options &opts, command_list &out) {
    auto *cmd = app.add_subcommand("version", "Print the version of libforge in use");
    forge_app::add_out_flag(*cmd, opts);
    out.emplace_back(cmd, [&opts] {
        int major = 0, minor = 0, patch = 0;
        forge_version_numbers(&major, &minor, &patch);
        if (opts.out == "json")
            std::cout << "{\"version\":\"" << forge_version() << "\",\"major\":" << major << ",\"minor\":" << minor
                      << ",\"patch\":" << patch << "}\n";
        else
            std::cout << "forge " << forge_version() << "\n";
        return 0;
    });
}

}  // namespace forge_cli
