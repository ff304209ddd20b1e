// The registry client against a real CNCF distribution registry (docker-registry) on loopback,
// with skopeo as the independent reader and writer, and a fault-injecting proxy in front of the
// registry for retries, tampering and bearer-token auth.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "oci/layout.hpp"
#include "oci/media_types.hpp"
#include "oci/release_image.hpp"
#include "oci/tracking_image.hpp"
#include "registry/client.hpp"
#include "registry/images.hpp"
#include "registry/reference.hpp"
#include "support/process.hpp"
#include "support/registry_proxy.hpp"
#include "support/registry_server.hpp"
#include "support/temp_dir.hpp"

using namespace forge;
using namespace forge::oci;
using forge::test::basic_credentials;
using forge::test::proxy_options;
using forge::test::proxy_request;
using forge::test::proxy_response;
using forge::test::registry_options;
using forge::test::registry_proxy;
using forge::test::registry_server;

namespace {

image sample_release(std::int64_t number = 3, config_style style = config_style::empty) {
    release_metadata meta;
    meta.repository = "monorepo";
    meta.project = "service";
    meta.number = number;
    meta.trigger = "branch";
    meta.commit = std::string(40, 'a');
    meta.aliases.numeric = number;
    auto img =
        build_release_image(meta,
                            {{"deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc\n"},
                             {"service.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\n"}},
                            release_image_options{style, 0});
    REQUIRE(img.ok());
    return std::move(img).value();
}

image sample_tracking() {
    artifact_metadata meta;
    meta.name = "server";
    meta.type = "binary";
    meta.repository = "monorepo";
    meta.project = "service";
    meta.commit = std::string(40, 'a');
    meta.pipeline_run = "run-1";
    meta.producer = "binary";
    sbom_document sbom;
    sbom.source_name = "server";
    sbom.components.push_back({"server", std::nullopt, "binary", {"bin/server"}, digest::of("server-bytes")});
    provenance prov;
    prov.subjects.push_back({"server", digest::of("server-bytes")});
    prov.builder_id = "https://forge.projectcatalyst.io/builders/embedded@v0";
    prov.source_repository = "https://example.com/monorepo.git";
    prov.source_commit = std::string(40, 'a');
    prov.run_id = "run-1";
    auto img = build_tracking_image(meta, sbom, prov);
    REQUIRE(img.ok());
    return std::move(img).value();
}

std::unique_ptr<registry::client> make_client(const std::string &host, std::optional<registry::credentials> creds = {},
                                              registry::upload_method upload = registry::upload_method::post_put) {
    registry::client_options o;
    o.host = host;
    o.plain_http = true;
    o.creds = std::move(creds);
    o.upload = upload;
    o.chunk_size = 1000;
    o.retry.initial_backoff = std::chrono::milliseconds(5);
    o.retry.max_backoff = std::chrono::milliseconds(50);
    auto c = registry::client::create(std::move(o));
    REQUIRE(c.ok());
    return std::move(c).value();
}

forge::test::command_result skopeo(std::vector<std::string> args) {
    forge::test::spawn_options options;
    options.argv = {"/usr/bin/skopeo"};
    options.argv.insert(options.argv.end(), args.begin(), args.end());
    return forge::test::run_command(options, std::chrono::seconds(120));
}

std::size_t blob_files(const std::filesystem::path &layout_dir) {
    std::size_t n = 0;
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator(layout_dir / "blobs" / "sha256", ec);
         !ec && it != std::filesystem::directory_iterator(); ++it)
        ++n;
    return n;
}

void check_same_image(const image &a, const image &b) {
    CHECK(a.manifest_bytes == b.manifest_bytes);
    CHECK(a.manifest_descriptor.digest == b.manifest_descriptor.digest);
    REQUIRE(a.blobs.size() == b.blobs.size());
    for (std::size_t i = 0; i < a.blobs.size(); ++i) CHECK(a.blobs[i].bytes == b.blobs[i].bytes);
}

}  // namespace

