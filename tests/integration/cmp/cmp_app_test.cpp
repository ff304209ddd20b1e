// catalyst-forge-cmp as Argo CD runs it: `generate` in the application folder with ARGOCD_APP_*,
// ARGOCD_ENV_* and FORGE_REGISTRY in the environment; stdout is the manifest stream, and on any
// failure stdout stays empty and stderr holds one line. Also the render from a real registry
// (docker-registry), anonymous and with credentials from a mounted docker config.json.
#include <fstream>

#include "gitops/release_store.hpp"
#include "integration/cmp/cmp_test_world.hpp"
#include "integration/cmp/run_program.hpp"
#include "registry/auth.hpp"
#include "registry/client.hpp"
#include "registry/images.hpp"
#include "support/registry_server.hpp"

using namespace cmp_test;

#ifdef FORGE_CMP_BINARY

namespace {

const std::string expected_stream =
    "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 2\n"
    "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  ports:\n    - port: 80\n"
    "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-config\ndata:\n  key: value\n"
    "---\napiVersion: apiextensions.crossplane.io/v1alpha1\nkind: EnvironmentConfig\nmetadata:\n  name: api\n"
    "data:\n  replicas: \"3\"\n";

// The environment Argo CD's repo-server gives a plugin (plus the cache and HOME of the sidecar).
std::map<std::string, std::string> argocd_env(const cmp_world &w, const std::string &registry) {
    return {{"ARGOCD_APP_NAME", "dev-shop-api"},
            {"ARGOCD_APP_NAMESPACE", "shop-api"},
            {"ARGOCD_APP_REVISION", "0123456"},
            {"ARGOCD_ENV_FORGE_REGISTRY", registry},
            {"FORGE_CMP_CACHE", w.cache.string()},
            {"HOME", (w.root.path() / "home").string()},
            {"PATH", "/usr/bin:/bin"}};
}

program_result generate(const cmp_world &w, const std::map<std::string, std::string> &env,
                        const std::filesystem::path &cwd) {
    return run_program({FORGE_CMP_BINARY, "generate"}, cwd, env, w.root.path() / "run");
}

void check_failed_cleanly(const program_result &r) {
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::StartsWith("catalyst-forge-cmp: pointer ") && Catch::Contains(" image "));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

std::unique_ptr<registry::client> push_client(const forge::test::registry_server &server,
                                              std::optional<registry::credentials> creds = {}) {
    registry::client_options o;
    o.host = server.host();
    o.plain_http = true;
    o.creds = std::move(creds);
    auto c = registry::client::create(std::move(o));
    GITOPS_REQUIRE_OK(c);
    return std::move(c).value();
}

oci::image release_image(const std::string &sha, std::int64_t number) {
    oci::release_metadata m;
    m.repository = "shop";
    m.project = "api";
    m.number = number;
    m.aliases.numeric = number;
    m.aliases.tag = "v1." + std::to_string(number) + ".0";
    m.trigger = "branch";
    m.commit = sha;
    auto img = oci::build_release_image(m, {{"service.yaml", service_yaml}, {"deployment.yaml", deployment_yaml}});
    GITOPS_REQUIRE_OK(img);
    return std::move(img).value();
}

}  // namespace

