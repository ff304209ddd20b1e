// forge rollback: points an environment back at an earlier release from the pointer's history.
#include <iostream>

#include "commands.hpp"
#include "gitops_flags.hpp"

namespace forge_cli {

void add_rollback_command(CLI::App &app, forge_app::common_options &opts, command_list &out) {
    struct flags {
        gitops_flags g;
        std::string project, env, to;
    };
    auto f = std::make_shared<flags>();
    auto *cmd =
        app.add_subcommand("rollback", "Point an environment back at an earlier release (a new commit; history kept)");
    cmd->add_option("project", f->project, "<repo>/<project>")->required();
    cmd->add_option("--env", f->env, "the environment")->required();
    cmd->add_option("--to", f->to,
                    "the release to go back to: SHA (7+ characters), number or alias "
                    "(default: the previous different release)");
    add_gitops_flags(*cmd, f->g, false);
    add_actor_flags(*cmd, f->g);
    forge_app::add_out_flag(*cmd, opts);
    out.emplace_back(cmd, [&opts, f] {
        gitops_session s(opts, f->g);
        const std::string by = f->g.deployed_by();
        char *json = nullptr;
        forge::api::check(forge_gitops_rollback(&json, s.ctx, &s.options, f->project.c_str(), f->env.c_str(),
                                                or_null(f->to), by.c_str(), or_null(f->g.approved_by)));
        const std::string text = forge::api::take_string(json);
        std::cout << (opts.out == "json" ? text : describe_outcome("rolled back", text)) << "\n";
        return 0;
    });
}

}  // namespace forge_cli