TEST_CASE("registry client: push then pull release and tracking images; skopeo reads them",
          "[integration][registry][oci]") {
    registry_server server;
    auto c = make_client(server.host());
    REQUIRE(c->ping().ok());

    const image release = sample_release();
    auto pushed = registry::push_image(*c, "forge/monorepo/service", release, {std::string(40, 'a'), "3"});
    REQUIRE(pushed.ok());
    CHECK(pushed->manifest.digest == release.manifest_descriptor.digest);
    CHECK(pushed->blobs_uploaded == 3);  // empty config + 2 layers

    // Determinism and idempotence: the same release again has the same digest and uploads nothing.
    auto again = registry::push_image(*c, "forge/monorepo/service", sample_release(), {std::string(40, 'a')});
    REQUIRE(again.ok());
    CHECK(again->manifest.digest == pushed->manifest.digest);
    CHECK(again->blobs_uploaded == 0);
    CHECK(again->blobs_present == 3);

    auto head = c->head_manifest("forge/monorepo/service", "3");
    REQUIRE(head.ok());
    REQUIRE(head->has_value());
    CHECK((*head)->digest == release.manifest_descriptor.digest);
    CHECK((*head)->media_type == std::string(media_type::image_manifest));

    auto pulled = registry::pull_image(*c, "forge/monorepo/service", "3");
    REQUIRE(pulled.ok());
    check_same_image(*pulled, release);
    auto by_digest = registry::pull_image(*c, "forge/monorepo/service", release.manifest_descriptor.digest.str());
    REQUIRE(by_digest.ok());
    check_same_image(*by_digest, release);

    const image tracking = sample_tracking();
    REQUIRE(registry::push_image(*c, "forge/monorepo/service/server", tracking, {"sha-" + std::string(40, 'a')}).ok());
    auto tracking_pulled = registry::pull_image(*c, "forge/monorepo/service/server", "sha-" + std::string(40, 'a'));
    REQUIRE(tracking_pulled.ok());
    check_same_image(*tracking_pulled, tracking);

    auto missing = c->get_manifest("forge/monorepo/service", "nope");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.err().code == status::not_found);
    CHECK(missing.err().message.find("MANIFEST_UNKNOWN") != std::string::npos);

    // skopeo inspects the raw manifest (our exact bytes) and copies the image out.
    const std::string ref = "docker://" + server.host() + "/forge/monorepo/service:3";
    auto inspect = skopeo({"inspect", "--tls-verify=false", "--raw", ref});
    INFO(inspect.output);
    REQUIRE(inspect.exit_code == 0);
    CHECK(inspect.output == release.manifest_bytes);
    // Plain `skopeo inspect` refuses artifacts with the empty config ("unsupported image-specific
    // operation"); with the image-config fallback it reads them fully.
    const image fallback = sample_release(4, config_style::image_config);
    REQUIRE(registry::push_image(*c, "forge/monorepo/service", fallback, {"4"}).ok());
    auto inspect_full =
        skopeo({"inspect", "--tls-verify=false", "docker://" + server.host() + "/forge/monorepo/service:4"});
    INFO(inspect_full.output);
    CHECK(inspect_full.exit_code == 0);
    CHECK(inspect_full.output.find(fallback.manifest_descriptor.digest.str()) != std::string::npos);
    forge::test::temp_dir scratch("registry-skopeo");
    auto copy =
        skopeo({"copy", "--quiet", "--src-tls-verify=false", ref, "oci:" + (scratch.path() / "out").string() + ":3"});
    INFO(copy.output);
    REQUIRE(copy.exit_code == 0);
    auto layout = image_layout::open(scratch.path() / "out");
    REQUIRE(layout.ok());
    auto copied = layout->read_image("3");
    REQUIRE(copied.ok());
    check_same_image(*copied, release);
}

TEST_CASE("registry client: pulls what skopeo pushed from a layout, and copies registry <-> layout",
          "[integration][registry][oci]") {
    registry_server server;
    forge::test::temp_dir scratch("registry-copy");
    const auto src = scratch.path() / "src";
    auto layout = image_layout::create(src);
    REQUIRE(layout.ok());
    const image release = sample_release(9, config_style::image_config);
    REQUIRE(layout->write_image(release, "v9").ok());

    auto push = skopeo({"copy", "--quiet", "--dest-tls-verify=false", "oci:" + src.string() + ":v9",
                        "docker://" + server.host() + "/forge/skopeo:v9"});
    INFO(push.output);
    REQUIRE(push.exit_code == 0);

    auto c = make_client(server.host());
    auto pulled = registry::pull_image(*c, "forge/skopeo", "v9");
    REQUIRE(pulled.ok());
    check_same_image(*pulled, release);

    // copy: registry -> layout -> registry (another repository) -> layout, all the same digest.
    registry::client_factory factory = [&](const std::string &host) -> result<std::unique_ptr<registry::client>> {
        return make_client(host);
    };
    auto loc = [](const std::string &s) {
        auto l = registry::parse_location(s);
        REQUIRE(l.ok());
        return *l;
    };
    const auto dst = scratch.path() / "dst";
    auto d1 =
        registry::copy_image(loc(server.host() + "/forge/skopeo:v9"), loc("oci:" + dst.string() + ":copied"), factory);
    REQUIRE(d1.ok());
    CHECK(d1->digest == release.manifest_descriptor.digest);
    auto d2 =
        registry::copy_image(loc("oci:" + dst.string() + ":copied"), loc(server.host() + "/forge/again:x"), factory);
    REQUIRE(d2.ok());
    CHECK(d2->digest == release.manifest_descriptor.digest);
    auto inspect = skopeo({"inspect", "--tls-verify=false", "--raw", "docker://" + server.host() + "/forge/again:x"});
    CHECK(inspect.output == release.manifest_bytes);
}

