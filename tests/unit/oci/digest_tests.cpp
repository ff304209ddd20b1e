#include <catch2/catch.hpp>
#include <string>

#include "oci/digest.hpp"

using forge::oci::digest;

TEST_CASE("sha256 digests of known inputs", "[oci][digest]") {
    CHECK(digest::of("").str() == "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(digest::of("{}").str() == "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    CHECK(digest::of("abc").hex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("the streaming hasher equals the one-shot digest", "[oci][digest]") {
    const std::string text(100000, 'x');
    forge::oci::sha256_hasher hasher;
    for (std::size_t i = 0; i < text.size(); i += 999) hasher.update(std::string_view(text).substr(i, 999));
    CHECK(hasher.bytes() == text.size());
    CHECK(hasher.finish() == digest::of(text));
}

TEST_CASE("digest parsing accepts only sha256 with 64 lowercase hex", "[oci][digest]") {
    const std::string good = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
    auto parsed = digest::parse(good);
    REQUIRE(parsed.ok());
    CHECK(parsed->str() == good);
    CHECK(parsed->algorithm() == "sha256");

    struct bad_case {
        std::string text;
        std::string says;
    };
    const bad_case cases[] = {
        {"", "algorithm:hex"},
        {"44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "algorithm:hex"},
        {"sha512:" + std::string(128, 'a'), "not supported"},
        {"SHA256:" + std::string(64, 'a'), "not supported"},
        {"sha256:" + std::string(63, 'a'), "64 hex"},
        {"sha256:" + std::string(65, 'a'), "64 hex"},
        {"sha256:" + std::string(64, 'A'), "lowercase hex"},
        {"sha256:" + std::string(63, 'a') + "g", "lowercase hex"},
        {"sha256:", "64 hex"},
    };
    for (const auto &c : cases) {
        INFO(c.text);
        auto r = digest::parse(c.text);
        REQUIRE_FALSE(r.ok());
        CHECK(r.err().code == forge::status::invalid);
        CHECK_THAT(r.err().message, Catch::Contains(c.says));
    }
}

TEST_CASE("an unset digest is distinguishable", "[oci][digest]") {
    digest d;
    CHECK_FALSE(d.is_set());
    CHECK(d.hex().empty());
    CHECK(digest::of("x").is_set());
}
