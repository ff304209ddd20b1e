// Container artifacts saved as docker-archive tarballs become OCI images.
#include <catch2/catch.hpp>

#include "oci/media_types.hpp"
#include "oci/tar_writer.hpp"
#include "release/docker_archive.hpp"

using namespace forge;

TEST_CASE("a docker-archive tarball becomes an OCI image with the same config and layers", "[release]") {
    const std::string config = R"({"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}})";
    const std::string layer = std::string(1024, '\0');
    auto tar = oci::write_deterministic_tar(
        {{"manifest.json", R"([{"Config":"c.json","RepoTags":["x:1"],"Layers":["l1/layer.tar"]}])"},
         {"c.json", config},
         {"l1/layer.tar", layer}});
    REQUIRE(tar.ok());
    auto img = release::image_from_docker_archive(*tar);
    REQUIRE(img.ok());
    CHECK(img->manifest.config.media_type == oci::media_type::image_config);
    CHECK(img->manifest.config.digest == oci::digest::of(config));
    REQUIRE(img->manifest.layers.size() == 1);
    CHECK(img->manifest.layers[0].digest == oci::digest::of(layer));
    CHECK(img->manifest.layers[0].media_type == oci::media_type::layer_tar);

    auto missing = oci::write_deterministic_tar(
        {{"manifest.json", R"([{"Config":"c.json","Layers":["gone.tar"]}])"}, {"c.json", config}});
    REQUIRE(missing.ok());
    auto bad = release::image_from_docker_archive(*missing);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.err().message == "docker archive: gone.tar is missing");
    auto not_tar = release::image_from_docker_archive("not a tarball");
    CHECK_FALSE(not_tar.ok());
}