TEST_CASE("registry client: basic auth with given credentials and from a docker config.json",
          "[integration][registry][auth]") {
    registry_server server(registry_options{basic_credentials{"forge", "s3cret-pass"}});
    const image release = sample_release();

    auto anonymous = make_client(server.host());
    auto denied = registry::push_image(*anonymous, "forge/auth", release, {"v1"});
    REQUIRE_FALSE(denied.ok());
    CHECK(denied.err().code == status::auth);
    CHECK(denied.err().message.find("requires credentials") != std::string::npos);
    CHECK(denied.err().message.find("s3cret") == std::string::npos);

    auto wrong = make_client(server.host(), registry::credentials{"forge", "wrong"});
    auto rejected = wrong->blob_exists("forge/auth", release.blobs[0].desc.digest);
    REQUIRE_FALSE(rejected.ok());
    CHECK(rejected.err().code == status::auth);

    forge::test::temp_dir scratch("registry-auth");
    const auto config = scratch.path() / "config.json";
    std::ofstream(config) << R"({"auths":{"http://)" << server.host() << R"(/v1/":{"auth":")"
                          << registry::base64_encode("forge:s3cret-pass") << R"("}}})";
    auto creds = registry::load_docker_config(config, server.host());
    REQUIRE(creds.ok());
    REQUIRE(creds->has_value());
    auto c = make_client(server.host(), **creds);
    auto pushed = registry::push_image(*c, "forge/auth", release, {"v1"});
    REQUIRE(pushed.ok());
    auto pulled = registry::pull_image(*c, "forge/auth", "v1");
    REQUIRE(pulled.ok());
    check_same_image(*pulled, release);
}

TEST_CASE("registry client: bearer tokens from a token endpoint, cached per scope", "[integration][registry][auth]") {
    // The proxy demands Bearer tokens it issued itself (behind basic credentials) and forwards to
    // the real registry; docker-registry's own token mode is not used here.
    registry_server server;
    proxy_options po;
    po.upstream_port = server.port();
    po.require_bearer = true;
    po.token_credentials = basic_credentials{"robot", "token-pass"};
    registry_proxy proxy(po);

    auto anonymous = make_client(proxy.host());
    auto denied = anonymous->blob_exists("forge/bearer", digest::of("x"));
    REQUIRE_FALSE(denied.ok());
    CHECK(denied.err().code == status::auth);

    auto c = make_client(proxy.host(), registry::credentials{"robot", "token-pass"});
    const image release = sample_release();
    auto pushed = registry::push_image(*c, "forge/bearer", release, {"v1", "latest"});
    REQUIRE(pushed.ok());
    auto pulled = registry::pull_image(*c, "forge/bearer", "v1");
    REQUIRE(pulled.ok());
    check_same_image(*pulled, release);
    // One token per scope: pull, and pull,push — not one per request.
    CHECK(c->tokens_fetched() == 2);
    CHECK(c->requests_sent() > 10);
    const auto scopes = proxy.token_scopes();
    CHECK(std::find(scopes.begin(), scopes.end(), "repository:forge/bearer:pull,push") != scopes.end());
    CHECK(std::find(scopes.begin(), scopes.end(), "repository:forge/bearer:pull") != scopes.end());

    // Cross-repository mount needs push on the target and pull on the source.
    auto mounted = c->mount_blob("forge/other", release.blobs[1].desc.digest, "forge/bearer");
    REQUIRE(mounted.ok());
    CHECK(*mounted);
    auto exists = c->blob_exists("forge/other", release.blobs[1].desc.digest);
    REQUIRE(exists.ok());
    CHECK(*exists);
}

