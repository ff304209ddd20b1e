#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "context/context.hpp"
#include "secrets/secret_ref.hpp"

namespace {
class fixed_provider final : public forge::ports::secret_provider {
  public:
    forge::result<std::string> resolve(const forge::ports::secret_ref &ref) override {
        return "value-of-" + *ref.get("path");
    }
};
}  // namespace

TEST_CASE("configuration refuses unknown keys and falls back to defaults", "[core][context]") {
    forge::config cfg;
    CHECK(cfg.get("objstore.adapter").value() == "fs");
    auto r = cfg.set("objstore.adaptor", "s3");
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == forge::status::invalid);
    CHECK(r.err().message.find("objstore.adaptor") != std::string::npos);
    REQUIRE(cfg.set("objstore.adapter", "s3").ok());
    CHECK(cfg.get("objstore.adapter").value() == "s3");
    CHECK_FALSE(cfg.get("mq.nats.url").has_value());
}

TEST_CASE("registries refuse duplicate names and list what they hold", "[core][context]") {
    forge::context ctx;
    REQUIRE(forge::register_builtin_adapters(ctx).ok());
    auto dup = ctx.secret_providers().add("env", std::make_shared<fixed_provider>());
    REQUIRE_FALSE(dup.ok());
    CHECK(dup.err().code == forge::status::conflict);

    REQUIRE(ctx.secret_providers().add("vault", std::make_shared<fixed_provider>()).ok());
    CHECK(ctx.secret_providers().names() == std::vector<std::string>{"env", "file", "vault"});

    auto missing = ctx.executors().get("docker");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.err().code == forge::status::not_found);
    CHECK(missing.err().message.find("registered: earthly, shell") != std::string::npos);
    auto none = ctx.message_queues().get("nats");
    REQUIRE_FALSE(none.ok());
    CHECK(none.err().message.find("registered: none") != std::string::npos);
}

TEST_CASE("resolving a secret teaches the logger to mask it", "[core][context][secrets]") {
    forge::context ctx;
    REQUIRE(forge::register_builtin_adapters(ctx).ok());
    REQUIRE(ctx.secret_providers().add("vault", std::make_shared<fixed_provider>()).ok());
    auto ref = forge::secrets::parse_secret_ref(R"({"provider":"vault","path":"kv/db"})");
    REQUIRE(ref.ok());
    auto value = ctx.resolve_secret(*ref);
    REQUIRE(value.ok());
    CHECK(*value == "value-of-kv/db");
    CHECK(ctx.logger().secrets().mask("password=value-of-kv/db") == "password=***");
}

TEST_CASE("secret references are validated", "[core][secrets]") {
    CHECK(forge::secrets::parse_secret_ref("[1]").err().message.find("JSON object") != std::string::npos);
    CHECK(forge::secrets::parse_secret_ref("{\"name\":\"x\"}").err().message.find("provider") != std::string::npos);
    CHECK(forge::secrets::parse_secret_ref("{").err().code == forge::status::invalid);
    auto ref = forge::secrets::parse_secret_ref(R"({"provider":"aws","secretName":"db","ttl":30})");
    REQUIRE(ref.ok());
    CHECK(ref->provider == "aws");
    CHECK(*ref->get("secretName") == "db");
    CHECK(*ref->get("ttl") == "30");
}

TEST_CASE("file secrets: whole file or one JSON member", "[core][secrets]") {
    namespace fs = std::filesystem;
    auto dir = fs::temp_directory_path() / ("forge-secret-test-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    {
        std::ofstream(dir / "token") << "abc123\n";
        std::ofstream(dir / "creds.json") << R"({"user":"ci","password":"pw"})";
    }
    forge::context ctx;
    REQUIRE(forge::register_builtin_adapters(ctx).ok());
    auto whole = ctx.resolve_secret({"file", {{"path", (dir / "token").string()}}});
    REQUIRE(whole.ok());
    CHECK(*whole == "abc123");
    auto member = ctx.resolve_secret({"file", {{"path", (dir / "creds.json").string()}, {"key", "password"}}});
    REQUIRE(member.ok());
    CHECK(*member == "pw");
    auto absent = ctx.resolve_secret({"file", {{"path", (dir / "creds.json").string()}, {"key", "nope"}}});
    CHECK(absent.err().code == forge::status::not_found);
    auto nofile = ctx.resolve_secret({"file", {{"path", (dir / "missing").string()}}});
    CHECK(nofile.err().code == forge::status::not_found);
    fs::remove_all(dir);
}

TEST_CASE("env secrets need a set variable", "[core][secrets]") {
    forge::context ctx;
    REQUIRE(forge::register_builtin_adapters(ctx).ok());
    ::setenv("FORGE_UNIT_SECRET", "v@lue", 1);
    CHECK(*ctx.resolve_secret({"env", {{"name", "FORGE_UNIT_SECRET"}}}) == "v@lue");
    ::unsetenv("FORGE_UNIT_SECRET");
    auto r = ctx.resolve_secret({"env", {{"name", "FORGE_UNIT_SECRET"}}});
    CHECK(r.err().code == forge::status::not_found);
    CHECK(r.err().message.find("FORGE_UNIT_SECRET") != std::string::npos);
}
