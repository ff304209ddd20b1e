// Releases end to end against a real CNCF distribution registry (docker-registry) on loopback:
// discovery of a git repository, a container artifact published with the docker publisher, its
// tracking image, the release image; skopeo as the independent reader; a proxy in front of the
// registry for bearer tokens, retries and tampering. What the registry client tests already cover
// (upload methods, mounts, token caching) is not repeated here.
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "context/context.hpp"
#include "discovery/problem.hpp"
#include "discovery/run_discovery.hpp"
#include "gitops/release_store.hpp"
#include "oci/image.hpp"
#include "oci/layout.hpp"
#include "oci/media_types.hpp"
#include "release/release_projects.hpp"
#include "support/git_repository.hpp"
#include "support/process.hpp"
#include "support/registry_proxy.hpp"
#include "support/registry_server.hpp"
#include "support/temp_dir.hpp"

using namespace forge;
using forge::test::basic_credentials;
using forge::test::proxy_options;
using forge::test::proxy_request;
using forge::test::proxy_response;
using forge::test::registry_proxy;
using forge::test::registry_server;

namespace {

constexpr const char *repo_cue = R"(package repo
forgeVersion: "0.1.0"
phases: build: group: 1
publishers: docker: type: "docker"
)";

constexpr const char *project_cue = R"(package project
name: "svc"
phases: build: steps: [{name: "image", action: "shell", run: "true"}]
artifacts: app: {type: "container", producer: {step: "image", path: "dist/image"}, publishers: ["docker"]}
release: on: [{branch: "main"}]
deploy: resources: [{
	apiVersion: "forge.projectcatalyst.io/v1alpha1"
	kind:       "Deployment"
	metadata: name: "svc"
	spec: {image: @artifact("app").image, replicas: 1, env: IMAGE_DIGEST: @artifact("app").digest}
}]
)";

// A small container image in an OCI layout, as a build step would leave it.
void write_container_layout(const std::filesystem::path &dir, const std::string &content) {
    oci::image img;
    oci::blob layer = oci::make_layer(oci::media_type::layer_tar, std::string(1024, '\0') + content);
    oci::image_config cfg;
    cfg.architecture = "amd64";
    cfg.os = "linux";
    cfg.diff_ids.push_back(layer.desc.digest);
    auto cfg_bytes = oci::encode(cfg);
    REQUIRE(cfg_bytes.ok());
    oci::blob config{oci::descriptor::of(oci::media_type::image_config, *cfg_bytes), *cfg_bytes};
    img.manifest.config = config.desc;
    img.manifest.layers = {layer.desc};
    auto bytes = oci::encode(img.manifest);
    REQUIRE(bytes.ok());
    img.manifest_bytes = *bytes;
    img.manifest_descriptor = oci::descriptor::of(oci::media_type::image_manifest, *bytes);
    img.blobs = {config, layer};
    auto layout = oci::image_layout::create(dir);
    REQUIRE(layout.ok());
    auto written = layout->write_image(img, "latest");
    INFO((written.ok() ? std::string() : written.err().message));
    REQUIRE(written.ok());
}

struct fixture {
    forge::test::git_repository origin{"shop"};  // origin .../shop.git: the repository's short name is "shop"
    forge::test::git_work_tree work = origin.work_tree();
    context ctx;

    fixture() {
        REQUIRE(register_builtin_adapters(ctx).ok());
        work.write(".forge/repo.cue", repo_cue).write("svc/.forge/project.cue", project_cue).write("svc/src/v", "1");
        work.commit("initial");
        write_container_layout(work.path() / "svc/dist/image", "build-1");
    }

    std::string commit(const std::string &v) {
        work.write("svc/src/v", v);
        return work.commit("change " + v);
    }

    discovery::discovery_result discover() {
        discovery::discovery_request req;
        req.source.repository = work.path().string();
        req.run.branch = "main";
        auto d = discovery::discover_repository(req);
        REQUIRE(d.ok());
        for (const auto &p : d->problems) UNSCOPED_INFO(discovery::format_problem(p));
        REQUIRE(d->problems.empty());
        return std::move(d).value();
    }

