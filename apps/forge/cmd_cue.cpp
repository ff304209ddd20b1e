// forge cue export|vet: the CUE engine of libforge on files and packages.
#include <boost/json.hpp>
#include <iostream>

#include "commands.hpp"
#include "forge/cue.h"

namespace forge_cli {

namespace {

std::vector<const char *> c_strings(const std::vector<std::string> &v) {
    std::vector<const char *> out;
    for (const auto &s : v) out.push_back(s.c_str());
    return out;
}

// Prints every CUE error on stderr, one per line, and returns the failure exit code.
int print_cue_errors(char *errors_json) {
    std::string text = forge::api::take_string(errors_json);
    if (text.empty()) {
        std::cerr << forge_last_error() << "\n";
        return forge_app::failure;
    }
    const boost::json::value errors = boost::json::parse(text);
    for (const auto &e : errors.as_array()) std::cerr << e.at("message").as_string().c_str() << "\n";
    return forge_app::failure;
}

struct cue_args {
    std::vector<std::string> paths;
    std::string expression, out = "json", package, schema_expr, schema;
    std::vector<std::string> inject;
};

}  // namespace

void add_cue_command(CLI::App &app, forge_app::common_options &opts, command_list &out) {
    auto *cue = app.add_subcommand("cue", "Evaluate CUE (v0.4) configuration");
    cue->require_subcommand(1);
    auto args = std::make_shared<cue_args>();

    auto *exp = cue->add_subcommand("export", "Evaluate files or a package directory and print JSON or YAML");
    exp->add_option("--out", args->out, "json or yaml")->check(CLI::IsMember({"json", "yaml"}))->capture_default_str();
    exp->add_option("-e,--expression", args->expression, "export only this expression");
    exp->add_option("--inject", args->inject, "KEY=VALUE: unify a string value in at a dotted path");
    exp->add_option("--package", args->package, "the package to load from a directory holding several");
    exp->add_option("paths", args->paths, ".cue files, or one directory (default: .)");
    out.emplace_back(exp, [&opts, args] {
        auto ctx = forge_app::make_context(opts);
        if (args->paths.empty()) args->paths.push_back(".");
        auto paths = c_strings(args->paths);
        auto inject = c_strings(args->inject);
        forge_cue_options o = FORGE_CUE_OPTIONS_INIT;
        o.format = args->out == "yaml" ? FORGE_CUE_YAML : FORGE_CUE_JSON;
        o.expression = args->expression.empty() ? nullptr : args->expression.c_str();
        o.inject = inject.data();
        o.inject_count = inject.size();
        o.package = args->package.empty() ? nullptr : args->package.c_str();
        char *text = nullptr, *errors = nullptr;
        int rc = forge_cue_export(&text, &errors, ctx, paths.data(), paths.size(), &o);
        if (rc == FORGE_EINVAL && errors != nullptr) return print_cue_errors(errors);
        forge::api::check(rc);
        std::cout << forge::api::take_string(text);
        return 0;
    });

    auto *vet = cue->add_subcommand("vet", "Check data files (JSON, YAML, CUE) against a CUE schema");
    vet->add_option("-d,--schema-expression", args->schema_expr, "the definition in SCHEMA to use, e.g. #Service");
    vet->add_option("schema", args->schema, "the schema .cue file")->required();
    vet->add_option("data", args->paths, "data files")->required();
    out.emplace_back(vet, [&opts, args] {
        auto ctx = forge_app::make_context(opts);
        auto data = c_strings(args->paths);
        char *errors = nullptr;
        int rc = forge_cue_vet(&errors, ctx, args->schema.c_str(), data.data(), data.size(),
                               args->schema_expr.empty() ? nullptr : args->schema_expr.c_str());
        if (rc == FORGE_EINVAL && errors != nullptr) return print_cue_errors(errors);
        forge::api::check(rc);
        return 0;
    });
}

}  // namespace forge_cli
