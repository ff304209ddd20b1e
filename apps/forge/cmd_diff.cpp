// forge diff: the manifests of a candidate release against what is deployed in an environment now,
// object by object (the review a promotion needs). Both sides come from the plugin's render.
#include <boost/json.hpp>
#include <iostream>

#include "commands.hpp"
#include "gitops_flags.hpp"
#include "manifest_diff.hpp"

namespace forge_cli {

namespace {

// What the environment runs now: empty when the project is not deployed there.
std::string deployed_manifests(gitops_session &s, const std::string &project, const std::string &env,
                               const std::string &cache_dir) {
    char *json = nullptr;
    forge::api::check(forge_gitops_history(&json, s.ctx, &s.options, project.c_str(), env.c_str()));
    const auto records = boost::json::parse(forge::api::take_string(json)).as_array();
    if (records.empty() || records.front().as_object().at("pointer").is_null()) return {};
    char *yaml = nullptr;
    forge::api::check(
        forge_gitops_preview(&yaml, s.ctx, &s.options, project.c_str(), env.c_str(), nullptr, or_null(cache_dir)));
    return forge::api::take_string(yaml);
}

const char *change_name(object_change::what w) {
    switch (w) {
        case object_change::what::added:
            return "added";
        case object_change::what::removed:
            return "removed";
        case object_change::what::changed:
            return "changed";
        case object_change::what::unchanged:
            return "unchanged";
    }
    return "unchanged";
}

}  // namespace

void add_diff_command(CLI::App &app, forge_app::common_options &opts, command_list &out) {
    struct flags {
        gitops_flags g;
        std::string project, env, release, cache_dir;
        bool exit_code = false;
    };
    auto f = std::make_shared<flags>();
    auto *cmd = app.add_subcommand(
        "diff", "Compare a release's manifests with what is deployed in an environment, object by object");
    cmd->add_option("project", f->project, "<repo>/<project>")->required();
    cmd->add_option("--env", f->env, "the environment whose deployed release is the base")->required();
    cmd->add_option("--release", f->release, "the candidate release: SHA, number or alias")->required();
    cmd->add_option("--cache-dir", f->cache_dir, "blob cache (default: <state-dir>/cmp-cache)");
    cmd->add_flag("--exit-code", f->exit_code, "exit 1 when there are differences");
    add_gitops_flags(*cmd, f->g);
    forge_app::add_out_flag(*cmd, opts);
    out.emplace_back(cmd, [&opts, f] {
        gitops_session s(opts, f->g);
        const std::string before = deployed_manifests(s, f->project, f->env, f->cache_dir);
        char *yaml = nullptr;
        forge::api::check(forge_gitops_preview(&yaml, s.ctx, &s.options, f->project.c_str(), f->env.c_str(),
                                               f->release.c_str(), or_null(f->cache_dir)));
        const std::string after = forge::api::take_string(yaml);
        const auto changes = diff_manifests(before, after);
        std::size_t differing = 0;
        for (const auto &c : changes)
            if (c.change != object_change::what::unchanged) ++differing;
        if (opts.out == "json") {
            boost::json::array arr;
            for (const auto &c : changes)
                arr.push_back({{"apiVersion", c.api_version},
                               {"kind", c.kind},
                               {"namespace", c.ns},
                               {"name", c.name},
                               {"change", change_name(c.change)},
                               {"diff", c.diff}});
            std::cout << boost::json::serialize(boost::json::object{{"objects", arr}, {"deployed", !before.empty()}})
                      << "\n";
        } else {
            if (before.empty())
                std::cout << f->project << " is not deployed in " << f->env << ": every object is new\n";
            for (const auto &c : changes) {
                if (c.change == object_change::what::unchanged) {
                    std::cout << "= " << c.label() << " unchanged\n";
                    continue;
                }
                const char *mark = c.change == object_change::what::added     ? "+ "
                                   : c.change == object_change::what::removed ? "- "
                                                                              : "~ ";
                std::cout << mark << c.label() << " " << change_name(c.change) << "\n" << c.diff;
            }
            std::cout << differing << " of " << changes.size() << " object" << (changes.size() == 1 ? "" : "s")
                      << " differ\n";
        }
        return f->exit_code && differing > 0 ? 1 : 0;
    });
}

}  // namespace forge_cli
