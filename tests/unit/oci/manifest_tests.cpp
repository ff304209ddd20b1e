#include <catch2/catch.hpp>
#include <string>

#include "oci/canonical_json.hpp"
#include "oci/image.hpp"
#include "oci/media_types.hpp"
#include "oci/types.hpp"

using namespace forge::oci;

namespace {
image_manifest sample_manifest() {
    image_manifest m;
    m.artifact_type = "application/vnd.example.thing.v1";
    m.config = empty_descriptor();
    m.layers.push_back(descriptor::of("application/vnd.example.layer.v1+json", "{\"a\":1}"));
    m.layers.back().annotations = {{"org.opencontainers.image.title", "a.json"}, {"b", "2"}};
    m.layers.push_back(descriptor::of("application/vnd.oci.image.layer.v1.tar", "tarbytes"));
    m.layers.back().urls = {"https://example.com/x"};
    m.annotations = {{"z", "last"}, {"a", "first"}};
    return m;
}
}  // namespace

TEST_CASE("the empty descriptor is the OCI 1.1 one", "[oci][manifest]") {
    const descriptor d = empty_descriptor();
    CHECK(d.media_type == "application/vnd.oci.empty.v1+json");
    CHECK(d.size == 2);
    CHECK(d.digest.str() == "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
}

TEST_CASE("manifest JSON is canonical: sorted keys, no whitespace", "[oci][manifest]") {
    image_manifest m;
    m.artifact_type = "application/vnd.example.thing.v1";
    m.config = empty_descriptor();
    m.annotations = {{"k", "v"}};
    auto bytes = encode(m);
    REQUIRE(bytes.ok());
    CHECK(
        *bytes ==
        R"({"annotations":{"k":"v"},"artifactType":"application/vnd.example.thing.v1","config":{"digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","mediaType":"application/vnd.oci.empty.v1+json","size":2},"layers":[],"mediaType":"application/vnd.oci.image.manifest.v1+json","schemaVersion":2})");
}

TEST_CASE("manifest round trip: parse(encode(m)) encodes to the same bytes", "[oci][manifest]") {
    auto first = encode(sample_manifest());
    REQUIRE(first.ok());
    auto parsed = parse_image_manifest(*first);
    REQUIRE(parsed.ok());
    CHECK(parsed->artifact_type == sample_manifest().artifact_type);
    REQUIRE(parsed->layers.size() == 2);
    CHECK(parsed->layers[0].annotations.at("b") == "2");
    CHECK(parsed->layers[1].urls == std::vector<std::string>{"https://example.com/x"});
    auto second = encode(*parsed);
    REQUIRE(second.ok());
    CHECK(*second == *first);
}

TEST_CASE("canonical JSON does not depend on the input's key order or spacing", "[oci][manifest]") {
    const std::string a = R"({"b": 1, "a": {"y": [1, 2, {"q": true, "p": null}], "x": "s"}})";
    const std::string b = R"({"a":{"x":"s","y":[1,2,{"p":null,"q":true}]},"b":1})";
    auto va = parse_json(a, "a");
    auto vb = parse_json(b, "b");
    REQUIRE(va.ok());
    REQUIRE(vb.ok());
    CHECK(canonical_json(*va).value() == b);
    CHECK(canonical_json(*vb).value() == b);
    auto floating = parse_json(R"({"n":1.5})", "f");
    REQUIRE(floating.ok());
    auto refused = canonical_json(*floating);
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.err().message, Catch::Contains("$.n"));
}

