#include "support/registry_server.hpp"

#include <cstdio>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>

#include "support/fixture_error.hpp"
#include "support/htpasswd.hpp"

namespace forge::test {
namespace {

std::string random_hex(std::size_t bytes) {
  std::random_device device;
  std::string hex;
  char digits[3];
  for (std::size_t i = 0; i < bytes; ++i) {
    std::snprintf(digits, sizeof digits, "%02x", static_cast<unsigned>(device() & 0xffU));
    hex += digits;
  }
  return hex;
}

// distribution logs `msg="listening on 127.0.0.1:PORT"` with the address actually bound.
int listening_port(const std::filesystem::path& log) {
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  static const std::regex listening(R"(listening on 127\.0\.0\.1:([0-9]+))");
  std::smatch match;
  const std::string content = text.str();
  if (!std::regex_search(content, match, listening)) return 0;
  return std::stoi(match[1].str());
}

}  // namespace

registry_server::registry_server(const registry_options& options) : dir_("registry"), auth_(options.auth) {
  dir_path_ = dir_.path();
  log_file_ = dir_path_ / "registry.log";
  std::filesystem::create_directory(storage_dir());
  const auto config = dir_path_ / "config.yml";
  {
    std::ofstream out(config);
    out << "version: 0.1\n"
        << "log:\n  level: info\n  formatter: text\n"
        << "storage:\n  filesystem:\n    rootdirectory: " << storage_dir().string() << "\n"
        << "  delete:\n    enabled: true\n"
        << "  maintenance:\n    uploadpurging:\n      enabled: false\n"
        << "http:\n  addr: 127.0.0.1:0\n  secret: " << random_hex(16) << "\n";
    if (auth_) {
      const auto htpasswd = dir_path_ / "htpasswd";
      std::ofstream(htpasswd) << htpasswd_line(auth_->user, auth_->password) << "\n";
      out << "auth:\n  htpasswd:\n    realm: forge-test\n    path: " << htpasswd.string() << "\n";
    }
    if (!out) throw fixture_error("cannot write " + config.string());
  }

  spawn_options spawn;
  spawn.argv = {"docker-registry", "serve", config.string()};
  spawn.log_file = log_file_;
  spawn.working_dir = dir_path_;
  server_ = process::spawn(spawn);
  pid_ = server_.pid();

  wait_for_ready(server_, "docker-registry", options.startup_timeout, [&] {
    port_ = listening_port(log_file_);
    if (port_ == 0 || !port_accepts(port_)) return false;
    try {
      return http_get(port_, "/v2/", auth_).status == 200;
    } catch (const fixture_error&) {
      return false;  // still starting: connection reset or a partial answer
    }
  });
}

void registry_server::stop() noexcept {
  server_.stop();
  dir_.remove();
}

}  // namespace forge::test
