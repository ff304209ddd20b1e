#include <catch2/catch.hpp>
#include <string>

#include "support/net.hpp"
#include "support/process.hpp"
#include "support/registry_server.hpp"

using namespace forge::test;

TEST_CASE("registry_server fixture: /v2/ answers as a distribution registry", "[integration][registry]") {
  registry_server server;
  const http_response response = http_get(server.port(), "/v2/");
  CHECK(response.status == 200);
  CHECK(response.headers.at("docker-distribution-api-version") == "registry/2.0");
  CHECK(response.body == "{}");
}

TEST_CASE("registry_server fixture: skopeo reaches it and is told the image does not exist",
          "[integration][registry]") {
  registry_server server;
  spawn_options skopeo;
  skopeo.argv = {"skopeo", "inspect", "--tls-verify=false", "docker://" + server.host() + "/forge/missing:latest"};
  const command_result result = run_command(skopeo);
  INFO(result.output);
  CHECK(result.exit_code != 0);
  // The registry's own error codes prove that a registry (not a closed port) answered.
  const bool not_found = result.output.find("manifest unknown") != std::string::npos ||
                         result.output.find("name unknown") != std::string::npos;
  CHECK(not_found);
  CHECK(result.output.find("connection refused") == std::string::npos);
}

TEST_CASE("registry_server fixture: basic authentication with a bcrypt htpasswd", "[integration][registry]") {
  registry_server server(registry_options{basic_credentials{"forge", "s3cret-pass"}});

  const http_response anonymous = http_get(server.port(), "/v2/");
  CHECK(anonymous.status == 401);
  REQUIRE(anonymous.headers.count("www-authenticate") == 1);
  CHECK(anonymous.headers.at("www-authenticate").rfind("Basic", 0) == 0);

  CHECK(http_get(server.port(), "/v2/", basic_credentials{"forge", "wrong"}).status == 401);
  CHECK(http_get(server.port(), "/v2/", basic_credentials{"forge", "s3cret-pass"}).status == 200);
}