TEST_CASE("registry client: chunked and single-POST uploads", "[integration][registry]") {
    registry_server server;
    std::string big(4500, '\0');
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7);
    const auto desc = descriptor::of(media_type::layer_tar, big);
    auto chunked = make_client(server.host(), std::nullopt, registry::upload_method::chunked);  // 1000-byte chunks
    REQUIRE(chunked->push_blob("forge/chunks", desc, big).ok());
    auto back = chunked->get_blob_bytes("forge/chunks", desc);
    REQUIRE(back.ok());
    CHECK(*back == big);

    const auto small = descriptor::of(media_type::layer_tar, "single post body");
    auto single = make_client(server.host(), std::nullopt, registry::upload_method::single_post);
    REQUIRE(single->push_blob("forge/chunks", small, "single post body").ok());
    auto small_back = single->get_blob_bytes("forge/chunks", small);
    REQUIRE(small_back.ok());
    CHECK(*small_back == "single post body");
}

TEST_CASE("registry client: 429 and 500 are retried; a lost upload response is checked with HEAD",
          "[integration][registry][retry]") {
    registry_server server;
    std::atomic<int> manifest_failures{0}, blob_failures{0};
    std::atomic<bool> hide_put_success{true};
    proxy_options po;
    po.upstream_port = server.port();
    po.intercept = [&](const proxy_request &req) -> std::optional<proxy_response> {
        if (req.method == "GET" && req.target.find("/manifests/") != std::string::npos && manifest_failures < 3) {
            const int n = ++manifest_failures;
            return proxy_response{n == 2 ? 429 : 500, {{"Retry-After", "0"}}, "try later"};
        }
        if (req.method == "HEAD" && req.target.find("/blobs/") != std::string::npos && blob_failures < 2) {
            ++blob_failures;
            return proxy_response{503, {}, ""};
        }
        return std::nullopt;
    };
    // The first finishing PUT of a blob succeeds upstream, but the client is told 500.
    po.rewrite = [&](const proxy_request &req, proxy_response &resp) {
        if (req.method == "PUT" && req.target.find("/blobs/uploads/") != std::string::npos && resp.status == 201 &&
            hide_put_success.exchange(false)) {
            resp = proxy_response{500, {}, "oops"};
        }
    };
    registry_proxy proxy(po);
    auto c = make_client(proxy.host());
    const image release = sample_release();
    auto pushed = registry::push_image(*c, "forge/retry", release, {"v1"});
    REQUIRE(pushed.ok());
    CHECK(blob_failures == 2);
    // The hidden success was found by a HEAD: no second upload session for that blob.
    const auto log = proxy.log();
    CHECK(std::count_if(log.begin(), log.end(), [](const std::string &l) { return l.rfind("POST ", 0) == 0; }) == 3);

    auto pulled = registry::pull_image(*c, "forge/retry", "v1");
    REQUIRE(pulled.ok());
    CHECK(manifest_failures == 3);
    check_same_image(*pulled, release);

    // A registry that keeps failing: bounded tries, then an error naming the status.
    proxy_options always;
    always.upstream_port = server.port();
    always.intercept = [](const proxy_request &) { return std::optional<proxy_response>(proxy_response{500, {}, ""}); };
    registry_proxy broken(always);
    auto b = make_client(broken.host());
    auto failed = b->get_manifest("forge/retry", "v1");
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.err().code == status::io);
    CHECK(failed.err().message.find("HTTP 500") != std::string::npos);
    CHECK(broken.requests() == 4);
}

TEST_CASE("registry client: a tampered blob or manifest is detected and nothing is written",
          "[integration][registry][integrity]") {
    registry_server server;
    auto direct = make_client(server.host());
    const image release = sample_release();
    REQUIRE(registry::push_image(*direct, "forge/tamper", release, {"v1"}).ok());
    const digest victim = release.blobs[2].desc.digest;  // the resources layer

    std::atomic<bool> tamper_manifest{false};
    proxy_options po;
    po.upstream_port = server.port();
    po.rewrite = [&](const proxy_request &req, proxy_response &resp) {
        if (req.method == "GET" && req.target.find("/blobs/" + victim.str()) != std::string::npos && !resp.body.empty())
            resp.body[resp.body.size() / 2] ^= 0x20;
        if (tamper_manifest && req.method == "GET" && req.target.find("/manifests/") != std::string::npos)
            resp.body[10] ^= 0x01;
    };
    registry_proxy proxy(po);
    auto c = make_client(proxy.host());

    forge::test::temp_dir scratch("registry-tamper");
    auto layout = image_layout::create(scratch.path() / "out");
    REQUIRE(layout.ok());
    auto pulled = registry::pull_to_layout(*c, "forge/tamper", "v1", *layout, "v1");
    REQUIRE_FALSE(pulled.ok());
    CHECK(pulled.err().code == status::integrity);
    CHECK(pulled.err().message.find(victim.str()) != std::string::npos);
    CHECK(blob_files(scratch.path() / "out") == 0);
    auto tags = layout->tags();
    REQUIRE(tags.ok());
    CHECK(tags->empty());

    auto bytes = c->get_blob_bytes("forge/tamper", release.blobs[2].desc);
    REQUIRE_FALSE(bytes.ok());
    CHECK(bytes.err().code == status::integrity);

    tamper_manifest = true;
    auto manifest = c->get_manifest("forge/tamper", release.manifest_descriptor.digest.str());
    REQUIRE_FALSE(manifest.ok());
    CHECK(manifest.err().code == status::integrity);
}

