// Release rendering, numbering, aliases, immutability, show/list — in image-layout directories.
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "../oci/oci_test_support.hpp"
#include "gitops/release_store.hpp"
#include "release/releases.hpp"
#include "release/render.hpp"
#include "release/yaml_emit.hpp"

using namespace forge;
namespace json = boost::json;

namespace {

const std::string sha1(40, 'a');
const std::string sha2(40, 'b');
const std::string sha3(40, 'c');

json::array resources() {
    return json::parse(R"([
      {"apiVersion":"forge.projectcatalyst.io/v1alpha1","kind":"Deployment","metadata":{"name":"api"},
       "spec":{"image":"@artifact(api).image","tagged":"img=@artifact(api).digest!","replicas":2,"port":"8080",
               "flags":[true,"yes",{"k":"v","n":null}],"empty":{}}},
      {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"Cfg_Main"},"data":{"a":"multi\nline"}}
    ])")
        .as_array();
}

release::artifact_fields fields() {
    return {
        {"api", {{"image", "localhost:5000/acme/api/api:sha-" + sha1}, {"digest", "sha256:" + std::string(64, '1')}}}};
}

release::release_request request(const std::string &commit) {
    release::release_request r;
    r.repository = "acme";
    r.project = "api";
    r.commit = commit;
    r.trigger = "branch";
    r.branch = "feature/x";
    r.files = release::render_resources(resources(), fields()).value();
    return r;
}

}  // namespace

TEST_CASE("YAML emission quotes what would read back differently", "[release]") {
    auto v = json::parse(
        R"({"a":"8080","b":8080,"c":"true","d":"plain-text","e":"x: y","f":[],"g":[1,"2"],"h":"","i":1.5})");
    std::string y = release::to_yaml(v);
    CHECK(
        y ==
        "a: \"8080\"\nb: 8080\nc: \"true\"\nd: plain-text\ne: \"x: y\"\nf: []\ng:\n- 1\n- \"2\"\nh: \"\"\ni: 1.5E0\n");
}

TEST_CASE("render resolves @artifact placeholders and names files deterministically", "[release]") {
    auto files = release::render_resources(resources(), fields());
    REQUIRE(files.ok());
    REQUIRE(files->size() == 2);
    CHECK((*files)[0].name == "00-deployment-api.yaml");
    CHECK((*files)[1].name == "01-configmap-cfg_main.yaml");
    const std::string &y = (*files)[0].yaml;
    CHECK(y.find("image: \"localhost:5000/acme/api/api:sha-" + sha1 + "\"") != std::string::npos);
    CHECK(y.find("tagged: \"img=sha256:" + std::string(64, '1') + "!\"") != std::string::npos);
    CHECK(y.find("@artifact") == std::string::npos);
    CHECK((*files)[1].yaml.find("a: \"multi\\nline\"") != std::string::npos);
}

TEST_CASE("render refuses unknown artifacts and objects without a name", "[release]") {
    auto r = release::render_resources(resources(), {});
    REQUIRE(!r.ok());
    CHECK(r.err().message == "deploy.resources[0].spec.image: @artifact(\"api\") names no artifact of this release");
    release::render_options preview;
    preview.require_all = false;
    auto kept = release::render_resources(resources(), {}, preview);
    REQUIRE(kept.ok());
    CHECK((*kept)[0].yaml.find("\"@artifact(api).image\"") != std::string::npos);

    auto bad = json::parse(R"([{"apiVersion":"v1","kind":"ConfigMap","metadata":{}}])").as_array();
    auto e = release::render_resources(bad, {});
    REQUIRE(!e.ok());
    CHECK(e.err().message == "deploy.resources[0].metadata.name: must be a non-empty string");
}

