// forge oci: push, pull, inspect and copy images between layouts (oci:DIR:tag) and registries.
#include <boost/json.hpp>
#include <iostream>

#include "commands.hpp"
#include "registry_flags.hpp"

namespace forge_cli {

namespace {

namespace json = boost::json;

struct oci_flags {
    registry_flags reg;
    std::string from, to;
};

using copy_fn = int (*)(char **, forge_context *, const char *, const char *);

void add_copy_like(CLI::App &oci, forge_app::common_options &opts, command_list &out, const char *name,
                   const char *help, const char *from_help, const char *to_help, copy_fn fn) {
    auto f = std::make_shared<oci_flags>();
    auto *cmd = oci.add_subcommand(name, help);
    cmd->add_option("source", f->from, from_help)->required();
    cmd->add_option("destination", f->to, to_help)->required();
    add_registry_flags(*cmd, f->reg, false);
    forge_app::add_out_flag(*cmd, opts);
    out.emplace_back(cmd, [&opts, f, fn] {
        auto ctx = forge_app::make_context(opts);
        f->reg.apply(ctx);
        char *text = nullptr;
        forge::api::check(fn(&text, ctx, f->from.c_str(), f->to.c_str()));
        std::string result = forge::api::take_string(text);
        if (opts.out == "json") {
            std::cout << result << "\n";
        } else {
            const json::value parsed = json::parse(result);
            const auto &doc = parsed.as_object();
            std::cout << doc.at("to").as_string().c_str() << " " << doc.at("digest").as_string().c_str() << "\n";
        }
        return 0;
    });
}

}  // namespace

void add_oci_command(CLI::App &app, forge_app::common_options &opts, command_list &out) {
    auto *oci = app.add_subcommand("oci", "Copy and inspect OCI images in layouts (oci:DIR:tag) and registries");
    oci->require_subcommand(1);
    add_copy_like(*oci, opts, out, "push", "Push an image from a layout to a registry", "oci:DIR[:tag]",
                  "host[:port]/repo[:tag]", forge_oci_push);
    add_copy_like(*oci, opts, out, "pull", "Pull an image from a registry into a layout",
                  "host[:port]/repo[:tag|@digest]", "oci:DIR[:tag]", forge_oci_pull);
    add_copy_like(*oci, opts, out, "copy", "Copy an image between any two locations",
                  "oci:DIR[:tag] or registry reference", "oci:DIR[:tag] or registry reference", forge_oci_copy);

    auto f = std::make_shared<oci_flags>();
    auto *inspect = oci->add_subcommand("inspect", "Show an image's manifest (verified)");
    inspect->add_option("image", f->from, "oci:DIR[:tag] or host[:port]/repo[:tag|@digest]")->required();
    add_registry_flags(*inspect, f->reg, false);
    forge_app::add_out_flag(*inspect, opts);
    out.emplace_back(inspect, [&opts, f] {
        auto ctx = forge_app::make_context(opts);
        f->reg.apply(ctx);
        char *text = nullptr;
        forge::api::check(forge_oci_inspect(&text, ctx, f->from.c_str()));
        std::string result = forge::api::take_string(text);
        if (opts.out == "json") {
            std::cout << result << "\n";
            return 0;
        }
        const json::value parsed = json::parse(result);
        const auto &doc = parsed.as_object();
        std::cout << doc.at("reference").as_string().c_str() << "\n"
                  << "  digest    " << doc.at("digest").as_string().c_str() << "\n"
                  << "  mediaType " << doc.at("mediaType").as_string().c_str() << "\n";
        if (const auto *at = doc.if_contains("artifactType"); at && at->is_string())
            std::cout << "  artifactType " << at->as_string().c_str() << "\n";
        if (const auto *layers = doc.if_contains("layers"); layers && layers->is_array())
            for (const auto &l : layers->as_array()) {
                const auto &lo = l.as_object();
                std::cout << "  layer " << lo.at("digest").as_string().c_str() << " " << json::serialize(lo.at("size"))
                          << " " << lo.at("mediaType").as_string().c_str() << "\n";
            }
        return 0;
    });
}

}  // namespace forge_cli
