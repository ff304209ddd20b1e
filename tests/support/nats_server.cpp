#include "support/nats_server.hpp"

#include <fstream>
#include <regex>
#include <sstream>

#include "support/fixture_error.hpp"
#include "support/net.hpp"

namespace forge::test {
namespace {

// nats-server writes {"nats":["nats://127.0.0.1:PORT"],...} to <dir>/nats-server_<pid>.ports once
// it listens; reading the port from there avoids the race of picking a free port ourselves.
int read_ports_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  static const std::regex client(R"re("nats"\s*:\s*\[\s*"nats://[^"]*:([0-9]+)")re");
  std::smatch match;
  const std::string content = text.str();
  if (!std::regex_search(content, match, client)) return 0;
  return std::stoi(match[1].str());
}

}  // namespace

nats_server::nats_server(const nats_options& options) : dir_("nats") {
  dir_path_ = dir_.path();
  log_file_ = dir_path_ / "nats-server.log";
  spawn_options spawn;
  spawn.argv = {"nats-server", "-a", loopback, "-p", "-1", "--ports_file_dir", dir_path_.string(),
                "--pid", (dir_path_ / "nats-server.pid").string()};
  if (options.jetstream) {
    spawn.argv.insert(spawn.argv.end(), {"-js", "-sd", (dir_path_ / "jetstream").string()});
  }
  spawn.log_file = log_file_;
  spawn.working_dir = dir_path_;
  server_ = process::spawn(spawn);
  pid_ = server_.pid();

  const auto ports_file = dir_path_ / ("nats-server_" + std::to_string(pid_) + ".ports");
  wait_for_ready(server_, "nats-server", options.startup_timeout, [&] {
    port_ = read_ports_file(ports_file);
    return port_ > 0 && port_accepts(port_);
  });
  url_ = "nats://127.0.0.1:" + std::to_string(port_);
}

void nats_server::stop() noexcept {
  server_.stop();
  dir_.remove();
}

}  // namespace forge::test