TEST_CASE("releases are numbered without gaps, tagged with aliases, and immutable", "[release]") {
    oci::test::scratch_dir dir;
    auto store = release::layout_image_store(dir.path());
    CHECK(release::next_number(*store, "acme/api").value() == 1);

    auto r1 = release::create_release(*store, request(sha1));
    REQUIRE(r1.ok());
    CHECK(r1->number == 1);
    CHECK(r1->image == "oci:" + (dir.path() / "acme/api").string() + ":" + sha1);
    CHECK(r1->tags == std::vector<std::string>{sha1, "1", "feature-x-1"});

    auto again = release::create_release(*store, request(sha1));
    REQUIRE(!again.ok());
    CHECK(again.err().code == status::conflict);
    CHECK(again.err().message.find("already exists") != std::string::npos);

    auto req2 = request(sha2);
    req2.tag_alias = "v1.2.0";
    auto r2 = release::create_release(*store, req2);
    REQUIRE(r2.ok());
    CHECK(r2->number == 2);
    auto r3 = release::create_release(*store, request(sha3));
    REQUIRE(r3.ok());
    CHECK(r3->number == 3);

    // show by number, alias and SHA name the same release
    auto by_alias = release::show_release(*store, "acme", "api", "v1.2.0");
    REQUIRE(by_alias.ok());
    CHECK(by_alias->manifest.digest == r2->manifest.digest);
    CHECK(by_alias->files == std::vector<std::string>{"00-deployment-api.yaml", "01-configmap-cfg_main.yaml"});
    CHECK(by_alias->metadata.at("number").as_int64() == 2);
    auto by_number = release::show_release(*store, "acme", "api", "3");
    REQUIRE(by_number.ok());
    CHECK(by_number->manifest.digest == r3->manifest.digest);
    auto missing = release::show_release(*store, "acme", "api", "9");
    REQUIRE(!missing.ok());
    CHECK(missing.err().code == status::not_found);

    auto list = release::list_releases(*store, "acme", "api");
    REQUIRE(list.ok());
    REQUIRE(list->size() == 3);
    CHECK(list->at(1).as_object().at("commit").as_string() == sha2);

    // The GitOps release store reads what was written.
    auto where = gitops::parse_registry("oci:" + dir.path().string()).value();
    auto info = gitops::resolve_release(where, "acme", "api", "feature-x-3");
    REQUIRE(info.ok());
    CHECK(info->sha == sha3);
    CHECK(info->number == 3);
    CHECK(info->aliases.branch == std::optional<std::string>("feature-x-3"));
}

TEST_CASE("the same release inputs give the same digest", "[release]") {
    oci::test::scratch_dir a, b;
    auto sa = release::layout_image_store(a.path());
    auto sb = release::layout_image_store(b.path());
    auto ra = release::create_release(*sa, request(sha1));
    auto rb = release::create_release(*sb, request(sha1));
    REQUIRE(ra.ok());
    REQUIRE(rb.ok());
    CHECK(ra->manifest.digest == rb->manifest.digest);
}

TEST_CASE("branch aliases become valid tags", "[release]") {
    CHECK(release::branch_alias("main", 4) == "main-4");
    CHECK(release::branch_alias("feat/a b", 12) == "feat-a-b-12");
    CHECK(release::branch_alias("-x", 1) == "b-x-1");
    CHECK(release::branch_alias(std::string(200, 'a'), 7).size() == 128);
}

namespace {
// A store in front of a layout that refuses OCI 1.1 empty-config manifests, as some registries do.
class refuses_empty_config final : public release::image_store {
  public:
    explicit refuses_empty_config(std::filesystem::path root) : inner_(release::layout_image_store(std::move(root))) {}
    std::string name(std::string_view path) const override { return inner_->name(path); }
    result<std::optional<oci::descriptor>> find(std::string_view p, std::string_view t) override {
        return inner_->find(p, t);
    }
    result<oci::image> read(std::string_view p, std::string_view r) override { return inner_->read(p, r); }
    result<std::string> read_blob(std::string_view p, const oci::descriptor &d) override {
        return inner_->read_blob(p, d);
    }
    result<std::shared_ptr<void>> lock(std::string_view p) override { return inner_->lock(p); }
    result<oci::descriptor> write(std::string_view p, const oci::image &img,
                                  const std::vector<std::string> &tags) override {
        if (img.manifest.config.media_type == "application/vnd.oci.empty.v1+json")
            return make_error(status::invalid, "MANIFEST_INVALID: unknown config media type");
        return inner_->write(p, img, tags);
    }

  private:
    std::unique_ptr<release::image_store> inner_;
};
}  // namespace

TEST_CASE("a store that refuses the empty config gets the image-config spelling", "[release]") {
    oci::test::scratch_dir dir;
    refuses_empty_config store(dir.path());
    auto r = release::create_release(store, request(sha1));
    REQUIRE(r.ok());
    auto shown = release::show_release(store, "acme", "api", "1");
    REQUIRE(shown.ok());
    auto img = store.read("acme/api", "1");
    REQUIRE(img.ok());
    CHECK(img->manifest.config.media_type == "application/vnd.oci.image.config.v1+json");
    CHECK(img->manifest.artifact_type == std::optional<std::string>("application/vnd.forge.release.v1"));
}
