// forge-test-server: starts one test fixture for tests written in other languages (Python).
//
//   forge-test-server nats|postgres|registry|git [--auth user:pass]
//
// Prints one JSON line with the endpoints, then keeps the server until stdin closes or SIGTERM /
// SIGINT / SIGHUP arrives, stops it, removes its directory and exits 0. Start-up failures go to
// stderr with exit code 1. Because the caller holds our stdin, a crashed caller still stops us.
#include <poll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <variant>

#include "support/fixture_error.hpp"
#include "support/git_repository.hpp"
#include "support/nats_server.hpp"
#include "support/postgres_server.hpp"
#include "support/registry_server.hpp"

namespace {

using forge::test::basic_credentials;

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
          out += escaped;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

// An ordered JSON object of already-encoded values.
class json_line {
 public:
  json_line& str(const std::string& key, const std::string& value) { return raw(key, json_string(value)); }
  json_line& num(const std::string& key, long long value) { return raw(key, std::to_string(value)); }
  std::string text() const { return "{" + body_ + "}"; }

 private:
  json_line& raw(const std::string& key, const std::string& value) {
    if (!body_.empty()) body_ += ",";
    body_ += json_string(key) + ":" + value;
    return *this;
  }
  std::string body_;
};

int usage(const char* message) {
  std::cerr << "forge-test-server: " << message << "\n"
            << "usage: forge-test-server nats|postgres|registry|git [--auth user:pass]\n";
  return 2;
}

// Blocks until stdin reaches end-of-file or a termination signal arrives.
void wait_for_release(int signal_fd) {
  pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {signal_fd, POLLIN, 0}};
  char buffer[256];
  for (;;) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) return;
    if (fds[0].revents != 0) {
      ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
      if (n <= 0 && !(n < 0 && errno == EINTR)) return;  // closed (or broken): release
    }
  }
}

void announce(const json_line& line) {
  std::cout << line.text() << std::endl;  // flush: the caller is waiting for this line
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage("missing fixture kind");
  const std::string kind = argv[1];
  std::optional<basic_credentials> auth;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--auth" && i + 1 < argc) {
      const std::string value = argv[++i];
      const auto colon = value.find(':');
      if (colon == std::string::npos || colon == 0) return usage("--auth expects user:pass");
      auth = basic_credentials{value.substr(0, colon), value.substr(colon + 1)};
    } else {
      return usage(("unknown argument: " + arg).c_str());
    }
  }
  if (auth && kind != "registry") return usage("--auth applies to the registry only");

  // Signals are taken through a descriptor so that start-up is never interrupted half-way; the
  // children reset their mask before exec.
  std::signal(SIGPIPE, SIG_IGN);
  sigset_t signals;
  sigemptyset(&signals);
  for (int sig : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&signals, sig);
  sigprocmask(SIG_BLOCK, &signals, nullptr);
  const int signal_fd = ::signalfd(-1, &signals, SFD_CLOEXEC);
  if (signal_fd < 0) {
    std::perror("forge-test-server: signalfd");
    return 1;
  }

  try {
    if (kind == "nats") {
      forge::test::nats_server server;
      announce(json_line()
                   .str("kind", kind)
                   .str("url", server.url())
                   .str("host", "127.0.0.1")
                   .num("port", server.port())
                   .str("dir", server.dir().string())
                   .str("log", server.log_file().string())
                   .num("pid", server.pid())
                   .num("pgid", server.pgid()));
      wait_for_release(signal_fd);
    } else if (kind == "postgres") {
      forge::test::postgres_server server;
      announce(json_line()
                   .str("kind", kind)
                   .str("url", server.url())
                   .str("conninfo", server.conninfo())
                   .str("host", "127.0.0.1")
                   .num("port", server.port())
                   .str("user", server.user())
                   .str("database", server.database())
                   .str("socket_dir", server.socket_dir().string())
                   .str("bin_dir", server.bin_dir().string())
                   .str("dir", server.dir().string())
                   .str("log", server.log_file().string())
                   .num("pid", server.pid())
                   .num("pgid", server.pgid()));
      wait_for_release(signal_fd);
    } else if (kind == "registry") {
      forge::test::registry_server server(forge::test::registry_options{auth, std::chrono::seconds(30)});
      json_line line;
      line.str("kind", kind)
          .str("url", server.url())
          .str("host", server.host())
          .num("port", server.port())
          .str("dir", server.dir().string())
          .str("log", server.log_file().string())
          .num("pid", server.pid())
          .num("pgid", server.pgid());
      if (auth) line.str("user", auth->user);  // the password is the caller's; never echoed
      announce(line);
      wait_for_release(signal_fd);
    } else if (kind == "git") {
      forge::test::git_repository repository;
      announce(json_line()
                   .str("kind", kind)
                   .str("url", repository.url())
                   .str("path", repository.bare_path().string())
                   .str("dir", repository.dir().string()));
      wait_for_release(signal_fd);
    } else {
      return usage(("unknown fixture kind: " + kind).c_str());
    }
  } catch (const std::exception& e) {
    std::cerr << "forge-test-server: " << kind << ": " << e.what() << "\n";
    return 1;
  }
  return 0;
}