TEST_CASE("reading a manifest names the offending field", "[oci][manifest]") {
    const std::string digest_a = "sha256:" + std::string(64, 'a');
    struct bad_case {
        std::string json;
        std::string says;
    };
    const bad_case cases[] = {
        {"[]", "must be an object"},
        {"{\"schemaVersion\":1}", "schemaVersion: must be 2"},
        {"{\"schemaVersion\":2}", "field config: is required"},
        {"{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"" + digest_a +
             "\",\"size\":-1},\"layers\":[]}",
         "config.size"},
        {"{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"" + digest_a +
             "\",\"size\":1},\"layers\":[{\"mediaType\":\"a/b\",\"digest\":\"md5:00\",\"size\":1}]}",
         "layers[0].digest"},
        {"{\"schemaVersion\":2,\"config\":{\"mediaType\":\"not a type\",\"digest\":\"" + digest_a +
             "\",\"size\":1},\"layers\":[]}",
         "config.mediaType"},
        {"{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"" + digest_a + "\",\"size\":1}}",
         "layers: is required"},
        {"{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"config\":{\"mediaType\":\"a/"
         "b\","
         "\"digest\":\"" +
             digest_a + "\",\"size\":1},\"layers\":[]}",
         "mediaType: must be application/vnd.oci.image.manifest.v1+json"},
        {"{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" +
             digest_a + "\",\"size\":2},\"layers\":[]}",
         "artifactType: is required"},
        {"{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"" + digest_a +
             "\",\"size\":1},\"layers\":[],\"annotations\":{\"k\":1}}",
         "annotations.k: must be a string"},
        {"{\"schemaVersion\":2} trailing", "unexpected data"},
        {"{\"schemaVersion\":", "invalid JSON"},
    };
    for (const auto &c : cases) {
        INFO(c.json);
        auto r = parse_image_manifest(c.json);
        REQUIRE_FALSE(r.ok());
        CHECK(r.err().code == forge::status::invalid);
        CHECK_THAT(r.err().message, Catch::Contains(c.says));
    }
}

TEST_CASE("unknown fields are ignored, foreign manifests parse", "[oci][manifest]") {
    const std::string text = R"({
      "schemaVersion": 2,
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": 7023,
                 "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7"},
      "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "size": 32654,
                  "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0",
                  "somethingNew": {"x": 1}}],
      "subject": {"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 7682,
                  "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270"},
      "annotations": {"com.example.key1": "value1"}
    })";
    auto m = parse_image_manifest(text);
    REQUIRE(m.ok());
    CHECK(m->config.size == 7023);
    REQUIRE(m->subject);
    CHECK(m->subject->size == 7682);
    CHECK(m->annotations.at("com.example.key1") == "value1");
}

TEST_CASE("image index and config round trip", "[oci][manifest]") {
    image_index index;
    descriptor d = descriptor::of(std::string(media_type::image_manifest), "manifest");
    d.annotations[std::string(annotation::ref_name)] = "v1";
    d.platform = platform{"amd64", "linux", std::nullopt, {}, std::nullopt};
    index.manifests.push_back(d);
    auto bytes = encode(index);
    REQUIRE(bytes.ok());
    auto parsed = parse_image_index(*bytes);
    REQUIRE(parsed.ok());
    REQUIRE(parsed->manifests.size() == 1);
    CHECK(parsed->manifests[0].platform->architecture == "amd64");
    CHECK(encode(*parsed).value() == *bytes);

    auto config = artifact_config(config_style::image_config, "application/vnd.example.thing.v1");
    REQUIRE(config.ok());
    CHECK(config->desc.media_type == media_type::image_config);
    auto parsed_config = parse_image_config(config->bytes);
    REQUIRE(parsed_config.ok());
    CHECK(parsed_config->labels.at(std::string(annotation::artifact_type)) == "application/vnd.example.thing.v1");
    CHECK(parsed_config->diff_ids.empty());
}

TEST_CASE("assembled images verify, and a tampered blob does not", "[oci][manifest]") {
    std::vector<blob> layers{make_layer("application/vnd.example.layer.v1+json", "{\"a\":1}")};
    auto img = assemble_image("application/vnd.example.thing.v1", artifact_config(config_style::empty, "x/y").value(),
                              layers, {});
    REQUIRE(img.ok());
    CHECK(verify_image(*img).ok());
    CHECK(img->manifest_descriptor.digest == forge::oci::digest::of(img->manifest_bytes));
    img->blobs[1].bytes[1] = 'b';
    auto r = verify_image(*img);
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == forge::status::integrity);
}
