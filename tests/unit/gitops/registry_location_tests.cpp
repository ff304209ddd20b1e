#include <catch2/catch.hpp>

#include "gitops/policy.hpp"
#include "gitops/release_store.hpp"

using namespace forge::gitops;

TEST_CASE("gitops: registry locations name a layout root or a registry host, prefix and scheme", "[unit][gitops]") {
    auto layout = parse_registry("oci:/srv/releases");
    REQUIRE(layout.ok());
    CHECK(layout->layout_root->string() == "/srv/releases");
    CHECK(layout->image("shop", "api", "abc") == "oci:/srv/releases/shop/api:abc");

    auto plain = parse_registry("registry.example.com:5000/forge/releases/");
    REQUIRE(plain.ok());
    CHECK_FALSE(plain->layout_root);
    CHECK(plain->host == "registry.example.com:5000");
    CHECK(plain->prefix == "forge/releases");
    CHECK_FALSE(plain->plain_http);
    CHECK(plain->repository("shop", "api") == "forge/releases/shop/api");
    CHECK(plain->image("shop", "api", "v1") == "registry.example.com:5000/forge/releases/shop/api:v1");

    auto bare = parse_registry("ghcr.io");
    REQUIRE(bare.ok());
    CHECK(bare->prefix.empty());
    CHECK(bare->repository("shop", "api") == "shop/api");

    // Loopback hosts speak plain HTTP unless told otherwise; a scheme decides explicitly.
    CHECK(parse_registry("localhost:5000")->plain_http);
    CHECK(parse_registry("127.0.0.1:41234/x")->plain_http);
    CHECK(parse_registry("[::1]:5000")->plain_http);
    CHECK_FALSE(parse_registry("https://127.0.0.1:5000")->plain_http);
    auto http = parse_registry("http://registry.internal:80/p");
    REQUIRE(http.ok());
    CHECK(http->plain_http);
    CHECK(http->host == "registry.internal:80");
    CHECK(http->image("a", "b", "t") == "registry.internal:80/p/a/b:t");

    CHECK(parse_registry("").err().code == forge::status::invalid);
    CHECK(parse_registry("oci:").err().code == forge::status::invalid);
    CHECK(parse_registry("user@host").err().code == forge::status::invalid);
    CHECK(parse_registry("https://").err().code == forge::status::invalid);
    CHECK(parse_registry("host//double").err().code == forge::status::invalid);
}

TEST_CASE("gitops: auto-deploy environments follow repo.cue's policy", "[unit][gitops]") {
    CHECK(deploy_policy().auto_deploy_environments() == std::vector<std::string>{"dev"});
    auto p = deploy_policy::from_json(R"({"environments": {"dev": {"autoDeploy": false}, "qa": {"autoDeploy": true},
                                          "preview": {"autoDeploy": true}, "staging": {}}})");
    REQUIRE(p.ok());
    CHECK(p->auto_deploy_environments() == std::vector<std::string>{"preview", "qa"});
    auto only_prod = deploy_policy::from_json(R"({"production": {"requiresApproval": false}})");
    REQUIRE(only_prod.ok());
    CHECK(only_prod->auto_deploy_environments() == std::vector<std::string>{"dev"});
}