TEST_CASE("cmp app: the Argo CD invocation contract (cwd, ARGOCD_* and FORGE_REGISTRY)", "[integration][cmp]") {
    cmp_world w;
    const auto sha = fake_sha(20, 1);
    w.publish(sha, {{"service.yaml", service_yaml}, {"deployment.yaml", deployment_yaml}});
    write_file(w.app_dir() / "env.yaml", env_yaml);

    // Registry from the plugin parameter (ARGOCD_ENV_FORGE_REGISTRY); output = resources, then env.yaml.
    auto r = generate(w, argocd_env(w, w.registry), w.app_dir());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.empty());
    CHECK(r.out == expected_stream);
    // The blobs landed in the cache given by FORGE_CMP_CACHE, nowhere else.
    CHECK(std::filesystem::exists(w.cache / "blobs" / "sha256"));
    CHECK_FALSE(std::filesystem::exists(w.root.path() / "home" / ".cache"));

    // FORGE_REGISTRY (the sidecar's setting) wins over the application parameter.
    auto env = argocd_env(w, "127.0.0.1:1/nowhere");
    env["FORGE_REGISTRY"] = w.registry;
    auto again = generate(w, env, w.app_dir());
    CHECK(again.exit_code == 0);
    CHECK(again.out == expected_stream);

    // Without FORGE_CMP_CACHE the cache goes under $HOME/.cache.
    env = argocd_env(w, w.registry);
    env.erase("FORGE_CMP_CACHE");
    auto home = generate(w, env, w.app_dir());
    CHECK(home.exit_code == 0);
    CHECK(std::filesystem::exists(w.root.path() / "home" / ".cache" / "catalyst-forge-cmp" / "blobs"));

    // Run anywhere but an application folder: nothing on stdout, one line on stderr.
    check_failed_cleanly(generate(w, argocd_env(w, w.registry), w.gitops / "dev"));
    // No registry at all.
    env = argocd_env(w, "");
    env.erase("ARGOCD_ENV_FORGE_REGISTRY");
    auto none = generate(w, env, w.app_dir());
    check_failed_cleanly(none);
    CHECK_THAT(none.err, Catch::Contains("FORGE_REGISTRY"));
}

TEST_CASE(
    "cmp app: malicious release images exit non-zero with nothing on stdout and nothing written outside the cache",
    "[integration][cmp]") {
    cmp_world w;
    const auto sha = fake_sha(21, 1);
    std::vector<std::pair<std::string, std::string>> cases = {
        {"absolute path", craft_tar({entry("/etc/passwd.yaml", deployment_yaml)})},
        {"dot-dot", craft_tar({entry("../../escape.yaml", deployment_yaml)})},
        {"symlink", craft_tar({entry("link.yaml", "", AE_IFLNK, "/etc/passwd")})},
        {"hard link", craft_tar({entry("a.yaml", deployment_yaml), entry("b.yaml", "", AE_IFREG, "a.yaml", true)})},
        {"device", craft_tar({entry("dev.yaml", "", AE_IFCHR)})},
        {"non-YAML name", craft_tar({entry("run.sh", "#!/bin/sh\n")})},
        {"oversized entry", craft_tar({entry("big.yaml", "", AE_IFREG, "", false, 9u << 20)})},
        {"gzip bomb", craft_tar({entry("bomb.yaml", "", AE_IFREG, "", false, 40u << 20)}, {true, true})},
        {"not a Kubernetes object", craft_tar({entry("x.yaml", "just: data\n")})},
        {"no objects", craft_tar({entry("empty.yaml", "# nothing\n")})},
    };
    std::filesystem::create_directories(w.cache);
    for (const auto &[name, tar] : cases) {
        DYNAMIC_SECTION(name) {
            w.store(image_with_resources(sha, tar), sha);
            const auto before = snapshot(w.root.path(), w.cache);
            auto r = generate(w, argocd_env(w, w.registry), w.app_dir());
            check_failed_cleanly(r);
            std::filesystem::remove_all(w.root.path() / "run");  // the captured output itself
            CHECK(snapshot(w.root.path(), w.cache) == before);
        }
    }
    SECTION("digest mismatch and missing blob") {
        auto img = w.publish(sha, {{"deployment.yaml", deployment_yaml}});
        auto blob =
            w.layouts / "shop" / "api" / "blobs" / "sha256" / std::string(img.manifest.layers.at(1).digest.hex());
        std::string bytes = read_file(blob);
        bytes[bytes.size() / 2] ^= 0x01;
        write_file(blob, bytes);
        auto tampered = generate(w, argocd_env(w, w.registry), w.app_dir());
        check_failed_cleanly(tampered);
        CHECK_THAT(tampered.err, Catch::Contains("digest"));
        std::filesystem::remove(blob);
        check_failed_cleanly(generate(w, argocd_env(w, w.registry), w.app_dir()));
        // The manifest points at an image that is not there at all.
        w.point(fake_sha(21, 9));
        auto missing = generate(w, argocd_env(w, w.registry), w.app_dir());
        check_failed_cleanly(missing);
        CHECK_THAT(missing.err, Catch::Contains(fake_sha(21, 9)));
    }
}

