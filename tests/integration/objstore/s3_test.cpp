// The "s3" object store against a real S3-compatible server (s3rver) on loopback. s3rver parses
// every SigV4 request and checks the access key id and a presigned URL's expiry, but it does not
// recompute SigV4 signatures: their correctness is the business of tests/unit/objstore/sigv4_test.cpp.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "adapters/s3/s3_object_store.hpp"
#include "context/context.hpp"
#include "objstore/objstore.hpp"
#include "support/net.hpp"
#include "support/process.hpp"
#include "support/s3_server.hpp"
#include "support/temp_dir.hpp"

using namespace forge::test;
using forge::adapters::s3_object_store;
using forge::adapters::s3_options;

namespace {

std::shared_ptr<s3_object_store> store_for(const s3_server &server, s3_options options = {},
                                           std::string access_key = s3_server::access_key()) {
    options.endpoint = server.endpoint();
    options.bucket = server.bucket();
    options.path_style = true;
    auto made = s3_object_store::create(
        std::move(options), [access_key]() -> forge::result<forge::adapters::sigv4::credentials> {
            return forge::adapters::sigv4::credentials{access_key, s3_server::secret_key(), ""};
        });
    INFO((made ? std::string() : made.err().message));
    REQUIRE(made);
    return made.value();
}

// Bytes that are not all alike, so a part sent twice or out of order changes the object.
std::string pattern(std::size_t size) {
    std::string out(size, '\0');
    std::uint32_t x = 2463534242u;
    for (auto &c : out) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        c = static_cast<char>(x & 0xff);
    }
    return out;
}

// "/path?query" of an http://127.0.0.1:PORT URL.
std::string target_of(const std::string &url, int port) {
    const std::string origin = "http://127.0.0.1:" + std::to_string(port);
    REQUIRE(url.rfind(origin, 0) == 0);
    return url.substr(origin.size());
}

}  // namespace

TEST_CASE("s3 object store: put, get, list and remove on a real server", "[integration][objstore][s3]") {
    s3_server server;
    auto store = store_for(server);

    REQUIRE(store->put("pipeline-runs/r1/logs/build/api/compile.log", "line 1\nline 2\n"));
    REQUIRE(store->put("pipeline-runs/r1/logs/build/web/compile.log", "web"));
    REQUIRE(store->put("pipeline-runs/r2/logs/test/api/unit.log", ""));
    REQUIRE(store->put("odd key/with spaces+plus&amp=é.txt", "odd"));

    auto got = store->get("pipeline-runs/r1/logs/build/api/compile.log");
    REQUIRE(got);
    CHECK(*got == "line 1\nline 2\n");
    auto empty = store->get("pipeline-runs/r2/logs/test/api/unit.log");
    REQUIRE(empty);
    CHECK(empty->empty());
    auto odd = store->get("odd key/with spaces+plus&amp=é.txt");
    REQUIRE(odd);
    CHECK(*odd == "odd");

    // Overwrite replaces the object.
    REQUIRE(store->put("pipeline-runs/r1/logs/build/web/compile.log", "web v2"));
    CHECK(store->get("pipeline-runs/r1/logs/build/web/compile.log").value() == "web v2");

    auto r1 = store->list("pipeline-runs/r1/");
    REQUIRE(r1);
    CHECK(*r1 == std::vector<std::string>{"pipeline-runs/r1/logs/build/api/compile.log",
                                          "pipeline-runs/r1/logs/build/web/compile.log"});
    auto all = store->list("");
    REQUIRE(all);
    CHECK(all->size() == 4);
    CHECK(std::is_sorted(all->begin(), all->end()));

    REQUIRE(store->remove("pipeline-runs/r1/logs/build/api/compile.log"));
    auto gone = store->get("pipeline-runs/r1/logs/build/api/compile.log");
    REQUIRE_FALSE(gone);
    CHECK(gone.err().code == forge::status::not_found);
    CHECK(store->list("pipeline-runs/r1/").value() ==
          std::vector<std::string>{"pipeline-runs/r1/logs/build/web/compile.log"});
    // Removing what is not there is not an error.
    CHECK(store->remove("pipeline-runs/r1/logs/build/api/compile.log"));
}

TEST_CASE("s3 object store: a missing object is not_found", "[integration][objstore][s3]") {
    s3_server server;
    auto store = store_for(server);
    auto missing = store->get("no/such/object.log");
    REQUIRE_FALSE(missing);
    CHECK(missing.err().code == forge::status::not_found);
    CHECK(store->list("no/").value().empty());
}

TEST_CASE("s3 object store: listing follows continuation tokens", "[integration][objstore][s3]") {
    s3_server server;
    auto store = store_for(server);
    // s3rver, like S3, returns at most 1000 keys per page.
    std::vector<std::string> expected;
    for (int i = 0; i < 1005; ++i) {
        std::string key = "many/" + std::to_string(100000 + i * 7 % 1005) + ".log";
        REQUIRE(store->put(key, "x"));
        expected.push_back(key);
    }
    std::sort(expected.begin(), expected.end());
    auto listed = store->list("many/");
    REQUIRE(listed);
    CHECK(listed->size() == 1005);
    CHECK(*listed == expected);
}

