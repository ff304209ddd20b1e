#include <catch2/catch.hpp>
#include <string>

#include "support/git_repository.hpp"
#include "support/process.hpp"

using namespace forge::test;

TEST_CASE("git_repository fixture: pushed branches and tags are listed by git ls-remote", "[integration][git]") {
  git_repository repository;
  REQUIRE(repository.url() == "file://" + repository.bare_path().string());

  git_work_tree work = repository.work_tree();
  const std::string first = work.write("README.md", "# demo\n").commit("Initial commit");
  work.tag("v1.0.0", "First release");
  work.branch("feature/login");
  const std::string second = work.write("src/login.txt", "login\n").commit("Add login");
  work.checkout("main").push();

  spawn_options ls_remote;
  ls_remote.argv = {"git", "ls-remote", repository.url()};
  ls_remote.env = repository.environment();
  const std::string refs = run_checked(ls_remote);
  INFO(refs);
  CHECK(refs.find(first + "\trefs/heads/main") != std::string::npos);
  CHECK(refs.find(second + "\trefs/heads/feature/login") != std::string::npos);
  CHECK(refs.find("\trefs/tags/v1.0.0\n") != std::string::npos);
  CHECK(refs.find(first + "\trefs/tags/v1.0.0^{}") != std::string::npos);  // annotated tag peels to it
  CHECK(refs.find("HEAD") != std::string::npos);
}
