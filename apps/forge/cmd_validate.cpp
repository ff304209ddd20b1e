// forge validate: checks a repository's configuration in its work tree (uncommitted files
// included): exit 0 and a one-line summary when valid, else every problem and exit 1.
#include <boost/json.hpp>
#include <iostream>

#include "commands.hpp"

namespace forge_cli {

void add_validate_command(CLI::App &app, forge_app::common_options &opts, command_list &out) {
    auto path = std::make_shared<std::string>(".");
    auto *cmd = app.add_subcommand("validate", "Check repo.cue and every project.cue of a repository");
    cmd->add_option("path", *path, "the repository (or a folder inside it)")->capture_default_str();
    forge_app::add_out_flag(*cmd, opts);
    out.emplace_back(cmd, [&opts, path] {
        auto ctx = forge_app::make_context(opts);
        char *json = nullptr;
        forge::api::check(forge_validate(&json, ctx, path->c_str()));
        std::string text = forge::api::take_string(json);
        const auto problems = boost::json::parse(text).as_array();
        if (opts.out == "json") {
            std::cout << text << "\n";
            return problems.empty() ? 0 : 1;
        }
        if (problems.empty()) {
            // Count what was checked for the summary: the discovery of the same work tree.
            forge_discover_options o = FORGE_DISCOVER_OPTIONS_INIT;
            o.repository = path->c_str();
            o.local = 1;
            char *doc = nullptr;
            forge::api::check(forge_discover(&doc, ctx, &o));
            const auto d = boost::json::parse(forge::api::take_string(doc));
            std::size_t n = d.at("projects").as_array().size();
            std::cout << "valid: " << d.at("repository").at("name").as_string().c_str() << ", " << n << " project"
                      << (n == 1 ? "" : "s") << ", " << d.at("dag").at("groups").as_array().size() << " phase groups\n";
            return 0;
        }
        for (const auto &p : problems) {
            const auto &o = p.as_object();
            std::string where(o.at("file").as_string());
            if (o.at("line").as_int64() > 0) {
                where += ":" + std::to_string(o.at("line").as_int64());
                if (o.at("column").as_int64() > 0) where += ":" + std::to_string(o.at("column").as_int64());
            }
            std::cerr << (where.empty() ? "" : where + ": ") << o.at("message").as_string().c_str() << "\n";
        }
        std::cerr << problems.size() << " problem" << (problems.size() == 1 ? "" : "s") << "\n";
        return 1;
    });
}

}  // namespace forge_cli