TEST_CASE("s3 object store: a 20 MiB object goes up as a multipart upload", "[integration][objstore][s3]") {
    s3_server server;
    s3_options options;
    options.multipart_threshold = 6u << 20;
    options.part_size = 5u << 20;  // S3's minimum: four full parts and a short last one
    auto store = store_for(server, options);
    const std::string big = pattern(20u << 20 | 12345);
    REQUIRE(store->put("artifacts/big.bin", big));
    auto back = store->get("artifacts/big.bin");
    REQUIRE(back);
    CHECK(back->size() == big.size());
    CHECK(*back == big);
    CHECK(store->list("artifacts/").value() == std::vector<std::string>{"artifacts/big.bin"});
    // The server saw an initiation, five parts (4 x 5 MiB and the rest) and a completion.
    const std::string log = file_tail(server.log_file(), 100000);
    CHECK(log.find("/artifacts/big.bin?uploads") != std::string::npos);
    CHECK(log.find("partNumber=5&uploadId=") != std::string::npos);
    CHECK(log.find("partNumber=6&uploadId=") == std::string::npos);
    // Nothing of the upload is left pending on the server.
    std::size_t pending = 0;
    for (const auto &entry : std::filesystem::recursive_directory_iterator(server.dir() / "data"))
        if (entry.path().string().find("uploads") != std::string::npos && entry.is_regular_file()) ++pending;
    CHECK(pending == 0);
}

TEST_CASE("s3 object store: presigned GET URL works with a plain HTTP GET", "[integration][objstore][s3]") {
    s3_server server;
    auto store = store_for(server);
    REQUIRE(store->put("pipeline-runs/r1/logs/build/api/compile.log", "presigned body"));

    auto url = store->presign_get("pipeline-runs/r1/logs/build/api/compile.log", std::chrono::seconds(300));
    REQUIRE(url);
    CHECK(url->find("X-Amz-Signature=") != std::string::npos);
    CHECK(url->find("X-Amz-Expires=300") != std::string::npos);
    CHECK(url->find("S3RVER%2F") != std::string::npos);  // the access key id, never the secret
    const std::string target = target_of(*url, server.port());
    auto fetched = http_get(server.port(), target);
    CHECK(fetched.status == 200);
    CHECK(fetched.body == "presigned body");

    // An unknown access key id is refused (s3rver checks the key id, not the signature itself).
    std::string foreign = target;
    foreign.replace(foreign.find("S3RVER%2F"), 6, "NOBODY");
    CHECK(http_get(server.port(), foreign).status == 403);

    // A URL for a missing object is still a valid URL; the GET gets 404.
    auto missing = store->presign_get("pipeline-runs/none.log", std::chrono::seconds(60));
    REQUIRE(missing);
    CHECK(http_get(server.port(), target_of(*missing, server.port())).status == 404);

    CHECK(store->presign_get("k", std::chrono::seconds(0)).err().code == forge::status::invalid);
    CHECK(store->presign_get("k", std::chrono::seconds(8 * 24 * 3600)).err().code == forge::status::invalid);
}

TEST_CASE("s3 object store: an expired presigned URL is refused", "[integration][objstore][s3]") {
    s3_server server;
    s3_options options;
    options.endpoint = server.endpoint();
    options.bucket = server.bucket();
    options.path_style = true;
    // Signed an hour ago, valid for a minute.
    auto made = s3_object_store::create(
        options,
        [] {
            return forge::result<forge::adapters::sigv4::credentials>({"S3RVER", "S3RVER", ""});
        },
        nullptr, [] { return std::chrono::system_clock::now() - std::chrono::hours(1); });
    REQUIRE(made);
    auto url = made.value()->presign_get("k", std::chrono::seconds(60));
    REQUIRE(url);
    CHECK(http_get(server.port(), target_of(*url, server.port())).status == 403);
}

TEST_CASE("s3 object store: an unknown access key is an authentication error", "[integration][objstore][s3]") {
    s3_server server;
    auto store = store_for(server, {}, "NOT-A-KEY");
    auto put = store->put("k", "v");
    REQUIRE_FALSE(put);
    CHECK(put.err().code == forge::status::auth);
    CHECK(put.err().message.find("InvalidAccessKeyId") != std::string::npos);
    CHECK(put.err().message.find(s3_server::secret_key()) == std::string::npos);
}

TEST_CASE("s3 object store: configured through the context, credentials from secret references",
          "[integration][objstore][s3]") {
    s3_server server;
    temp_dir dir("s3-secrets");
    const auto access = dir.path() / "access";
    const auto secret = dir.path() / "secret";
    std::ofstream(access) << s3_server::access_key();
    std::ofstream(secret) << s3_server::secret_key();

    forge::context ctx;
    REQUIRE(forge::register_builtin_adapters(ctx));
    auto &cfg = ctx.config();
    REQUIRE(cfg.set("objstore.adapter", "s3"));
    REQUIRE(cfg.set("objstore.s3.endpoint", server.endpoint()));
    REQUIRE(cfg.set("objstore.s3.bucket", server.bucket()));
    REQUIRE(cfg.set("objstore.s3.path_style", "true"));
    REQUIRE(cfg.set("objstore.s3.prefix", "forge/"));
    REQUIRE(cfg.set("objstore.s3.access_key", R"({"provider":"file","path":")" + access.string() + "\"}"));
    REQUIRE(cfg.set("objstore.s3.secret_key", R"({"provider":"file","path":")" + secret.string() + "\"}"));

    auto store = forge::objstore::object_store_for(ctx);
    INFO((store ? std::string() : store.err().message));
    REQUIRE(store);
    const std::string key = forge::objstore::log_key("run-1", "build", "api", "compile");
    REQUIRE((*store)->put(key, "through the context"));
    CHECK((*store)->get(key).value() == "through the context");
    CHECK((*store)->list("pipeline-runs/").value() == std::vector<std::string>{key});
    // The prefix is where the object really is.
    auto direct = store_for(server);
    CHECK(direct->get("forge/" + key).value() == "through the context");
    // The same adapter instance is returned the second time.
    CHECK(forge::objstore::object_store_for(ctx).value() == store.value());
    // The resolved secret is masked in logs.
    CHECK(ctx.logger().secrets().mask("x " + s3_server::secret_key() + " y") != "x " + s3_server::secret_key() + " y");
}
