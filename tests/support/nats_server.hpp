#pragma once
// A real nats-server with JetStream on 127.0.0.1 and a port the server picks itself (-p -1), its
// store in a temporary directory. Stopped and removed by the destructor.
#include <chrono>
#include <string>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace forge::test {

struct nats_options {
  bool jetstream = true;
  std::chrono::milliseconds startup_timeout = std::chrono::seconds(30);
};

class nats_server {
 public:
  explicit nats_server(const nats_options& options = {});
  ~nats_server() { stop(); }
  nats_server(const nats_server&) = delete;
  nats_server& operator=(const nats_server&) = delete;

  // Stops the server and removes its directory (the destructor does this too).
  void stop() noexcept;

  const std::string& url() const { return url_; }  // nats://127.0.0.1:PORT
  int port() const { return port_; }
  const std::filesystem::path& dir() const { return dir_path_; }
  pid_t pid() const { return pid_; }
  pid_t pgid() const { return pid_; }
  const std::filesystem::path& log_file() const { return log_file_; }

 private:
  temp_dir dir_;  // declared before server_: destroyed after the server has stopped
  process server_;
  std::filesystem::path dir_path_;
  std::filesystem::path log_file_;
  std::string url_;
  int port_ = 0;
  pid_t pid_ = 0;
};

}  // namespace forge::test
