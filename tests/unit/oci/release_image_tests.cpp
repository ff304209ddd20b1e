#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "oci/attestation.hpp"
#include "oci/canonical_json.hpp"
#include "oci/media_types.hpp"
#include "oci/release_image.hpp"
#include "oci/tar_reader.hpp"
#include "oci/tracking_image.hpp"

using namespace forge::oci;
namespace json = boost::json;

namespace {
release_metadata sample_metadata() {
    release_metadata m;
    m.repository = "monorepo";
    m.project = "service";
    m.number = 42;
    m.aliases.numeric = 42;
    m.aliases.branch = "main-42";
    m.trigger = "branch";
    m.trigger_ref = "refs/heads/main";
    m.source_url = "https://example.com/org/monorepo.git";
    m.commit = std::string(40, 'a');
    m.artifacts.push_back({"api", "registry.example.com/monorepo/service/api:sha-" + m.commit, digest::of("manifest")});
    return m;
}

std::vector<resource_file> sample_resources() {
    return {{"service-deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: service\n"},
            {"service-svc.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: service\n"}};
}

json::value parse(const std::string &text) {
    return parse_json(text, "test").value();
}

artifact_metadata sample_artifact() {
    artifact_metadata a;
    a.name = "api";
    a.type = "binary";
    a.repository = "monorepo";
    a.project = "service";
    a.commit = std::string(40, 'b');
    a.locations = {"s3://bucket/api"};
    a.pipeline_run = "run-1";
    a.producer = "binary";
    return a;
}

sbom_document sample_sbom() {
    sbom_document s;
    s.source_name = "api";
    s.components.push_back({"api", std::string("1.0.0"), "binary", {"bin/api"}, digest::of("binary bytes")});
    return s;
}

provenance sample_provenance() {
    provenance p;
    p.subjects.push_back({"api", digest::of("binary bytes")});
    p.builder_id = "https://forge.projectcatalyst.io/builders/embedded";
    p.source_repository = "https://example.com/org/monorepo.git";
    p.source_commit = std::string(40, 'b');
    p.source_ref = "refs/heads/main";
    p.run_id = "run-1";
    p.started_on = "2024-01-01T00:00:00Z";
    p.finished_on = "2024-01-01T00:01:00Z";
    return p;
}
}  // namespace

TEST_CASE("release image: two layers with media types, annotations and artifactType", "[oci][release]") {
    auto img = build_release_image(sample_metadata(), sample_resources());
    REQUIRE(img.ok());
    CHECK(verify_image(*img).ok());
    const auto &m = img->manifest;
    CHECK(m.artifact_type == std::string(media_type::release_artifact));
    CHECK(m.config.media_type == media_type::empty);
    REQUIRE(m.layers.size() == 2);
    CHECK(m.layers[0].media_type == "application/vnd.forge.release.metadata.v1+json");
    CHECK(m.layers[0].annotations.at("org.catalyst-forge.layer.type") == "metadata");
    CHECK(m.layers[1].media_type == "application/vnd.forge.release.resources.v1+tar");
    CHECK(m.layers[1].annotations.at("org.catalyst-forge.layer.type") == "resources");
    CHECK(m.annotations.at(std::string(annotation::revision)) == std::string(40, 'a'));

    const json::value meta = parse(img->blobs[1].bytes);
    CHECK(meta.at("number").as_int64() == 42);
    CHECK(meta.at("aliases").at("branch").as_string() == "main-42");
    CHECK(meta.at("source").at("commit").as_string() == std::string(40, 'a'));
    CHECK(meta.at("artifacts").at(0).at("digest").as_string() == digest::of("manifest").str());

    tar_read_limits limits;
    limits.require_yaml_names = true;
    auto files = read_untrusted_tar(img->blobs[2].bytes, limits);
    REQUIRE(files.ok());
    REQUIRE(files->size() == 2);
    CHECK((*files)[0].path == "service-deployment.yaml");
}

TEST_CASE("release image: the same inputs give the same manifest digest", "[oci][release]") {
    auto one = build_release_image(sample_metadata(), sample_resources());
    auto resources = sample_resources();
    std::reverse(resources.begin(), resources.end());
    auto two = build_release_image(sample_metadata(), resources);
    REQUIRE(one.ok());
    REQUIRE(two.ok());
    CHECK(one->manifest_descriptor.digest == two->manifest_descriptor.digest);
    CHECK(one->manifest_bytes == two->manifest_bytes);

    auto changed_meta = sample_metadata();
    changed_meta.number = 43;
    CHECK(build_release_image(changed_meta, sample_resources()).value().manifest_descriptor.digest !=
          one->manifest_descriptor.digest);
    auto changed_files = sample_resources();
    changed_files[0].yaml += "# changed\n";
    CHECK(build_release_image(sample_metadata(), changed_files).value().manifest_descriptor.digest !=
          one->manifest_descriptor.digest);
}

