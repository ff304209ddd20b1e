// skopeo (containers/image) reads the image layouts libforge writes, and libforge reads the
// layouts skopeo writes.
#include <catch2/catch.hpp>
#include <string>

#include "oci/layout.hpp"
#include "oci/media_types.hpp"
#include "oci/release_image.hpp"
#include "oci/tar_reader.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

using namespace forge::oci;
using forge::test::run_command;
using forge::test::spawn_options;

namespace {
image release_for_test(config_style style) {
    release_metadata meta;
    meta.repository = "monorepo";
    meta.project = "service";
    meta.number = 7;
    meta.trigger = "branch";
    meta.commit = std::string(40, '7');
    auto img = build_release_image(meta, {{"deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\n"}},
                                   release_image_options{style, 0});
    REQUIRE(img.ok());
    return std::move(img).value();
}

forge::test::command_result skopeo(std::vector<std::string> args) {
    spawn_options options;
    options.argv = {"/usr/bin/skopeo"};
    options.argv.insert(options.argv.end(), args.begin(), args.end());
    return run_command(options, std::chrono::seconds(60));
}
}  // namespace

TEST_CASE("skopeo inspects and copies a layout libforge wrote, and libforge reads skopeo's copy",
          "[integration][oci][skopeo]") {
    const auto style = GENERATE(config_style::empty, config_style::image_config);
    forge::test::temp_dir scratch("oci-skopeo");
    const auto ours = scratch.path() / "ours";
    const auto theirs = scratch.path() / "theirs";
    auto layout = image_layout::create(ours);
    REQUIRE(layout.ok());
    const image img = release_for_test(style);
    REQUIRE(layout->write_image(img, "v7").ok());

    const auto inspect = skopeo({"inspect", "--raw", "oci:" + ours.string() + ":v7"});
    INFO(inspect.output);
    REQUIRE(inspect.exit_code == 0);
    // --raw prints the manifest exactly as stored: our canonical bytes.
    CHECK(inspect.output == img.manifest_bytes);

    const auto copy = skopeo({"copy", "--quiet", "oci:" + ours.string() + ":v7", "oci:" + theirs.string() + ":v7"});
    INFO(copy.output);
    REQUIRE(copy.exit_code == 0);

    auto copied_layout = image_layout::open(theirs);
    REQUIRE(copied_layout.ok());
    CHECK(copied_layout->tags().value() == std::vector<std::string>{"v7"});
    auto copied = copied_layout->read_image("v7");
    REQUIRE(copied.ok());
    // The copy keeps the manifest byte for byte, so the digest (the release's identity) survives.
    CHECK(copied->manifest_descriptor.digest == img.manifest_descriptor.digest);
    REQUIRE(copied->manifest.layers.size() == 2);
    CHECK(copied->manifest.layers[1].media_type == media_type::release_resources);
    const blob *resources = copied->find_blob(copied->manifest.layers[1].digest);
    REQUIRE(resources);
    auto files = read_untrusted_tar(resources->bytes);
    REQUIRE(files.ok());
    REQUIRE(files->size() == 1);
    CHECK((*files)[0].path == "deployment.yaml");
}
