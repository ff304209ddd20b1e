// forge preview: prints exactly what the Config Management Plugin would print for a project in an
// environment (the deployed release, or --release), through the same render.
#include <iostream>

#include "commands.hpp"
#include "gitops_flags.hpp"

namespace forge_cli {

void add_preview_command(CLI::App &app, forge_app::common_options &opts, command_list &out) {
    struct flags {
        gitops_flags g;
        std::string project, env, release, cache_dir;
    };
    auto f = std::make_shared<flags>();
    auto *cmd =
        app.add_subcommand("preview", "Print the manifests Argo CD would apply for a project in an environment");
    cmd->add_option("project", f->project, "<repo>/<project>")->required();
    cmd->add_option("--env", f->env, "the environment")->required();
    cmd->add_option("--release", f->release, "render this release (SHA, number or alias) instead of the deployed one");
    cmd->add_option("--cache-dir", f->cache_dir, "blob cache (default: <state-dir>/cmp-cache)");
    add_gitops_flags(*cmd, f->g);
    out.emplace_back(cmd, [&opts, f] {
        gitops_session s(opts, f->g);
        char *yaml = nullptr;
        forge::api::check(forge_gitops_preview(&yaml, s.ctx, &s.options, f->project.c_str(), f->env.c_str(),
                                               or_null(f->release), or_null(f->cache_dir)));
        const std::string text = forge::api::take_string(yaml);
        std::cout.write(text.data(), std::streamsize(text.size()));
        return 0;
    });
}

}  // namespace forge_cli
