// forge adapters: which adapters each port has in this build.
#include <boost/json.hpp>
#include <iostream>

#include "commands.hpp"

namespace forge_cli {

void add_adapters_command(CLI::App &app, forge_app::common_options &opts, command_list &out) {
    auto *cmd = app.add_subcommand("adapters", "List the adapters registered for each port");
    forge_app::add_out_flag(*cmd, opts);
    out.emplace_back(cmd, [&opts] {
        auto ctx = forge_app::make_context(opts);
        char *json = nullptr;
        forge::api::check(forge_adapters_list(&json, ctx));
        std::string text = forge::api::take_string(json);
        if (opts.out == "json") {
            std::cout << text << "\n";
            return 0;
        }
        const boost::json::value doc = boost::json::parse(text);
        for (const auto &[port, names] : doc.as_object()) {
            std::string line;
            for (const auto &n : names.as_array()) line += (line.empty() ? "" : ", ") + std::string(n.as_string());
            std::cout << port << ": " << (line.empty() ? "(none)" : line) << "\n";
        }
        return 0;
    });
}

}  // namespace forge_cli
