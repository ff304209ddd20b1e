// forge discover: the projects of a repository at a commit, the DAG and release decisions.
#include <boost/json.hpp>
#include <iostream>

#include "commands.hpp"
#include "discovery_flags.hpp"

namespace forge_cli {

namespace {

void print_summary(const boost::json::value &doc) {
    const auto &o = doc.as_object();
    std::cout << "repository " << o.at("repository").at("name").as_string().c_str();
    if (o.at("commit").is_string()) std::cout << " @ " << o.at("commit").as_string().c_str();
    std::cout << " (" << o.at("event").as_string().c_str() << ")\n";
    for (const auto &p : o.at("projects").as_array()) {
        const auto &rel = p.at("release");
        std::cout << "  " << p.at("name").as_string().c_str() << " (" << p.at("path").as_string().c_str() << "): "
                  << (rel.at("triggered").as_bool() ? "releases" : "no release") << " — "
                  << rel.at("reason").as_string().c_str() << "\n";
    }
}

}  // namespace

void add_discover_command(CLI::App &app, forge_app::common_options &opts, command_list &out) {
    auto flags = std::make_shared<discovery_flags>();
    auto *cmd = app.add_subcommand("discover", "Discover the projects of a repository at a commit");
    add_discovery_flags(*cmd, *flags);
    forge_app::add_out_flag(*cmd, opts);
    out.emplace_back(cmd, [&opts, flags] {
        auto ctx = forge_app::make_context(opts);
        forge_discover_options o = flags->options();
        char *json = nullptr;
        forge::api::check(forge_discover(&json, ctx, &o));
        std::string text = forge::api::take_string(json);
        if (opts.out == "json") {
            std::cout << text << "\n";
        } else {
            print_summary(boost::json::parse(text));
        }
        return 0;
    });
}

}  // namespace forge_cli
