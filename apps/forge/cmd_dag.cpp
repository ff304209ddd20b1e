// forge dag: the pipeline DAG of a repository as a tree of groups, phases, projects and steps, or
// as Graphviz (pipe it into `dot -Tsvg`).
#include <iostream>

#include "commands.hpp"
#include "discovery_flags.hpp"

namespace forge_cli {

void add_dag_command(CLI::App &app, forge_app::common_options &opts, command_list &out) {
    auto flags = std::make_shared<discovery_flags>();
    auto format = std::make_shared<std::string>("text");
    auto *cmd = app.add_subcommand("dag", "Show the pipeline DAG of a repository");
    add_discovery_flags(*cmd, *flags);
    cmd->add_option("--format", *format, "text, dot or json")
        ->check(CLI::IsMember({"text", "dot", "json"}))
        ->capture_default_str();
    out.emplace_back(cmd, [&opts, flags, format] {
        auto ctx = forge_app::make_context(opts);
        forge_discover_options o = flags->options();
        char *text = nullptr;
        forge::api::check(forge_dag_render(&text, ctx, &o, format->c_str()));
        std::string s = forge::api::take_string(text);
        std::cout << s << (s.empty() || s.back() != '\n' ? "\n" : "");
        return 0;
    });
}

}  // namespace forge_cli
