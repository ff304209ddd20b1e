// forge deployments: the history of a project's pointers, from the GitOps repository's log.
#include <iostream>

#include "commands.hpp"
#include "gitops_flags.hpp"

namespace forge_cli {

void add_deployments_command(CLI::App &app, forge_app::common_options &opts, command_list &out) {
    struct flags {
        gitops_flags g;
        std::string project, env;
    };
    auto f = std::make_shared<flags>();
    auto *cmd = app.add_subcommand("deployments", "List the deployments of a project, newest first");
    cmd->add_option("project", f->project, "<repo>/<project>")->required();
    cmd->add_option("--env", f->env, "only this environment (default: all)");
    add_gitops_flags(*cmd, f->g, false);
    forge_app::add_out_flag(*cmd, opts);
    out.emplace_back(cmd, [&opts, f] {
        gitops_session s(opts, f->g);
        char *json = nullptr;
        forge::api::check(forge_gitops_history(&json, s.ctx, &s.options, f->project.c_str(), or_null(f->env)));
        const std::string text = forge::api::take_string(json);
        if (opts.out == "json")
            std::cout << text << "\n";
        else
            print_history(std::cout, text);
        return 0;
    });
}

}  // namespace forge_cli
