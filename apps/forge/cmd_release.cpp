// forge release: create, show, list and render releases (docs/releases.md).
#include <boost/json.hpp>
#include <iostream>

#include "commands.hpp"
#include "registry_flags.hpp"

namespace forge_cli {

namespace {

namespace json = boost::json;

struct release_flags {
    registry_flags reg;
    std::string repo = ".";
    std::string project, commit, work_dir, branch, tag, run_id, cache_dir;
    bool manual = false;
    std::string ref;  // show / list
    bool resources = false;

    forge_release_options options() const {
        forge_release_options o = FORGE_RELEASE_OPTIONS_INIT;
        o.repository = repo.c_str();
        o.project = project.c_str();
        o.commit = commit.empty() ? nullptr : commit.c_str();
        o.registry = reg.registry.empty() ? nullptr : reg.registry.c_str();
        o.work_dir = work_dir.empty() ? nullptr : work_dir.c_str();
        o.branch = branch.empty() ? nullptr : branch.c_str();
        o.tag = tag.empty() ? nullptr : tag.c_str();
        o.manual = manual ? 1 : 0;
        o.run_id = run_id.empty() ? nullptr : run_id.c_str();
        o.cache_dir = cache_dir.empty() ? nullptr : cache_dir.c_str();
        return o;
    }
    // The registry for show/list: --registry, else the embedded layout.
    std::string where() const { return reg.registry.empty() ? "oci:" + reg.state_dir + "/oci" : reg.registry; }
};

std::string str(const json::value *v) {
    if (v == nullptr) return "";
    if (v->is_string()) return std::string(v->as_string());
    return json::serialize(*v);
}

void print_aliases(const json::object &o) {
    if (const auto *a = o.if_contains("aliases"); a && a->is_object())
        for (const auto &kv : a->as_object()) std::cout << "  alias " << kv.key() << ": " << str(&kv.value()) << "\n";
}

void add_source_flags(CLI::App &cmd, release_flags &f) {
    cmd.add_option("--repo", f.repo, "the repository (a local path)")->capture_default_str();
    cmd.add_option("--project", f.project, "the project to release")->required();
    cmd.add_option("--commit", f.commit, "the commit to release (default: HEAD)");
    cmd.add_option("--work-dir", f.work_dir, "where the build steps left the artifacts (default: --repo)");
    cmd.add_option("--branch", f.branch, "the run's branch (release triggers, alias <branch>-<n>)");
    cmd.add_option("--tag", f.tag, "the run's tag (release triggers, alias)");
    cmd.add_flag("--manual", f.manual, "a manual release: made even when no trigger fires");
    cmd.add_option("--cache-dir", f.cache_dir, "discovery cache (default: <state_dir>/discovery-cache)");
    add_registry_flags(cmd, f.reg, true);
}

}  // namespace

void add_release_command(CLI::App &app, forge_app::common_options &opts, command_list &out) {
    auto *release = app.add_subcommand("release", "Create, show, list and render immutable release images");
    release->require_subcommand(1);

    auto create_flags = std::make_shared<release_flags>();
    auto *create = release->add_subcommand("create", "Publish a project's artifacts and push its release image");
    add_source_flags(*create, *create_flags);
    create->add_option("--run-id", create_flags->run_id, "pipeline run recorded in tracking images");
    forge_app::add_out_flag(*create, opts);
    out.emplace_back(create, [&opts, f = create_flags] {
        auto ctx = forge_app::make_context(opts);
        f->reg.apply(ctx);
        auto o = f->options();
        char *text = nullptr;
        forge::api::check(forge_release_create(&text, ctx, &o));
        std::string result = forge::api::take_string(text);
        if (opts.out == "json") {
            std::cout << result << "\n";
            return 0;
        }
        const json::value parsed = json::parse(result);
        const auto &doc = parsed.as_object();
        std::cout << "release " << str(doc.if_contains("repository")) << "/" << str(doc.if_contains("project")) << " #"
                  << str(doc.if_contains("number")) << " " << str(doc.if_contains("image")) << "\n"
                  << "  digest " << str(doc.if_contains("digest")) << "\n";
        print_aliases(doc);
        for (const auto &a : doc.at("artifacts").as_array())
            std::cout << "  artifact " << str(a.as_object().if_contains("name")) << ": "
                      << str(a.as_object().if_contains("image")) << "@" << str(a.as_object().if_contains("digest"))
                      << "\n";
        return 0;
    });

    auto render_flags = std::make_shared<release_flags>();
    auto *render = release->add_subcommand("render", "Print the YAML a release would contain, without pushing");
    add_source_flags(*render, *render_flags);
    out.emplace_back(render, [&opts, f = render_flags] {
        auto ctx = forge_app::make_context(opts);
        f->reg.apply(ctx);
        auto o = f->options();
        char *text = nullptr;
        forge::api::check(forge_release_render(&text, ctx, &o));
        std::cout << forge::api::take_string(text);
        return 0;
    });

    auto show_flags = std::make_shared<release_flags>();
    auto *show = release->add_subcommand("show", "Show a release: <repo>/<project>/<sha|number|alias>");
    show->add_option("release", show_flags->ref, "<repo>/<project>/<sha|number|alias>")->required();
    show->add_flag("--resources", show_flags->resources, "include the rendered YAML files");
    add_registry_flags(*show, show_flags->reg, true);
    forge_app::add_out_flag(*show, opts);
    out.emplace_back(show, [&opts, f = show_flags] {
        auto ctx = forge_app::make_context(opts);
        f->reg.apply(ctx);
        char *text = nullptr;
        const bool want_yaml = f->resources && opts.out != "json";
        forge::api::check(forge_release_show(&text, ctx, f->where().c_str(), f->ref.c_str(), f->resources ? 1 : 0));
        std::string result = forge::api::take_string(text);
        if (opts.out == "json") {
            std::cout << result << "\n";
            return 0;
        }
        const json::value parsed = json::parse(result);
        const auto &doc = parsed.as_object();
        const auto *src = doc.if_contains("source");
        std::cout << "release " << str(doc.if_contains("repository")) << "/" << str(doc.if_contains("project")) << " #"
                  << str(doc.if_contains("number")) << "\n"
                  << "  commit " << (src && src->is_object() ? str(src->as_object().if_contains("commit")) : "") << "\n"
                  << "  image  " << str(doc.if_contains("image")) << "\n"
                  << "  digest " << str(doc.if_contains("digest")) << "\n";
        if (const auto *t = doc.if_contains("trigger"); t && t->is_object())
            std::cout << "  trigger " << str(t->as_object().if_contains("kind")) << "\n";
        print_aliases(doc);
        for (const auto &a : doc.at("artifacts").as_array())
            std::cout << "  artifact " << str(a.as_object().if_contains("name")) << ": "
                      << str(a.as_object().if_contains("image")) << "@" << str(a.as_object().if_contains("digest"))
                      << "\n";
        for (const auto &file : doc.at("files").as_array()) std::cout << "  file " << str(&file) << "\n";
        if (want_yaml)
            for (const auto &kv : doc.at("resources").as_object())
                std::cout << "---\n# " << kv.key() << "\n" << str(&kv.value());
        return 0;
    });

    auto list_flags = std::make_shared<release_flags>();
    auto *list = release->add_subcommand("list", "List the releases of <repo>/<project>");
    list->add_option("project", list_flags->ref, "<repo>/<project>")->required();
    add_registry_flags(*list, list_flags->reg, true);
    forge_app::add_out_flag(*list, opts);
    out.emplace_back(list, [&opts, f = list_flags] {
        auto ctx = forge_app::make_context(opts);
        f->reg.apply(ctx);
        char *text = nullptr;
        forge::api::check(forge_release_list(&text, ctx, f->where().c_str(), f->ref.c_str()));
        std::string result = forge::api::take_string(text);
        if (opts.out == "json") {
            std::cout << result << "\n";
            return 0;
        }
        const json::value parsed = json::parse(result);
        for (const auto &r : parsed.as_array()) {
            const auto &o = r.as_object();
            std::cout << str(o.if_contains("number")) << "\t" << str(o.if_contains("commit")) << "\t"
                      << str(o.if_contains("digest"));
            if (const auto *a = o.if_contains("aliases"); a && a->is_object())
                for (const auto &kv : a->as_object())
                    if (kv.key() != "numeric") std::cout << "\t" << str(&kv.value());
            std::cout << "\n";
        }
        return 0;
    });
}

}  // namespace forge_cli
