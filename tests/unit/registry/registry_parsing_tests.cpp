#include <catch2/catch.hpp>

#include "http/client.hpp"
#include "registry/auth.hpp"
#include "registry/reference.hpp"

using namespace forge;

TEST_CASE("registry references: host, prefix, repository, tag and digest", "[registry]") {
    auto r = registry::parse_reference("registry.example.com:5000/team/monorepo/service:abc123");
    REQUIRE(r.ok());
    CHECK(r->registry == "registry.example.com:5000");
    CHECK(r->repository == "team/monorepo/service");
    CHECK(r->tag == "abc123");
    CHECK(r->ref() == "abc123");

    const std::string d = "sha256:" + std::string(64, 'e');
    auto byd = registry::parse_reference("localhost/forge/x@" + d);
    REQUIRE(byd.ok());
    CHECK(byd->registry == "localhost");
    CHECK(byd->ref() == d);
    CHECK(byd->str() == "localhost/forge/x@" + d);

    auto untagged = registry::parse_reference("127.0.0.1:5000/a");
    REQUIRE(untagged.ok());
    CHECK(untagged->ref() == "latest");

    for (const char *bad : {"ubuntu:22.04", "docker.io/Upper/case", "host.io/a//b", "host.io/a:bad tag",
                            "host.io/a@md5:00", "host.io/-a", "host.io/a:", "host.io/", ""}) {
        INFO(bad);
        auto p = registry::parse_reference(bad);
        REQUIRE_FALSE(p.ok());
        CHECK(p.err().code == status::invalid);
    }

    auto loc = registry::parse_location("oci:/tmp/layout:v1");
    REQUIRE(loc.ok());
    REQUIRE(std::holds_alternative<oci::layout_reference>(*loc));
    CHECK(registry::to_string(*loc) == "oci:/tmp/layout:v1");
}

TEST_CASE("WWW-Authenticate challenges", "[registry]") {
    auto c = registry::parse_www_authenticate(
        R"(Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:a/b:pull,push")");
    REQUIRE(c.ok());
    REQUIRE(c->size() == 1);
    CHECK((*c)[0].scheme == "bearer");
    CHECK((*c)[0].param("realm") == "https://auth.example.com/token");
    CHECK((*c)[0].param("scope") == "repository:a/b:pull,push");

    auto two = registry::parse_www_authenticate(R"(Basic realm="r\"x", Bearer realm=t,service=s)");
    REQUIRE(two.ok());
    REQUIRE(two->size() == 2);
    CHECK((*two)[0].param("realm") == "r\"x");
    CHECK((*two)[1].param("service") == "s");

    CHECK_FALSE(registry::parse_www_authenticate("").ok());
    CHECK_FALSE(registry::parse_www_authenticate(R"(Bearer realm="unterminated)").ok());
}

TEST_CASE("docker config.json credentials and base64", "[registry]") {
    CHECK(registry::base64_encode("forge:pass") == "Zm9yZ2U6cGFzcw==");
    CHECK(registry::base64_decode("Zm9yZ2U6cGFzcw==").value() == "forge:pass");
    CHECK_FALSE(registry::base64_decode("Zm9yZ2U6cGFzcw=").ok());
    CHECK_FALSE(registry::base64_decode("Zm9y*2U6").ok());

    const std::string config = R"({"auths":{"https://reg.example.com/v1/":{"auth":"Zm9yZ2U6cGFzcw=="},
        "other.io:5000":{"username":"u","password":"p:w"}}})";
    auto a = registry::credentials_from_docker_config(config, "reg.example.com");
    REQUIRE(a.ok());
    REQUIRE(a->has_value());
    CHECK((*a)->username == "forge");
    CHECK((*a)->password == "pass");
    auto b = registry::credentials_from_docker_config(config, "other.io:5000");
    REQUIRE(b.ok());
    REQUIRE(b->has_value());
    CHECK((*b)->password == "p:w");
    auto none = registry::credentials_from_docker_config(config, "third.io");
    REQUIRE(none.ok());
    CHECK_FALSE(none->has_value());
    auto bad = registry::credentials_from_docker_config(R"({"auths":{"x.io":{"auth":"bm9jb2xvbg=="}}})", "x.io");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.err().message.find("auths[\"x.io\"].auth") != std::string::npos);
    CHECK_FALSE(registry::credentials_from_docker_config("[", "x.io").ok());
}

TEST_CASE("http URLs: parsing and resolving redirects", "[http]") {
    auto u = http::parse_url("HTTPS://Example.COM:8443/v2/a?x=1#frag");
    REQUIRE(u.ok());
    CHECK(u->scheme == "https");
    CHECK(u->host == "example.com");
    CHECK(u->port == 8443);
    CHECK(u->target == "/v2/a?x=1");
    CHECK(u->origin() == "https://example.com:8443");
    auto v6 = http::parse_url("http://[::1]:5000");
    REQUIRE(v6.ok());
    CHECK(v6->host == "::1");
    CHECK(v6->target == "/");
    CHECK(v6->authority() == "[::1]:5000");
    for (const char *bad : {"ftp://x/", "x/y", "http://:80/", "http://h:99999/", "http://u@h/", "http://h/a b"}) {
        INFO(bad);
        CHECK_FALSE(http::parse_url(bad).ok());
    }
    auto r = http::resolve_url(*u, "../b/./c?y");
    REQUIRE(r.ok());
    CHECK(r->str() == "https://example.com:8443/b/c?y");
    CHECK(http::resolve_url(*u, "/abs")->str() == "https://example.com:8443/abs");
    CHECK(http::resolve_url(*u, "//cdn.example.net/blob")->str() == "https://cdn.example.net/blob");
    CHECK(http::resolve_url(*u, "http://s3.local:9000/b?sig=1")->origin() == "http://s3.local:9000");
    CHECK(http::percent_encode("repository:a/b:pull,push") == "repository%3Aa%2Fb%3Apull%2Cpush");

    http::header_map h;
    h.add("Content-Type", "a");
    h.add("X-Y", "1");
    h.add("x-y", "2");
    CHECK(h.get("content-type") == "a");
    CHECK(h.get_all("X-y").size() == 2);
    h.set("X-Y", "3");
    CHECK(h.get_all("x-y") == std::vector<std::string>{"3"});
}
