#pragma once
// A real OCI registry (CNCF distribution, Debian's docker-registry) on 127.0.0.1 with a port it picks
// itself (addr 127.0.0.1:0, read back from its log), filesystem storage in a temporary directory and
// optional htpasswd basic authentication. Plain HTTP: clients need --tls-verify=false / insecure.
#include <chrono>
#include <optional>
#include <string>

#include "support/net.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace forge::test {

struct registry_options {
  std::optional<basic_credentials> auth;  // when set, every request needs these credentials
  std::chrono::milliseconds startup_timeout = std::chrono::seconds(30);
};

class registry_server {
 public:
  explicit registry_server(const registry_options& options = {});
  ~registry_server() { stop(); }
  registry_server(const registry_server&) = delete;
  registry_server& operator=(const registry_server&) = delete;

  void stop() noexcept;

  std::string host() const { return "127.0.0.1:" + std::to_string(port_); }  // for image references
  std::string url() const { return "http://" + host(); }
  int port() const { return port_; }
  const std::optional<basic_credentials>& auth() const { return auth_; }
  const std::filesystem::path& dir() const { return dir_path_; }
  std::filesystem::path storage_dir() const { return dir_path_ / "storage"; }
  pid_t pid() const { return pid_; }
  pid_t pgid() const { return pid_; }
  const std::filesystem::path& log_file() const { return log_file_; }

 private:
  temp_dir dir_;
  process server_;
  std::filesystem::path dir_path_;
  std::filesystem::path log_file_;
  std::optional<basic_credentials> auth_;
  int port_ = 0;
  pid_t pid_ = 0;
};

}  // namespace forge::test