TEST_CASE("registry client: large blobs stream from and to layouts, hashed on the way",
          "[integration][registry][integrity]") {
    registry_server server;
    auto c = make_client(server.host());
    forge::test::temp_dir scratch("registry-stream");

    // 3 MiB: above the size that is sent from memory, so the upload streams from the file.
    std::string big(3u << 20, '\0');
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 2654435761u) >> 13);
    auto config = artifact_config(config_style::empty, media_type::release_artifact);
    REQUIRE(config.ok());
    auto img = assemble_image(media_type::release_artifact, *config, {make_layer(media_type::layer_tar, big)}, {});
    REQUIRE(img.ok());
    const auto src_dir = scratch.path() / "src";
    auto src = image_layout::create(src_dir);
    REQUIRE(src.ok());
    REQUIRE(src->write_image(*img, "v1").ok());

    auto pushed = registry::push_layout_image(*c, "forge/stream", *src, "v1", {"v1", "extra"});
    REQUIRE(pushed.ok());
    CHECK(pushed->manifest.digest == img->manifest_descriptor.digest);
    CHECK(pushed->blobs_uploaded == 2);
    auto again = registry::push_layout_image(*c, "forge/stream", *src, "v1", {"v1"});
    REQUIRE(again.ok());
    CHECK(again->blobs_uploaded == 0);

    // Back into a fresh layout through copy_image (streams to disk), and the bytes are the same.
    registry::client_factory factory = [&](const std::string &host) -> result<std::unique_ptr<registry::client>> {
        return make_client(host);
    };
    auto from = registry::parse_location(server.host() + "/forge/stream:extra");
    auto to = registry::parse_location("oci:" + (scratch.path() / "dst").string() + ":back");
    REQUIRE(from.ok());
    REQUIRE(to.ok());
    auto copied = registry::copy_image(*from, *to, factory);
    REQUIRE(copied.ok());
    CHECK(copied->digest == img->manifest_descriptor.digest);
    auto dst = image_layout::open(scratch.path() / "dst");
    REQUIRE(dst.ok());
    auto back = dst->read_image("back");
    REQUIRE(back.ok());
    check_same_image(*back, *img);

    // A layer damaged on disk: the upload stops before its last byte, the push fails and the
    // registry has neither the blob nor the manifest.
    std::string damaged = big;
    damaged[damaged.size() - 10] ^= 0x01;
    {
        std::ofstream f(src->blob_path(img->blobs[1].desc.digest), std::ios::binary | std::ios::trunc);
        f.write(damaged.data(), static_cast<std::streamsize>(damaged.size()));
    }
    auto refused = registry::push_layout_image(*c, "forge/stream-damaged", *src, "v1", {"v1"});
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.err().code == status::integrity);
    auto has_blob = c->blob_exists("forge/stream-damaged", img->blobs[1].desc.digest);
    REQUIRE(has_blob.ok());
    CHECK_FALSE(*has_blob);
    auto has_manifest = c->head_manifest("forge/stream-damaged", "v1");
    REQUIRE(has_manifest.ok());
    CHECK_FALSE(has_manifest->has_value());

    // The same from memory: push_blob refuses bytes that do not match the descriptor.
    auto wrong = c->push_blob("forge/stream-damaged", img->blobs[1].desc, damaged);
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.err().code == status::integrity);
    has_blob = c->blob_exists("forge/stream-damaged", img->blobs[1].desc.digest);
    REQUIRE(has_blob.ok());
    CHECK_FALSE(*has_blob);
}
