// The whole main job through the CLI on a fresh git repository of examples/monorepo: `forge run` on
// main runs the phases, releases what triggered into the OCI layout of its state directory, deploys
// the service to dev in the GitOps repository it creates there, and the plugin renders the
// deployed release. A second run of the same commit changes nothing.
#include <catch2/catch.hpp>
#include <filesystem>

#include "support/git_repository.hpp"
#include "support/process.hpp"
#include "support/registry_server.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;

#if defined(FORGE_CLI_BINARY) && defined(FORGE_CMP_BINARY)

namespace {

forge::test::command_result forge_run(const fs::path &repo, const fs::path &state, std::vector<std::string> more = {}) {
    forge::test::spawn_options o;
    o.argv = {FORGE_CLI_BINARY, "run", "--repo", repo.string(), "--branch", "main", "--state-dir", state.string(),
              // services/worker builds with Earthly, which the test machine does not have
              "--project", "api", "--project", "common", "--project", "docs", "--project", "acmectl"};
    o.argv.insert(o.argv.end(), more.begin(), more.end());
    o.env = {{"CI", "true"}};
    return forge::test::run_command(o, std::chrono::seconds(120));
}

int count(const std::string &text, const std::string &what) {
    int n = 0;
    for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("forge run on main releases, deploys to dev, and the plugin renders the deployed release",
          "[run][delivery]") {
    forge::test::git_repository origin("acme");
    auto work = origin.work_tree();
    work.copy_tree(fs::path(FORGE_SOURCE_DIR) / "examples" / "monorepo");
    work.commit("Acme monorepo");
    forge::test::temp_dir state("delivery-state");

    auto first = forge_run(work.path(), state.path());
    INFO(first.output);
    REQUIRE(first.exit_code == 0);
    CHECK(count(first.output, "release.created project=api number=1") == 1);
    CHECK(count(first.output, "deploy.finished project=api env=dev path=dev/apps/acme/api/release.yaml") == 1);
    CHECK(count(first.output, "deploy.finished project=docs") == 0);  // no deploy resources: not deployed
    CHECK(fs::exists(state.path() / "oci" / "acme" / "api" / "index.json"));

    forge::test::temp_dir clone_dir("gitops-clone");
    const fs::path clone = clone_dir.path() / "gitops";
    forge::test::spawn_options git;
    git.argv = {"git", "clone", "-q", (state.path() / "gitops.git").string(), clone.string()};
    REQUIRE(forge::test::run_command(git).exit_code == 0);
    const fs::path app = clone / "dev" / "apps" / "acme" / "api";
    REQUIRE(fs::exists(app / "release.yaml"));

    forge::test::spawn_options cmp;
    cmp.argv = {FORGE_CMP_BINARY, "generate"};
    cmp.working_dir = app;
    cmp.env = {{"ARGOCD_APP_NAME", "acme-api"},
               {"ARGOCD_APP_NAMESPACE", "acme"},
               {"FORGE_REGISTRY", "oci:" + (state.path() / "oci").string()}};
    auto rendered = forge::test::run_command(cmp);
    INFO(rendered.output);
    REQUIRE(rendered.exit_code == 0);
    CHECK(count(rendered.output, "kind: Deployment") == 1);
    CHECK(count(rendered.output, "kind: Network") == 1);
    CHECK(count(rendered.output, "name: api") >= 2);

    // The same commit again: the releases exist (immutable), nothing new is released or deployed.
    auto again = forge_run(work.path(), state.path());
    INFO(again.output);
    REQUIRE(again.exit_code == 0);
    CHECK(count(again.output, "release.created") == 0);
    CHECK(count(again.output, "release.skipped") == 1);
    git.argv = {"git", "-C", clone.string(), "pull", "-q"};
    REQUIRE(forge::test::run_command(git).exit_code == 0);
    forge::test::spawn_options log;
    log.argv = {"git", "-C", clone.string(), "rev-list", "--count", "HEAD"};
    auto commits = forge::test::run_command(log);
    CHECK(commits.output.substr(0, 2) == "1\n");  // the single deploy commit
}

TEST_CASE("forge run --registry releases into a real registry that skopeo reads, and the plugin renders from it",
          "[run][delivery][registry]") {
    forge::test::git_repository origin("acme");
    auto work = origin.work_tree();
    work.copy_tree(fs::path(FORGE_SOURCE_DIR) / "examples" / "monorepo");
    work.commit("Acme monorepo");
    forge::test::temp_dir state("delivery-registry-state");
    forge::test::registry_server registry;
    const std::string where = registry.host() + "/releases";

    auto run = forge_run(work.path(), state.path(), {"--registry", where});
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK(count(run.output, "release.created project=api number=1 image=" + where + "/acme/api:" + work.head()) == 1);
    CHECK_FALSE(fs::exists(state.path() / "oci" / "acme" / "api"));  // nothing went to the layout

    forge::test::spawn_options skopeo;
    skopeo.argv = {"skopeo", "inspect", "--tls-verify=false", "--raw", "docker://" + where + "/acme/api:main-1"};
    auto inspected = forge::test::run_command(skopeo);
    INFO(inspected.output);
    CHECK(inspected.exit_code == 0);
    CHECK(count(inspected.output, "application/vnd.forge.release.v1") == 1);

    forge::test::temp_dir clone_dir("gitops-clone");
    const fs::path clone = clone_dir.path() / "gitops";
    forge::test::spawn_options git;
    git.argv = {"git", "clone", "-q", (state.path() / "gitops.git").string(), clone.string()};
    REQUIRE(forge::test::run_command(git).exit_code == 0);
    forge::test::spawn_options cmp;
    cmp.argv = {FORGE_CMP_BINARY, "generate"};
    cmp.working_dir = clone / "dev" / "apps" / "acme" / "api";
    cmp.env = {{"ARGOCD_APP_NAME", "acme-api"}, {"ARGOCD_APP_NAMESPACE", "acme"}, {"FORGE_REGISTRY", where}};
    auto rendered = forge::test::run_command(cmp);
    INFO(rendered.output);
    REQUIRE(rendered.exit_code == 0);
    CHECK(count(rendered.output, "kind: Deployment") == 1);
}

#endif
