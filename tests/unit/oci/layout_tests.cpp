#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

#include "oci/layout.hpp"
#include "oci/media_types.hpp"
#include "oci/release_image.hpp"
#include "oci_test_support.hpp"

using namespace forge::oci;
namespace fs = std::filesystem;

namespace {
image sample_image(const std::string &commit) {
    release_metadata meta;
    meta.repository = "monorepo";
    meta.project = "service";
    meta.number = 1;
    meta.trigger = "branch";
    meta.commit = commit;
    auto img = build_release_image(meta, {{"deployment.yaml", "kind: Deployment\n"}});
    REQUIRE(img.ok());
    return std::move(img).value();
}

std::vector<std::string> stray_files(const fs::path &dir) {
    std::vector<std::string> out;
    for (const auto &e : fs::recursive_directory_iterator(dir))
        if (e.path().filename().string().find(".tmp-") != std::string::npos) out.push_back(e.path().string());
    return out;
}
}  // namespace

TEST_CASE("a created layout has oci-layout, index.json and blobs/sha256", "[oci][layout]") {
    test::scratch_dir scratch;
    auto layout = image_layout::create(scratch.path() / "store");
    REQUIRE(layout.ok());
    CHECK(fs::is_directory(scratch.path() / "store" / "blobs" / "sha256"));
    std::ifstream in(scratch.path() / "store" / "oci-layout");
    std::string text((std::istreambuf_iterator<char>(in)), {});
    CHECK(text == R"({"imageLayoutVersion":"1.0.0"})");
    CHECK(layout->tags().value().empty());
    CHECK(image_layout::open(scratch.path() / "store").ok());
    auto missing = image_layout::open(scratch.path() / "nothing");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.err().code == forge::status::not_found);
}

TEST_CASE("write, tag, resolve and read back an image", "[oci][layout]") {
    test::scratch_dir scratch;
    auto layout = image_layout::create(scratch.path());
    REQUIRE(layout.ok());
    const image img = sample_image(std::string(40, 'a'));
    auto written = layout->write_image(img, "v1");
    REQUIRE(written.ok());
    CHECK(written->digest == img.manifest_descriptor.digest);
    CHECK(fs::exists(layout->blob_path(img.manifest_descriptor.digest)));

    CHECK(layout->tags().value() == std::vector<std::string>{"v1"});
    auto by_tag = layout->resolve("v1");
    REQUIRE(by_tag.ok());
    CHECK(by_tag->digest == img.manifest_descriptor.digest);
    CHECK(by_tag->annotations.at(std::string(annotation::ref_name)) == "v1");
    auto by_digest = layout->resolve(img.manifest_descriptor.digest.str());
    REQUIRE(by_digest.ok());
    CHECK(by_digest->size == img.manifest_descriptor.size);
    CHECK(layout->resolve("").value().digest == img.manifest_descriptor.digest);  // the only image

    auto read = layout->read_image("v1");
    REQUIRE(read.ok());
    CHECK(read->manifest_bytes == img.manifest_bytes);
    REQUIRE(read->blobs.size() == img.blobs.size());
    for (std::size_t i = 0; i < img.blobs.size(); ++i) CHECK(read->blobs[i].bytes == img.blobs[i].bytes);

    auto missing = layout->resolve("v2");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.err().code == forge::status::not_found);
    CHECK(layout->resolve("bad tag!").err().code == forge::status::not_found);
}

TEST_CASE("re-tagging replaces the entry; other tags stay", "[oci][layout]") {
    test::scratch_dir scratch;
    auto layout = image_layout::create(scratch.path());
    REQUIRE(layout.ok());
    const image one = sample_image(std::string(40, 'a'));
    const image two = sample_image(std::string(40, 'b'));
    REQUIRE(layout->write_image(one, "latest").ok());
    REQUIRE(layout->write_image(one, "v1").ok());
    REQUIRE(layout->write_image(two, "latest").ok());
    CHECK(layout->index().value().manifests.size() == 2);
    CHECK(layout->resolve("latest").value().digest == two.manifest_descriptor.digest);
    CHECK(layout->resolve("v1").value().digest == one.manifest_descriptor.digest);
    REQUIRE(layout->untag("v1").ok());
    CHECK(layout->tags().value() == std::vector<std::string>{"latest"});
    CHECK(layout->untag("v1").err().code == forge::status::not_found);
}

TEST_CASE("a corrupted blob on disk is an integrity error and returns nothing", "[oci][layout]") {
    test::scratch_dir scratch;
    auto layout = image_layout::create(scratch.path());
    REQUIRE(layout.ok());
    const image img = sample_image(std::string(40, 'c'));
    REQUIRE(layout->write_image(img, "v1").ok());
    const descriptor &layer = img.manifest.layers[1];
    {
        // Flip one byte in place, keeping the size.
        std::fstream f(layout->blob_path(layer.digest), std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(10);
        f.put('\x7f');
    }
    auto blob = layout->read_blob(layer);
    REQUIRE_FALSE(blob.ok());
    CHECK(blob.err().code == forge::status::integrity);
    CHECK_THAT(blob.err().message, Catch::Contains(layer.digest.str()));
    auto whole = layout->read_image("v1");
    REQUIRE_FALSE(whole.ok());
    CHECK(whole.err().code == forge::status::integrity);

    // A blob that grew or shrank is caught by its size.
    {
        std::ofstream f(layout->blob_path(img.manifest.layers[0].digest), std::ios::app | std::ios::binary);
        f << "x";
    }
    auto longer = layout->read_blob(img.manifest.layers[0]);
    REQUIRE_FALSE(longer.ok());
    CHECK(longer.err().code == forge::status::integrity);
}

TEST_CASE("put_blob refuses bytes that do not match the descriptor", "[oci][layout]") {
    test::scratch_dir scratch;
    auto layout = image_layout::create(scratch.path());
    REQUIRE(layout.ok());
    descriptor d = descriptor::of("a/b", "hello");
    auto r = layout->put_blob(d, "hellO");
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == forge::status::integrity);
    CHECK_FALSE(layout->has_blob(d.digest));
}