TEST_CASE("cmp: releases pulled from a real registry (docker-registry)", "[integration][cmp][registry]") {
    forge::test::registry_server server;
    cmp_world w;
    const auto sha = fake_sha(22, 1), sha2 = fake_sha(22, 2);
    auto c = push_client(server);
    GITOPS_REQUIRE_OK(registry::push_image(*c, "releases/shop/api", release_image(sha, 1), {sha, "1", "v1.1.0"}));
    GITOPS_REQUIRE_OK(registry::push_image(*c, "releases/shop/api", release_image(sha2, 2), {sha2, "2"}));
    const std::string where = server.host() + "/releases";
    w.point(sha);
    write_file(w.app_dir() / "env.yaml", env_yaml);

    auto rq = w.request();
    rq.registry = where;
    auto out = cmp::generate(rq);
    GITOPS_REQUIRE_OK(out);
    CHECK(*out == expected_stream);
    // Warm: served from the cache (only the tag is asked of the registry).
    auto warm = cmp::generate(rq);
    GITOPS_REQUIRE_OK(warm);
    CHECK(*warm == *out);

    // Release numbers and aliases resolve through the registry's tags.
    auto loc = gitops::parse_registry(where);
    GITOPS_REQUIRE_OK(loc);
    CHECK(loc->plain_http);
    auto by_number = gitops::resolve_release(*loc, "shop", "api", "2");
    GITOPS_REQUIRE_OK(by_number);
    CHECK(by_number->sha == sha2);
    CHECK(*by_number->number == 2);
    auto by_alias = gitops::resolve_release(*loc, "shop", "api", "v1.1.0");
    GITOPS_REQUIRE_OK(by_alias);
    CHECK(by_alias->sha == sha);
    CHECK(gitops::resolve_release(*loc, "shop", "api", "9").err().code == status::not_found);

    // The plugin binary against the registry.
    auto r = generate(w, argocd_env(w, where), w.app_dir());
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == expected_stream);
    // An image the registry does not have.
    w.point(fake_sha(22, 3));
    auto missing = generate(w, argocd_env(w, where), w.app_dir());
    check_failed_cleanly(missing);
    CHECK_THAT(missing.err, Catch::Contains(server.host() + "/releases/shop/api:" + fake_sha(22, 3)) &&
                                Catch::Contains("not found"));
}

TEST_CASE("cmp: registry credentials come from the mounted docker config.json", "[integration][cmp][registry]") {
    forge::test::registry_server server(
        forge::test::registry_options{forge::test::basic_credentials{"argocd", "pl8gin-pass"}});
    cmp_world w;
    const auto sha = fake_sha(23, 1);
    auto c = push_client(server, registry::credentials{"argocd", "pl8gin-pass"});
    GITOPS_REQUIRE_OK(registry::push_image(*c, "shop/api", release_image(sha, 1), {sha}));
    w.point(sha);
    write_file(w.app_dir() / "env.yaml", env_yaml);

    auto denied = generate(w, argocd_env(w, server.host()), w.app_dir());
    check_failed_cleanly(denied);
    CHECK(denied.err.find("pl8gin-pass") == std::string::npos);

    const auto docker = w.root.path() / "docker";
    std::filesystem::create_directories(docker);
    std::ofstream(docker / "config.json") << R"({"auths":{")" << server.host() << R"(":{"auth":")"
                                          << registry::base64_encode("argocd:pl8gin-pass") << R"("}}})";
    auto env = argocd_env(w, server.host());
    env["DOCKER_CONFIG"] = docker.string();
    auto r = generate(w, env, w.app_dir());
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == expected_stream);
}

#endif