    result<std::vector<release::created_release>> release_to(const std::string &registry) {
        release::release_options o;
        o.registry = registry;
        o.work_dir = work.path();
        o.run_id = "run-1";
        return release::release_projects(ctx, discover(), o);
    }
};

forge::test::command_result skopeo(std::vector<std::string> args) {
    forge::test::spawn_options options;
    options.argv = {"/usr/bin/skopeo"};
    options.argv.insert(options.argv.end(), args.begin(), args.end());
    return forge::test::run_command(options, std::chrono::seconds(120));
}

}  // namespace

TEST_CASE("release: into a registry, numbered without gaps, immutable, read by skopeo and the release store",
          "[integration][release]") {
    registry_server server;
    fixture f;
    const std::string where = server.host() + "/forge";

    auto first = f.release_to(where);
    REQUIRE(first.ok());
    REQUIRE(first->size() == 1);
    const auto &r1 = first->front();
    CHECK(r1.repository == "shop");
    CHECK(r1.number == 1);
    CHECK(r1.image == where + "/shop/svc:" + r1.commit);
    CHECK(r1.tags == std::vector<std::string>{r1.commit, "1", "main-1"});
    REQUIRE(r1.artifacts.size() == 1);
    CHECK(r1.artifacts[0].tracking_image == where + "/shop/svc/app:sha-" + r1.commit);

    // Releases are immutable: the same commit again is a conflict and takes no number.
    auto again = f.release_to(where);
    REQUIRE_FALSE(again.ok());
    CHECK(again.err().code == status::conflict);

    const std::string sha2 = f.commit("2");
    auto second = f.release_to(where);
    REQUIRE(second.ok());
    CHECK(second->front().number == 2);
    f.commit("3");
    auto third = f.release_to(where);
    REQUIRE(third.ok());
    CHECK(third->front().number == 3);

    // The GitOps release store resolves numbers and aliases in the registry.
    auto loc = gitops::parse_registry(where);
    REQUIRE(loc.ok());
    auto by_alias = gitops::resolve_release(*loc, "shop", "svc", "main-2");
    REQUIRE(by_alias.ok());
    CHECK(by_alias->sha == sha2);
    CHECK(by_alias->number == 2);

    // skopeo reads the release, tracking and container images we pushed ...
    const std::string release_ref = "docker://" + where + "/shop/svc:" + r1.commit;
    auto raw = skopeo({"inspect", "--raw", "--tls-verify=false", release_ref});
    INFO(raw.output);
    REQUIRE(raw.exit_code == 0);
    CHECK(raw.output.find(std::string(oci::media_type::release_metadata)) != std::string::npos);
    auto tracking_raw =
        skopeo({"inspect", "--raw", "--tls-verify=false", "docker://" + r1.artifacts[0].tracking_image});
    REQUIRE(tracking_raw.exit_code == 0);
    CHECK(tracking_raw.output.find(std::string(oci::media_type::in_toto)) != std::string::npos);
    auto container = skopeo({"inspect", "--tls-verify=false", "docker://" + where + "/shop/svc/app:" + r1.commit});
    INFO(container.output);
    CHECK(container.exit_code == 0);

    // ... and copies the release into a layout, where we read it back as the same release.
    forge::test::temp_dir scratch("release-skopeo");
    std::filesystem::create_directories(scratch.path() / "shop");  // skopeo creates only the last level
    auto copied = skopeo({"copy", "--src-tls-verify=false", release_ref,
                          "oci:" + (scratch.path() / "shop/svc").string() + ":" + r1.commit});
    INFO(copied.output);
    REQUIRE(copied.exit_code == 0);
    auto layout_store = release::layout_image_store(scratch.path());
    auto shown = release::show_release(*layout_store, "shop", "svc", r1.commit);
    REQUIRE(shown.ok());
    CHECK(shown->manifest.digest == r1.manifest.digest);
    CHECK(shown->files == std::vector<std::string>{"00-deployment-svc.yaml"});
    CHECK(shown->resources[0].second.find("image: \"" + r1.artifacts[0].tracking_image + "\"") != std::string::npos);
}

