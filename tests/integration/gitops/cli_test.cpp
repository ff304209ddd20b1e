// The deployment commands of the forge CLI end to end in embedded mode: the default GitOps
// repository under the state directory, releases in oci:<state>/oci, and the plugin rendering a
// clone of the GitOps repository exactly as `forge preview` does.
#include <boost/json.hpp>
#include <fstream>

#include "integration/cmp/cmp_test_world.hpp"
#include "integration/cmp/run_program.hpp"

using namespace cmp_test;

#if defined(FORGE_CLI_BINARY) && defined(FORGE_CMP_BINARY)

namespace {

struct cli_world {
    temp_dir root{"forge-cli"};
    std::filesystem::path state = root.path() / "state";
    std::map<std::string, std::string> env{
        {"PATH", "/usr/bin:/bin"}, {"HOME", (root.path() / "home").string()}, {"FORGE_USER", "alice"}};
    int runs = 0;

    program_result forge(std::vector<std::string> args) {
        args.insert(args.begin(), FORGE_CLI_BINARY);
        args.push_back("--state-dir");
        args.push_back(state.string());
        return run_program(args, root.path(), env, root.path() / ("run-" + std::to_string(runs++)));
    }

    // Release <number> of shop/api, tagged with its SHA, its number and v1.<number>.0.
    void publish(const std::string &sha, std::int64_t number, std::vector<oci::resource_file> files) {
        oci::release_metadata m;
        m.repository = "shop";
        m.project = "api";
        m.number = number;
        m.aliases.numeric = number;
        m.aliases.tag = "v1." + std::to_string(number) + ".0";
        m.trigger = "branch";
        m.commit = sha;
        auto img = oci::build_release_image(m, std::move(files));
        GITOPS_REQUIRE_OK(img);
        auto layout = oci::image_layout::create(state / "oci" / "shop" / "api");
        GITOPS_REQUIRE_OK(layout);
        auto desc = layout->write_image(*img, sha);
        GITOPS_REQUIRE_OK(desc);
        GITOPS_REQUIRE_OK(layout->tag(*desc, std::to_string(number)));
        GITOPS_REQUIRE_OK(layout->tag(*desc, *m.aliases.tag));
    }
};

const std::string deployment_v2 =
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 3\n";

#define REQUIRE_RUN_OK(r)            \
    do {                             \
        INFO((r).err);               \
        REQUIRE((r).exit_code == 0); \
    } while (0)

}  // namespace

