// forge promote: copies the pointer of a project from one environment to the next.
#include <iostream>

#include "commands.hpp"
#include "gitops_flags.hpp"

namespace forge_cli {

void add_promote_command(CLI::App &app, forge_app::common_options &opts, command_list &out) {
    struct flags {
        gitops_flags g;
        std::string project, from, to;
    };
    auto f = std::make_shared<flags>();
    auto *cmd = app.add_subcommand("promote", "Promote the release deployed in one environment to another");
    cmd->add_option("project", f->project, "<repo>/<project>")->required();
    cmd->add_option("--from", f->from, "the environment to copy from")->required();
    cmd->add_option("--to", f->to, "the environment to deploy to")->required();
    add_gitops_flags(*cmd, f->g, false);
    add_actor_flags(*cmd, f->g);
    forge_app::add_out_flag(*cmd, opts);
    out.emplace_back(cmd, [&opts, f] {
        gitops_session s(opts, f->g);
        const std::string by = f->g.deployed_by();
        char *json = nullptr;
        forge::api::check(forge_gitops_promote(&json, s.ctx, &s.options, f->project.c_str(), f->from.c_str(),
                                               f->to.c_str(), by.c_str(), or_null(f->g.approved_by)));
        const std::string text = forge::api::take_string(json);
        std::cout << (opts.out == "json" ? text : describe_outcome("promoted", text)) << "\n";
        return 0;
    });
}

}  // namespace forge_cli
