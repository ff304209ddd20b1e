// forge schema list|print: the CUE platform schemas configuration is checked against.
#include <boost/json.hpp>
#include <iostream>

#include "commands.hpp"

namespace forge_cli {

void add_schema_command(CLI::App &app, forge_app::common_options &opts, command_list &out) {
    auto *schema = app.add_subcommand("schema", "Show the CUE platform schemas (#Repo, #Project, XRs, ...)");
    schema->require_subcommand(1);

    auto *list = schema->add_subcommand("list", "List the schema files");
    forge_app::add_out_flag(*list, opts);
    out.emplace_back(list, [&opts] {
        char *json = nullptr;
        forge::api::check(forge_schema_list(&json));
        std::string text = forge::api::take_string(json);
        if (opts.out == "json") {
            std::cout << text << "\n";
        } else {
            const boost::json::value names = boost::json::parse(text);
            for (const auto &n : names.as_array()) std::cout << n.as_string().c_str() << "\n";
        }
        return 0;
    });

    auto name = std::make_shared<std::string>();
    auto *print = schema->add_subcommand("print", "Print one schema file, or all of them");
    print->add_option("name", *name, "repo, project, xr, gitops or common (default: all)");
    out.emplace_back(print, [name] {
        char *text = nullptr;
        forge::api::check(forge_schema_get(&text, name->empty() ? nullptr : name->c_str()));
        std::cout << forge::api::take_string(text);
        return 0;
    });
}

}  // namespace forge_cli