TEST_CASE("atomic writes leave no temporary files behind", "[oci][layout]") {
    test::scratch_dir scratch;
    auto layout = image_layout::create(scratch.path());
    REQUIRE(layout.ok());
    for (int i = 0; i < 5; ++i)
        REQUIRE(layout->write_image(sample_image(std::string(40, 'a' + i)), "t" + std::to_string(i)).ok());
    CHECK(stray_files(scratch.path()).empty());
    // A failed write (the target is a directory) cleans up its temporary file too.
    const descriptor d = descriptor::of("a/b", "payload");
    fs::create_directories(layout->blob_path(d.digest) / "in-the-way");
    CHECK_FALSE(layout->put_blob(d, "payload").ok());
    CHECK(stray_files(scratch.path()).empty());
}

TEST_CASE("concurrent taggers in threads and processes lose no tag", "[oci][layout]") {
    test::scratch_dir scratch;
    auto layout = image_layout::create(scratch.path());
    REQUIRE(layout.ok());
    const image img = sample_image(std::string(40, 'd'));
    REQUIRE(layout->write_image(img, "").ok());

    constexpr int processes = 3;
    constexpr int threads = 3;
    constexpr int per_thread = 8;
    std::vector<pid_t> children;
    for (int p = 0; p < processes; ++p) {
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            bool ok = true;
            std::vector<std::thread> workers;
            std::vector<char> results(threads, 1);
            for (int t = 0; t < threads; ++t)
                workers.emplace_back([&, t] {
                    auto mine = image_layout::open(scratch.path());
                    if (!mine) {
                        results[t] = 0;
                        return;
                    }
                    for (int i = 0; i < per_thread; ++i) {
                        // Every writer also stores the same blobs: harmless by construction.
                        if (!mine->write_image(
                                img, "p" + std::to_string(p) + "-t" + std::to_string(t) + "-" + std::to_string(i)))
                            results[t] = 0;
                    }
                });
            for (auto &w : workers) w.join();
            for (char r : results) ok = ok && r;
            ::_exit(ok ? 0 : 1);
        }
        children.push_back(pid);
    }
    for (pid_t pid : children) {
        int st = 0;
        REQUIRE(::waitpid(pid, &st, 0) == pid);
        CHECK((WIFEXITED(st) && WEXITSTATUS(st) == 0));
    }
    CHECK(layout->tags().value().size() == processes * threads * per_thread);
    CHECK(stray_files(scratch.path()).empty());
}

TEST_CASE("copying an image between layouts", "[oci][layout]") {
    test::scratch_dir scratch;
    auto from = image_layout::create(scratch.path() / "a");
    auto to = image_layout::create(scratch.path() / "b");
    REQUIRE(from.ok());
    REQUIRE(to.ok());
    const image img = sample_image(std::string(40, 'e'));
    REQUIRE(from->write_image(img, "src").ok());
    auto copied = copy_image(*from, "src", *to, "dst");
    REQUIRE(copied.ok());
    CHECK(copied->digest == img.manifest_descriptor.digest);
    CHECK(to->read_image("dst").value().manifest_bytes == img.manifest_bytes);
}

TEST_CASE("layout references oci:DIR:tag and oci:DIR@sha256:...", "[oci][layout]") {
    auto tagged = parse_layout_reference("oci:/var/lib/forge/layout:v1.2");
    REQUIRE(tagged.ok());
    CHECK(tagged->dir == "/var/lib/forge/layout");
    CHECK(tagged->tag == "v1.2");
    CHECK_FALSE(tagged->digest);
    CHECK(tagged->str() == "oci:/var/lib/forge/layout:v1.2");

    const std::string hex(64, 'f');
    auto pinned = parse_layout_reference("oci:rel/dir@sha256:" + hex);
    REQUIRE(pinned.ok());
    CHECK(pinned->dir == "rel/dir");
    CHECK(pinned->digest->hex() == hex);
    CHECK(pinned->ref() == "sha256:" + hex);

    auto bare = parse_layout_reference("oci:dir");
    REQUIRE(bare.ok());
    CHECK(bare->ref().empty());

    for (const char *bad :
         {"docker://x", "oci:", "oci::tag", "oci:dir:bad tag", "oci:dir@sha256:123", "oci:dir@md5:abc"}) {
        INFO(bad);
        auto r = parse_layout_reference(bad);
        REQUIRE_FALSE(r.ok());
        CHECK(r.err().code == forge::status::invalid);
    }
}
