// Crafted entries name only the fields that matter for each case; the rest keep their defaults.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include <catch2/catch.hpp>
#include <chrono>

#include "oci/digest.hpp"
#include "oci/tar_reader.hpp"
#include "oci/tar_writer.hpp"
#include "oci_test_support.hpp"

using namespace forge::oci;
using test::craft_tar;
using test::crafted_entry;

namespace {
void check_refused(const std::string &archive, const tar_read_limits &limits, forge::status code,
                   const std::string &says) {
    auto r = read_untrusted_tar(archive, limits);
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == code);
    CHECK_THAT(r.err().message, Catch::Contains(says));
}
}  // namespace

TEST_CASE("deterministic tar: same files in any order give the same bytes", "[oci][tar]") {
    std::vector<tar_file> files{
        {"b.yaml", "kind: B\n"}, {"a.yaml", "kind: A\n"}, {"dir/c.yml", std::string(3000, 'c')}};
    auto first = write_deterministic_tar(files);
    std::reverse(files.begin(), files.end());
    auto second = write_deterministic_tar(files);
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    CHECK(*first == *second);
    CHECK(digest::of(*first) == digest::of(*second));
    CHECK(first->size() % 512 == 0);

    auto other_time = write_deterministic_tar(files, tar_write_options{1700000000});
    REQUIRE(other_time.ok());
    CHECK(*other_time != *first);

    // Read back: sorted, normalised, contents intact.
    auto read = read_untrusted_tar(*first);
    REQUIRE(read.ok());
    REQUIRE(read->size() == 3);
    CHECK((*read)[0].path == "a.yaml");
    CHECK((*read)[1].path == "b.yaml");
    CHECK((*read)[2].path == "dir/c.yml");
    CHECK((*read)[2].content == std::string(3000, 'c'));
}

TEST_CASE("deterministic tar headers carry fixed mode, owner and time", "[oci][tar]") {
    auto bytes = write_deterministic_tar({{"x.yaml", "x"}}, tar_write_options{0});
    REQUIRE(bytes.ok());
    const std::string header = bytes->substr(0, 512);
    CHECK(header.substr(0, 6) == std::string("x.yaml"));
    CHECK(header.substr(100, 6) == "000644");                   // mode
    CHECK(header.substr(108, 6) == "000000");                   // uid
    CHECK(header.substr(116, 6) == "000000");                   // gid
    CHECK(header.substr(136, 11) == "00000000000");             // mtime
    CHECK(header.substr(257, 6) == std::string("ustar\0", 6));  // ustar magic, no pax header
    CHECK(header[156] == '0');                                  // regular file
}

TEST_CASE("deterministic tar refuses unsafe or duplicate names", "[oci][tar]") {
    for (const char *bad : {"/abs.yaml", "../up.yaml", "a/../b.yaml", "", "sp ace.yaml", "back\\slash.yaml"}) {
        INFO(bad);
        CHECK_FALSE(write_deterministic_tar({{bad, "x"}}).ok());
    }
    auto dup = write_deterministic_tar({{"a.yaml", "1"}, {"./a.yaml", "2"}});
    REQUIRE_FALSE(dup.ok());
    CHECK_THAT(dup.err().message, Catch::Contains("duplicate"));
}

TEST_CASE("untrusted tar: path rules", "[oci][tar]") {
    const tar_read_limits limits;
    check_refused(craft_tar({{.path = "/etc/passwd.yaml", .data = "x"}}), limits, forge::status::invalid, "absolute");
    check_refused(craft_tar({{.path = "../x.yaml", .data = "x"}}), limits, forge::status::invalid, "'..'");
    check_refused(craft_tar({{.path = "a/../../x.yaml", .data = "x"}}), limits, forge::status::invalid, "'..'");
    check_refused(craft_tar({{.path = "a\x01.yaml", .data = "x"}}), limits, forge::status::invalid, "control");
    check_refused(craft_tar({{.path = std::string(300, 'a') + ".yaml", .data = "x"}}), limits, forge::status::limit,
                  "longer than");
    // The message names the entry and its position.
    check_refused(craft_tar({{.path = "ok.yaml", .data = "x"}, {.path = "../x.yaml", .data = "x"}}), limits,
                  forge::status::invalid, "tar entry 2 \"../x.yaml\"");
}

