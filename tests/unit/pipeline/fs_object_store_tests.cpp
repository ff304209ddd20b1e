#include <catch2/catch.hpp>

#include "../exec/exec_test_support.hpp"
#include "adapters/fs/fs_object_store.hpp"
#include "context/context.hpp"
#include "objstore/objstore.hpp"

using forge::adapters::fs_object_store;
namespace tx = forge::test_exec;

TEST_CASE("fs object store keys: relative, no dot segments, no empty segments, no NUL", "[pipeline][objstore]") {
    for (std::string bad : {std::string(""), std::string("/etc/passwd"), std::string("a/../b"), std::string(".."),
                            std::string("a/./b"), std::string("a//b"), std::string("a/"), std::string("a\\b"),
                            std::string("a\0b", 3), std::string("x/.forge-tmp-123")}) {
        INFO("key: " << bad);
        auto r = fs_object_store::validate_key(bad);
        REQUIRE_FALSE(r.ok());
        CHECK(r.err().code == forge::status::invalid);
        CHECK(r.err().message.find("object key") != std::string::npos);
    }
    CHECK(fs_object_store::validate_key("pipeline-runs/1/logs/build/api/compile step.log").ok());
    CHECK(fs_object_store::validate_key("a.b/..c/d..").ok());
}

TEST_CASE("fs object store: put, get, list sorted by prefix, remove, presign", "[pipeline][objstore]") {
    tx::scratch_dir dir;
    fs_object_store store(dir.path() / "objects");
    REQUIRE(store.put("b/2.log", "two").ok());
    REQUIRE(store.put("a/1.log", std::string("one\0bin", 7)).ok());
    REQUIRE(store.put("a/sub/3.log", "three").ok());
    REQUIRE(store.put("ab.log", "x").ok());
    REQUIRE(store.put("a/1.log", std::string("one\0bin!", 8)).ok());  // overwrite

    CHECK(*store.get("a/1.log") == std::string("one\0bin!", 8));
    auto missing = store.get("a/none.log");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.err().code == forge::status::not_found);
    CHECK(store.get("../outside").err().code == forge::status::invalid);
    CHECK_FALSE(store.put("/abs", "x").ok());

    CHECK(*store.list("") == std::vector<std::string>{"a/1.log", "a/sub/3.log", "ab.log", "b/2.log"});
    CHECK(*store.list("a/") == std::vector<std::string>{"a/1.log", "a/sub/3.log"});
    CHECK(*store.list("a") == std::vector<std::string>{"a/1.log", "a/sub/3.log", "ab.log"});
    CHECK(store.list("zzz/")->empty());
    CHECK_FALSE(store.list("a/../").ok());

    // No temporary file is left next to the objects.
    for (auto &e : std::filesystem::recursive_directory_iterator(dir.path()))
        CHECK(e.path().filename().string().find(".forge-tmp-") == std::string::npos);

    auto url = store.presign_get("a/sub/3.log", std::chrono::seconds(60));
    REQUIRE(url.ok());
    CHECK(*url == "file://" + (std::filesystem::absolute(dir.path()) / "objects/a/sub/3.log").string());

    REQUIRE(store.remove("a/sub/3.log").ok());
    REQUIRE(store.remove("a/sub/3.log").ok());  // absent: still fine
    CHECK_FALSE(std::filesystem::exists(dir.path() / "objects/a/sub"));
    CHECK(std::filesystem::exists(dir.path() / "objects"));
    CHECK(*store.list("a/") == std::vector<std::string>{"a/1.log"});
}

TEST_CASE("object_store_for builds the fs adapter from configuration", "[pipeline][objstore]") {
    tx::scratch_dir dir;
    forge::context ctx;
    REQUIRE(forge::register_builtin_adapters(ctx).ok());
    auto none = forge::objstore::object_store_for(ctx);
    REQUIRE_FALSE(none.ok());
    CHECK(none.err().message.find("state_dir") != std::string::npos);

    REQUIRE(ctx.config().set("state_dir", dir.str()).ok());
    auto store = forge::objstore::object_store_for(ctx);
    REQUIRE(store.ok());
    REQUIRE((*store)->put("k/v", "data").ok());
    CHECK(tx::read_file(dir.path() / "objects/k/v") == "data");
    CHECK(forge::objstore::object_store_for(ctx).value() == *store);  // created once

    REQUIRE(ctx.config().set("objstore.adapter", "nosuch").ok());
    auto unknown = forge::objstore::object_store_for(ctx);
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.err().code == forge::status::not_found);
}

TEST_CASE("log keys follow spec §6 and cannot escape their level", "[pipeline][objstore]") {
    CHECK(forge::objstore::log_key("r1", "test", "api", "unit") == "pipeline-runs/r1/logs/test/api/unit.log");
    CHECK(forge::objstore::log_key("r1", "..", "a/b", "") == "pipeline-runs/r1/logs/_/a_b/_.log");
    CHECK(fs_object_store::validate_key(forge::objstore::log_key("r", ".", "..", ".forge-tmp-x")).ok());
}
