// forge env init: scaffolds an environment of the GitOps repository (<env>/app.yaml, <env>/env.yaml).
#include <boost/json.hpp>
#include <iostream>

#include "commands.hpp"
#include "gitops_flags.hpp"

namespace forge_cli {

void add_env_command(CLI::App &app, forge_app::common_options &opts, command_list &out) {
    struct flags {
        gitops_flags g;
        std::string env, argocd_url;
    };
    auto f = std::make_shared<flags>();
    auto *env = app.add_subcommand("env", "Environments of the GitOps repository");
    env->require_subcommand(1);
    auto *cmd = env->add_subcommand("init", "Scaffold <env>/app.yaml (Argo CD app-of-apps) and <env>/env.yaml");
    cmd->add_option("env", f->env, "the environment name")->required();
    cmd->add_option("--argocd-repo-url", f->argocd_url,
                    "the URL Argo CD clones the GitOps repository from (default: --gitops)");
    add_gitops_flags(*cmd, f->g, false);
    forge_app::add_out_flag(*cmd, opts);
    out.emplace_back(cmd, [&opts, f] {
        gitops_session s(opts, f->g);
        char *json = nullptr;
        forge::api::check(forge_gitops_env_init(&json, s.ctx, &s.options, f->env.c_str(), or_null(f->argocd_url)));
        const std::string text = forge::api::take_string(json);
        if (opts.out == "json") {
            std::cout << text << "\n";
            return 0;
        }
        const auto o = boost::json::parse(text).as_object();
        if (o.at("unchanged").as_bool())
            std::cout << "environment " << f->env << " already exists: nothing to commit\n";
        else
            std::cout << "created " << f->env << "/app.yaml and " << f->env << "/env.yaml in " << s.url << ": commit "
                      << std::string(o.at("commit").as_string()).substr(0, 12) << "\n";
        return 0;
    });
}

}  // namespace forge_cli
