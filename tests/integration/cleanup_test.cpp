// Proves that fixtures leave nothing behind: after stop (or unwinding) the process group is gone,
// every process the server had started is gone, nothing mentions the temporary directory, and the
// directory itself is removed. Also covers the process helper's failure paths.
#include <libpq-fe.h>
#include <signal.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/fixture_error.hpp"
#include "support/nats_server.hpp"
#include "support/postgres_server.hpp"
#include "support/process.hpp"
#include "support/registry_server.hpp"
#include "support/temp_dir.hpp"

using namespace forge::test;

namespace {

struct footprint {
  pid_t pgid = 0;
  std::filesystem::path dir;
  std::vector<process_identity> tree;
};

template <typename Server>
footprint record(const Server& server) {
  return footprint{server.pgid(), server.dir(), descendants_of(server.pid())};
}

void require_nothing_left(const footprint& before) {
  INFO("pgid " << before.pgid << ", dir " << before.dir.string());
  errno = 0;
  CHECK(::kill(-before.pgid, 0) == -1);
  CHECK(errno == ESRCH);
  CHECK(processes_mentioning(before.dir.string()).empty());
  for (const auto& member : before.tree) {
    INFO("descendant pid " << member.pid);
    CHECK_FALSE(is_alive(member));
  }
  CHECK_FALSE(std::filesystem::exists(before.dir));
}

}  // namespace

TEST_CASE("fixtures leave no process and no directory behind", "[integration][cleanup]") {
  SECTION("nats-server") {
    nats_server server;
    const footprint before = record(server);
    REQUIRE(process_group_exists(before.pgid));
    REQUIRE_FALSE(processes_mentioning(before.dir.string()).empty());
    server.stop();
    require_nothing_left(before);
  }
  SECTION("postgres, with a client session still open") {
    postgres_server server;
    PGconn* session = PQconnectdb(server.conninfo().c_str());
    REQUIRE(PQstatus(session) == CONNECTION_OK);
    const footprint before = record(server);
    // The postmaster's children (checkpointer, our backend, ...) run in sessions of their own.
    REQUIRE(before.tree.size() >= 3);
    server.stop();
    PQfinish(session);
    require_nothing_left(before);
  }
  SECTION("docker-registry with authentication") {
    registry_server server(registry_options{basic_credentials{"u", "p"}});
    const footprint before = record(server);
    server.stop();
    require_nothing_left(before);
  }
}

TEST_CASE("an exception while a fixture is alive still stops it", "[integration][cleanup]") {
  footprint before;
  CHECK_THROWS_WITH(
      [&] {
        nats_server server;
        before = record(server);
        throw std::runtime_error("test body failed");
      }(),
      "test body failed");
  require_nothing_left(before);
}

TEST_CASE("stop escalates to SIGKILL for a process group that ignores SIGTERM", "[integration][cleanup]") {
  temp_dir dir("stubborn");
  spawn_options options;
  // Both the shell and its background child inherit the ignored SIGTERM.
  options.argv = {"sh", "-c", "trap '' TERM; sleep 300 & sleep 300; wait"};
  options.log_file = dir.path() / "log";
  process stubborn = process::spawn(options);
  REQUIRE(wait_until(std::chrono::steady_clock::now() + std::chrono::seconds(5),
                     [&] { return descendants_of(stubborn.pid()).size() == 2; }));
  const pid_t pgid = stubborn.pgid();
  const auto started = std::chrono::steady_clock::now();
  stubborn.stop(std::chrono::milliseconds(300));
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
  CHECK_FALSE(process_group_exists(pgid));
}

TEST_CASE("a missing server binary is a clear error, not a skip", "[integration][cleanup]") {
  temp_dir dir("missing");
  spawn_options options;
  options.argv = {"forge-no-such-server", "--version"};
  options.log_file = dir.path() / "log";
  CHECK_THROWS_AS(process::spawn(options), fixture_error);
  CHECK_THROWS_WITH(process::spawn(options), Catch::Matchers::Contains("required program 'forge-no-such-server' was not found"));
}

TEST_CASE("a server that dies during start-up reports the tail of its log", "[integration][cleanup]") {
  temp_dir dir("dies");
  spawn_options options;
  options.argv = {"sh", "-c", "echo 'FATAL: marker-1234 cannot start'; exit 3"};
  options.log_file = dir.path() / "log";
  process server = process::spawn(options);
  CHECK_THROWS_WITH(wait_for_ready(server, "dying-server", std::chrono::seconds(10), [] { return false; }),
                    Catch::Matchers::Contains("dying-server exited during start-up with code 3") &&
                        Catch::Matchers::Contains("marker-1234"));
}