TEST_CASE("release image: fallback config style and input errors", "[oci][release]") {
    auto img = build_release_image(sample_metadata(), sample_resources(), {config_style::image_config, 0});
    REQUIRE(img.ok());
    CHECK(img->manifest.config.media_type == media_type::image_config);
    CHECK(img->manifest.artifact_type == std::string(media_type::release_artifact));
    CHECK(parse_image_config(img->blobs[0].bytes).ok());

    auto bad_name = build_release_image(sample_metadata(), {{"notes.txt", "x"}});
    REQUIRE_FALSE(bad_name.ok());
    CHECK_THAT(bad_name.err().message, Catch::Contains("notes.txt"));
    auto no_commit = sample_metadata();
    no_commit.commit.clear();
    auto r = build_release_image(no_commit, sample_resources());
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.err().message, Catch::Contains("field commit"));
}

TEST_CASE("tracking image: metadata, syft SBOM and in-toto statement layers", "[oci][tracking]") {
    auto img = build_tracking_image(sample_artifact(), sample_sbom(), sample_provenance());
    REQUIRE(img.ok());
    CHECK(verify_image(*img).ok());
    const auto &m = img->manifest;
    CHECK(m.artifact_type == std::string(media_type::artifact_tracking));
    REQUIRE(m.layers.size() == 3);
    CHECK(m.layers[0].media_type == "application/vnd.forge.artifact.metadata.v1+json");
    CHECK(m.layers[1].media_type == "application/vnd.syft+json");
    CHECK(m.layers[2].media_type == "application/vnd.in-toto+json");

    const json::value meta = parse(img->blobs[1].bytes);
    CHECK(meta.at("pipelineRun").as_string() == "run-1");
    CHECK(meta.at("type").as_string() == "binary");

    const json::value sbom = parse(img->blobs[2].bytes);
    const auto &artifact = sbom.at("artifacts").at(0);
    CHECK(artifact.at("name").as_string() == "api");
    CHECK(artifact.at("version").as_string() == "1.0.0");
    CHECK(artifact.at("type").as_string() == "binary");
    CHECK(artifact.at("locations").at(0).at("path").as_string() == "bin/api");
    CHECK(artifact.at("metadata").at("digests").at(0).at("algorithm").as_string() == "sha256");
    CHECK(artifact.at("metadata").at("digests").at(0).at("value").as_string() == digest::of("binary bytes").hex());
    CHECK(sbom.at("files").at(0).at("digests").at(0).at("value").as_string() == digest::of("binary bytes").hex());

    const json::value st = parse(img->blobs[3].bytes);
    CHECK(st.at("_type").as_string() == "https://in-toto.io/Statement/v1");
    CHECK(st.at("predicateType").as_string() == "https://slsa.dev/provenance/v1");
    CHECK(st.at("subject").at(0).at("digest").at("sha256").as_string() == digest::of("binary bytes").hex());
    const auto &pred = st.at("predicate");
    CHECK(pred.at("buildDefinition").at("buildType").as_string().size() > 0);
    CHECK(pred.at("buildDefinition").at("externalParameters").at("source").at("digest").at("gitCommit").as_string() ==
          std::string(40, 'b'));
    CHECK(pred.at("buildDefinition").at("resolvedDependencies").at(0).at("uri").as_string() ==
          "git+https://example.com/org/monorepo.git@refs/heads/main");
    CHECK(pred.at("runDetails").at("builder").at("id").as_string() ==
          "https://forge.projectcatalyst.io/builders/embedded");
    CHECK(pred.at("runDetails").at("metadata").at("invocationId").as_string() == "run-1");
    CHECK(pred.at("runDetails").at("metadata").at("startedOn").as_string() == "2024-01-01T00:00:00Z");
    CHECK(pred.at("runDetails").at("metadata").at("finishedOn").as_string() == "2024-01-01T00:01:00Z");

    auto again = build_tracking_image(sample_artifact(), sample_sbom(), sample_provenance());
    CHECK(again.value().manifest_descriptor.digest == img->manifest_descriptor.digest);
}

TEST_CASE("tracking image inputs are validated", "[oci][tracking]") {
    auto bad_type = sample_artifact();
    bad_type.type = "rpm";
    CHECK_THAT(build_tracking_image(bad_type, sample_sbom(), sample_provenance()).err().message,
               Catch::Contains("field type"));
    auto no_builder = sample_provenance();
    no_builder.builder_id.clear();
    CHECK_THAT(in_toto_statement_json(no_builder).err().message, Catch::Contains("builder_id"));
    auto no_digest = sample_sbom();
    no_digest.components[0].digest = digest();
    CHECK_THAT(syft_sbom_json(no_digest).err().message, Catch::Contains("components[0].digest"));
}
