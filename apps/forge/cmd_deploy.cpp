// forge deploy: commits the ReleasePointer of a release to an environment of the GitOps repository.
#include <iostream>

#include "commands.hpp"
#include "gitops_flags.hpp"

namespace forge_cli {

void add_deploy_command(CLI::App &app, forge_app::common_options &opts, command_list &out) {
    struct flags {
        gitops_flags g;
        std::string release, env;
    };
    auto f = std::make_shared<flags>();
    auto *cmd = app.add_subcommand(
        "deploy", "Deploy a release to an environment (a ReleasePointer commit to the GitOps repository)");
    cmd->add_option("--release", f->release, "<repo>/<project>/<sha|number|alias>")->required();
    cmd->add_option("--env", f->env, "the environment: dev, staging, production, ...")->required();
    add_gitops_flags(*cmd, f->g);
    add_actor_flags(*cmd, f->g);
    forge_app::add_out_flag(*cmd, opts);
    out.emplace_back(cmd, [&opts, f] {
        gitops_session s(opts, f->g);
        const std::string by = f->g.deployed_by();
        char *json = nullptr;
        forge::api::check(forge_gitops_deploy(&json, s.ctx, &s.options, f->release.c_str(), f->env.c_str(), by.c_str(),
                                              or_null(f->g.approved_by)));
        const std::string text = forge::api::take_string(json);
        std::cout << (opts.out == "json" ? text : describe_outcome("deployed", text)) << "\n";
        return 0;
    });
}

}  // namespace forge_cli
