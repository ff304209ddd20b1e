// staged_blob (streamed writes into a layout) and blob_file (streamed reads from one).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "oci/blob_file.hpp"
#include "oci/layout.hpp"
#include "oci/media_types.hpp"
#include "oci/staged_blob.hpp"
#include "oci_test_support.hpp"

using namespace forge;
using namespace forge::oci;
namespace fs = std::filesystem;

namespace {
std::size_t entries(const fs::path &dir) {
    std::size_t n = 0;
    for (auto it = fs::directory_iterator(dir); it != fs::directory_iterator(); ++it) ++n;
    return n;
}

std::string pattern_bytes(std::size_t n) {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 131) ^ (i >> 9));
    return s;
}
}  // namespace

TEST_CASE("a staged blob is visible only once committed, and removed when dropped", "[oci][layout]") {
    test::scratch_dir scratch;
    auto layout = image_layout::create(scratch.path() / "store");
    REQUIRE(layout.ok());
    const fs::path blobs = scratch.path() / "store" / "blobs" / "sha256";
    const std::string bytes = pattern_bytes(20u << 20);  // crosses the writeback step a few times
    const descriptor d = descriptor::of(media_type::layer_tar, bytes);

    {
        auto staged = staged_blob::create(*layout, d);
        REQUIRE(staged.ok());
        REQUIRE(staged->write(std::string_view(bytes).substr(0, 1000)).ok());
        CHECK(entries(blobs) == 1);  // the hidden temporary file
        CHECK_FALSE(layout->has_blob(d.digest));
    }
    CHECK(entries(blobs) == 0);  // dropped uncommitted: gone

    auto staged = staged_blob::create(*layout, d);
    REQUIRE(staged.ok());
    REQUIRE(staged->write("garbage that will be thrown away").ok());
    REQUIRE(staged->restart().ok());
    // A short blob is refused at commit.
    REQUIRE(staged->write(std::string_view(bytes).substr(0, 5)).ok());
    auto short_commit = staged->commit_verified();
    REQUIRE_FALSE(short_commit.ok());
    CHECK(short_commit.err().code == status::integrity);
    REQUIRE(staged->restart().ok());
    for (std::size_t off = 0; off < bytes.size(); off += 1u << 20)
        REQUIRE(staged->write(std::string_view(bytes).substr(off, 1u << 20)).ok());
    CHECK(staged->written() == bytes.size());
    REQUIRE(staged->commit_verified().ok());
    REQUIRE(sync_blob_directory(*layout).ok());
    CHECK(entries(blobs) == 1);
    auto back = layout->read_blob(d);
    REQUIRE(back.ok());
    CHECK(*back == bytes);
}

TEST_CASE("a blob file reads a layout blob in pieces and checks its size", "[oci][layout]") {
    test::scratch_dir scratch;
    auto layout = image_layout::create(scratch.path() / "store");
    REQUIRE(layout.ok());
    const std::string bytes = pattern_bytes(300000);
    const descriptor d = descriptor::of(media_type::layer_tar, bytes);
    REQUIRE(layout->put_blob(d, bytes).ok());

    auto file = blob_file::open(*layout, d);
    REQUIRE(file.ok());
    std::string got;
    char buf[65536];
    for (;;) {
        auto n = file->read(buf, sizeof buf);
        REQUIRE(n.ok());
        if (*n == 0) break;
        got.append(buf, *n);
    }
    CHECK(got == bytes);
    REQUIRE(file->rewind().ok());
    auto first = file->read(buf, 10);
    REQUIRE(first.ok());
    CHECK(std::string(buf, *first) == bytes.substr(0, 10));

    descriptor wrong_size = d;
    wrong_size.size += 1;
    auto refused = blob_file::open(*layout, wrong_size);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.err().code == status::integrity);
    auto missing = blob_file::open(*layout, descriptor::of(media_type::layer_tar, "absent"));
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.err().code == status::not_found);
}

TEST_CASE("reading a layout blob hashes it while reading and catches a grown or damaged file", "[oci][layout]") {
    test::scratch_dir scratch;
    auto layout = image_layout::create(scratch.path() / "store");
    REQUIRE(layout.ok());
    const std::string bytes = pattern_bytes(3u << 20);
    const descriptor d = descriptor::of(media_type::layer_tar, bytes);
    REQUIRE(layout->put_blob(d, bytes).ok());
    auto ok = layout->read_blob(d);
    REQUIRE(ok.ok());
    CHECK(*ok == bytes);

    std::ofstream(layout->blob_path(d.digest), std::ios::binary | std::ios::app) << "x";
    auto grown = layout->read_blob(d);
    REQUIRE_FALSE(grown.ok());
    CHECK(grown.err().code == status::integrity);

    std::string damaged = bytes;
    damaged[12345] ^= 0x40;
    {
        std::ofstream f(layout->blob_path(d.digest), std::ios::binary | std::ios::trunc);
        f.write(damaged.data(), static_cast<std::streamsize>(damaged.size()));
    }
    auto bad = layout->read_blob(d);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.err().code == status::integrity);
}