TEST_CASE("forge CLI: env init, deploy, promote, rollback, deployments, preview and diff",
          "[integration][gitops][cli]") {
    cli_world w;
    const auto sha1 = fake_sha(30, 1), sha2 = fake_sha(30, 2);
    w.publish(sha1, 1, {{"deployment.yaml", deployment_yaml}});
    w.publish(sha2, 2, {{"deployment.yaml", deployment_v2}, {"service.yaml", service_yaml}});

    auto init = w.forge({"env", "init", "dev"});
    REQUIRE_RUN_OK(init);
    CHECK_THAT(init.out, Catch::Contains("created dev/app.yaml and dev/env.yaml"));
    CHECK(std::filesystem::exists(w.state / "gitops.git" / "HEAD"));  // the default repository

    auto d1 = w.forge({"deploy", "--release", "shop/api/1", "--env", "dev"});
    REQUIRE_RUN_OK(d1);
    CHECK_THAT(d1.out,
               Catch::StartsWith("deployed shop/api " + sha1.substr(0, 12) + " (release 1) v1.1.0 in dev: commit "));
    auto again = w.forge({"deploy", "--release", "shop/api/" + sha1, "--env", "dev"});
    REQUIRE_RUN_OK(again);
    CHECK_THAT(again.out, Catch::Contains("nothing to commit"));
    auto d2 = w.forge({"deploy", "--release", "shop/api/v1.2.0", "--env", "dev", "--out", "json"});
    REQUIRE_RUN_OK(d2);
    auto d2j = boost::json::parse(d2.out).as_object();
    CHECK(d2j.at("pointer").at("release").as_string() == sha2);
    CHECK(d2j.at("pointer").at("deployedBy").as_string() == "alice");

    // Production needs an approver.
    auto refused = w.forge({"promote", "shop/api", "--from", "dev", "--to", "production"});
    CHECK(refused.exit_code == 1);
    CHECK(refused.out.empty());
    CHECK_THAT(refused.err, Catch::Contains("requires an approval"));
    // A source repository's repo.cue can lift that (and --repo reads it); a broken policy is refused.
    const auto source = w.root.path() / "source";
    std::filesystem::create_directories(source / ".forge");
    std::ofstream(source / ".forge" / "repo.cue") << "environments: staging: requiresApproval: true\n";
    auto needs = w.forge({"deploy", "--release", "shop/api/1", "--env", "staging", "--repo", source.string()});
    CHECK(needs.exit_code == 1);
    CHECK_THAT(needs.err, Catch::Contains("requires an approval"));
    std::ofstream(source / ".forge" / "repo.cue") << "environments: staging: 1\n";
    auto broken = w.forge({"deploy", "--release", "shop/api/1", "--env", "staging", "--repo", source.string()});
    CHECK(broken.exit_code == 1);
    CHECK_THAT(broken.err, Catch::Contains("environments.staging"));
    auto promoted = w.forge({"promote", "shop/api", "--from", "dev", "--to", "production", "--approved-by", "bob"});
    REQUIRE_RUN_OK(promoted);
    CHECK_THAT(promoted.out,
               Catch::Contains("promoted shop/api " + sha2.substr(0, 12)) && Catch::Contains("approved by bob"));

    // The diff of the deployed release 2 against candidate 1, object by object.
    auto diff = w.forge({"diff", "shop/api", "--env", "dev", "--release", "1", "--out", "json"});
    REQUIRE_RUN_OK(diff);
    auto objects = boost::json::parse(diff.out).at("objects").as_array();
    REQUIRE(objects.size() == 3);
    CHECK(objects[0].at("kind").as_string() == "Deployment");
    CHECK(objects[0].at("change").as_string() == "changed");
    CHECK_THAT(std::string(objects[0].at("diff").as_string()), Catch::Contains("-  replicas: 3\n+  replicas: 2\n"));
    CHECK(objects[1].at("change").as_string() == "removed");
    CHECK(objects[2].at("change").as_string() == "removed");
    auto diff_text = w.forge({"diff", "shop/api", "--env", "dev", "--release", "1", "--exit-code"});
    CHECK(diff_text.exit_code == 1);
    CHECK_THAT(diff_text.out, Catch::Contains("~ Deployment api (apps/v1) changed") &&
                                  Catch::Contains("- Service api (v1) removed") &&
                                  Catch::Contains("3 of 3 objects differ"));

    auto back = w.forge({"rollback", "shop/api", "--env", "dev"});
    REQUIRE_RUN_OK(back);
    CHECK_THAT(back.out, Catch::StartsWith("rolled back shop/api " + sha1.substr(0, 12)));
    auto same = w.forge({"diff", "shop/api", "--env", "dev", "--release", sha1, "--exit-code"});
    CHECK(same.exit_code == 0);
    CHECK_THAT(same.out, Catch::Contains("0 of 1 object differ"));

    auto hist = w.forge({"deployments", "shop/api", "--env", "dev", "--out", "json"});
    REQUIRE_RUN_OK(hist);
    auto records = boost::json::parse(hist.out).as_array();
    REQUIRE(records.size() == 3);
    CHECK(records[0].at("pointer").at("release").as_string() == sha1);
    CHECK(records[1].at("pointer").at("release").as_string() == sha2);
    auto table = w.forge({"deployments", "shop/api"});
    REQUIRE_RUN_OK(table);
    CHECK_THAT(table.out, Catch::StartsWith("ENV") && Catch::Contains("production") && Catch::Contains("alice"));

    // preview = what the plugin prints in a checkout of the GitOps repository.
    auto preview = w.forge({"preview", "shop/api", "--env", "dev"});
    REQUIRE_RUN_OK(preview);
    CHECK_THAT(preview.out, Catch::Contains("replicas: 2"));
    const auto checkout = w.root.path() / "checkout";
    auto clone = run_program({"/usr/bin/git", "clone", "-q", (w.state / "gitops.git").string(), checkout.string()},
                             w.root.path(), w.env, w.root.path() / "clone");
    REQUIRE_RUN_OK(clone);
    auto env = w.env;
    env["ARGOCD_APP_NAME"] = "dev-shop-api";
    env["ARGOCD_APP_NAMESPACE"] = "shop-api";
    env["FORGE_REGISTRY"] = "oci:" + (w.state / "oci").string();
    env["FORGE_CMP_CACHE"] = (w.root.path() / "cmp-cache").string();
    auto plugin = run_program({FORGE_CMP_BINARY, "generate"}, checkout / "dev" / "apps" / "shop" / "api", env,
                              w.root.path() / "plugin");
    REQUIRE_RUN_OK(plugin);
    CHECK(plugin.out == preview.out);
    auto candidate = w.forge({"preview", "shop/api", "--env", "dev", "--release", "2"});
    REQUIRE_RUN_OK(candidate);
    CHECK_THAT(candidate.out, Catch::Contains("replicas: 3") && Catch::Contains("kind: Service"));

    // Usage errors and help.
    CHECK(w.forge({"deploy", "--env", "dev"}).exit_code == 2);
    auto help = run_program({FORGE_CLI_BINARY, "deploy", "--help"}, w.root.path(), w.env, w.root.path() / "help");
    CHECK(help.exit_code == 0);
    CHECK_THAT(help.out, Catch::Contains("--release") && Catch::Contains("--gitops") && Catch::Contains("--registry"));
    auto bad = w.forge({"deploy", "--release", "shop/api/77", "--env", "dev"});
    CHECK(bad.exit_code == 1);
    CHECK_THAT(bad.err, Catch::Contains("shop/api"));
}

#endif