TEST_CASE("untrusted tar: links, devices, fifos, directories", "[oci][tar]") {
    const tar_read_limits limits;
    check_refused(craft_tar({{.path = "l.yaml", .type = AE_IFLNK, .link = "/etc/shadow"}}), limits,
                  forge::status::invalid, "symbolic links");
    check_refused(craft_tar({{.path = "a.yaml", .data = "x"}, {.path = "h.yaml", .link = "a.yaml", .hardlink = true}}),
                  limits, forge::status::invalid, "hard links");
    check_refused(craft_tar({{.path = "dev.yaml", .type = AE_IFCHR}}), limits, forge::status::invalid, "device");
    check_refused(craft_tar({{.path = "blk.yaml", .type = AE_IFBLK}}), limits, forge::status::invalid, "device");
    check_refused(craft_tar({{.path = "fifo.yaml", .type = AE_IFIFO}}), limits, forge::status::invalid, "fifos");
    check_refused(craft_tar({{.path = "dir", .type = AE_IFDIR}}), limits, forge::status::invalid, "directories");

    tar_read_limits with_dirs;
    with_dirs.allow_directories = true;
    auto r = read_untrusted_tar(craft_tar({{.path = "dir", .type = AE_IFDIR}, {.path = "dir/a.yaml", .data = "x"}}),
                                with_dirs);
    REQUIRE(r.ok());
    REQUIRE(r->size() == 1);
    CHECK((*r)[0].path == "dir/a.yaml");
}

TEST_CASE("untrusted tar: duplicates and non-YAML names", "[oci][tar]") {
    tar_read_limits limits;
    check_refused(craft_tar({{.path = "a.yaml", .data = "1"}, {.path = "./a.yaml", .data = "2"}}), limits,
                  forge::status::invalid, "duplicate path");
    CHECK(read_untrusted_tar(craft_tar({{.path = "notes.txt", .data = "x"}}), limits).ok());
    limits.require_yaml_names = true;
    check_refused(craft_tar({{.path = "a.yaml", .data = "x"}, {.path = "notes.txt", .data = "x"}}), limits,
                  forge::status::invalid, "\"notes.txt\": only .yaml and .yml");
    CHECK(
        read_untrusted_tar(craft_tar({{.path = "a.yaml", .data = "x"}, {.path = "b.yml", .data = "y"}}), limits).ok());
}

TEST_CASE("untrusted tar: a 1 GiB declared entry is refused from its header", "[oci][tar]") {
    std::string archive = craft_tar({{.path = "huge.yaml", .data = "x"}}, {.pax = false});
    test::patch_ustar_size(archive, 0, std::uint64_t(1) << 30);
    check_refused(archive, tar_read_limits{}, forge::status::limit, "per-entry limit");

    // Even with a per-entry cap above it, the total cap refuses it before any data is read.
    tar_read_limits limits;
    limits.max_entry_bytes = std::uint64_t(2) << 30;
    check_refused(archive, limits, forge::status::limit, "expands to more than");
}

TEST_CASE("untrusted tar: a gzip bomb stops at the cap, quickly", "[oci][tar]") {
    // 200 MB of zeros in 25 entries of 8 MB each, gzip-compressed to a few hundred KB.
    std::vector<crafted_entry> entries;
    for (int i = 0; i < 25; ++i) entries.push_back({.path = "z" + std::to_string(i) + ".yaml", .zero_bytes = 8u << 20});
    const std::string bomb = craft_tar(entries, {.gzip = true});
    CHECK(bomb.size() < 2u << 20);

    tar_read_limits limits;
    limits.max_total_bytes = 32u << 20;
    const auto start = std::chrono::steady_clock::now();
    check_refused(bomb, limits, forge::status::limit, "expands to more than 33554432 bytes");
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(elapsed < std::chrono::seconds(5));
}

TEST_CASE("untrusted tar: too many entries", "[oci][tar]") {
    std::vector<crafted_entry> entries;
    for (int i = 0; i < 20; ++i) entries.push_back({.path = "f" + std::to_string(i) + ".yaml", .data = "x"});
    tar_read_limits limits;
    limits.max_entries = 10;
    check_refused(craft_tar(entries), limits, forge::status::limit, "more than 10 entries");
    limits.max_entries = 20;
    CHECK(read_untrusted_tar(craft_tar(entries), limits).ok());
}

TEST_CASE("untrusted tar: garbage and truncated input", "[oci][tar]") {
    check_refused(std::string(1024, 'x'), tar_read_limits{}, forge::status::invalid, "tar:");
    std::string archive = craft_tar({{.path = "a.yaml", .data = std::string(5000, 'a')}}, {.pax = false});
    archive.resize(1024);
    auto r = read_untrusted_tar(archive);
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == forge::status::invalid);
    tar_read_limits no_gzip;
    no_gzip.allow_gzip = false;
    CHECK_FALSE(read_untrusted_tar(craft_tar({{.path = "a.yaml", .data = "x"}}, {.gzip = true}), no_gzip).ok());
    CHECK(read_untrusted_tar(craft_tar({{.path = "a.yaml", .data = "x"}}, {.gzip = true})).ok());
}
