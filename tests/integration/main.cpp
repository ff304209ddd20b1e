// Integration tests start real servers through tests/support; they run under the CTest label
// `integration`. A missing server binary fails the test (make test installs them).
#define CATCH_CONFIG_RUNNER
#include <nats/nats.h>

#include <catch2/catch.hpp>
#include <csignal>

int main(int argc, char* argv[]) {
  std::signal(SIGPIPE, SIG_IGN);  // a server closing a socket must fail a test, not kill the binary
  const int failures = Catch::Session().run(argc, argv);
  nats_Close();  // releases NATS.c's library threads so leak checkers stay quiet
  return failures;
}