TEST_CASE("release: the same inputs give the same digests; skopeo reads the layout", "[integration][release]") {
    fixture f;
    forge::test::temp_dir out("release-determinism");
    const std::string where = "oci:" + (out.path() / "oci").string();
    auto a = f.release_to(where);
    REQUIRE(a.ok());
    std::filesystem::remove_all(out.path() / "oci");
    auto b = f.release_to(where);
    REQUIRE(b.ok());
    CHECK(a->front().manifest.digest == b->front().manifest.digest);
    CHECK(a->front().artifacts[0].tracking_digest == b->front().artifacts[0].tracking_digest);

    auto raw = skopeo({"inspect", "--raw", "oci:" + (out.path() / "oci/shop/svc").string() + ":1"});
    INFO(raw.output);
    REQUIRE(raw.exit_code == 0);
    CHECK(raw.output.find(std::string(oci::media_type::release_artifact)) != std::string::npos);
}

TEST_CASE("release: bearer tokens with credentials from the context, retried 429/500", "[integration][release][auth]") {
    registry_server server;
    std::atomic<int> failures{0};
    proxy_options po;
    po.upstream_port = server.port();
    po.require_bearer = true;
    po.token_credentials = basic_credentials{"robot", "s3cret"};
    po.intercept = [&](const proxy_request &req) -> std::optional<proxy_response> {
        if (req.method == "HEAD" && req.target.find("/manifests/") != std::string::npos && failures < 2) {
            const int n = ++failures;
            return proxy_response{n == 1 ? 429 : 500, {{"Retry-After", "0"}}, "later"};
        }
        return std::nullopt;
    };
    registry_proxy proxy(po);
    fixture f;

    auto anonymous = f.release_to(proxy.host());
    REQUIRE_FALSE(anonymous.ok());
    CHECK(anonymous.err().code == status::auth);

    ::setenv("FORGE_TEST_RELEASE_PASSWORD", "s3cret", 1);
    REQUIRE(f.ctx.config().set("registry.username", "robot").ok());
    REQUIRE(f.ctx.config().set("registry.password", R"({"provider":"env","name":"FORGE_TEST_RELEASE_PASSWORD"})").ok());
    auto created = f.release_to(proxy.host());
    INFO((created.ok() ? std::string() : created.err().message));
    REQUIRE(created.ok());
    CHECK(created->front().number == 1);
    CHECK(failures == 2);
    CHECK(proxy.tokens_issued() > 0);
}

TEST_CASE("release: a tampered release image is detected when it is read", "[integration][release][integrity]") {
    registry_server server;
    fixture f;
    auto created = f.release_to(server.host());
    REQUIRE(created.ok());
    const auto &r = created->front();

    proxy_options po;
    po.upstream_port = server.port();
    po.rewrite = [&](const proxy_request &req, proxy_response &resp) {
        if (req.method == "GET" && req.target.find("/blobs/") != std::string::npos && !resp.body.empty())
            resp.body[resp.body.size() / 2] ^= 0x01;
    };
    registry_proxy proxy(po);
    auto store = release::open_image_store(proxy.host(), release::registry_access{});
    REQUIRE(store.ok());
    auto shown = release::show_release(**store, "shop", "svc", "1");
    REQUIRE_FALSE(shown.ok());
    CHECK(shown.err().code == status::integrity);

    // Pulling it into a layout writes nothing.
    forge::test::temp_dir scratch("release-tamper");
    auto layout = release::layout_image_store(scratch.path());
    auto img = (*store)->read("shop/svc", r.commit);
    REQUIRE_FALSE(img.ok());
    CHECK_FALSE(std::filesystem::exists(scratch.path() / "shop"));
}
