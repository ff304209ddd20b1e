#pragma once
// A real PostgreSQL server: initdb (trust authentication, no fsync) into a temporary directory,
// `postgres` listening on 127.0.0.1 only with its unix socket in that directory, and one database
// created. When the tests run as root the server runs as the unprivileged `postgres` user (PostgreSQL
// refuses root). postgres is started directly, not through pg_ctl, which would detach it from our
// process group. Stopped (fast shutdown) and removed by the destructor.
#include <chrono>
#include <string>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace forge::test {

struct postgres_options {
  std::string database = "forge";
  std::string user = "postgres";  // the superuser role initdb creates
  std::string os_user = "postgres";  // the system account used when running as root
  std::chrono::milliseconds startup_timeout = std::chrono::seconds(60);
};

class postgres_server {
 public:
  explicit postgres_server(const postgres_options& options = {});
  ~postgres_server() { stop(); }
  postgres_server(const postgres_server&) = delete;
  postgres_server& operator=(const postgres_server&) = delete;

  void stop() noexcept;

  // "host=127.0.0.1 port=PORT user=postgres dbname=forge" for PQconnectdb.
  std::string conninfo() const;
  // "postgresql://postgres@127.0.0.1:PORT/forge".
  std::string url() const;
  int port() const { return port_; }
  const std::string& database() const { return database_; }
  const std::string& user() const { return user_; }
  const std::filesystem::path& dir() const { return dir_path_; }
  std::filesystem::path socket_dir() const { return dir_path_ / "socket"; }
  const std::filesystem::path& bin_dir() const { return bin_dir_; }
  pid_t pid() const { return pid_; }
  pid_t pgid() const { return pid_; }
  const std::filesystem::path& log_file() const { return log_file_; }

 private:
  temp_dir dir_;
  process server_;
  std::filesystem::path dir_path_;
  std::filesystem::path bin_dir_;
  std::filesystem::path log_file_;
  std::string database_;
  std::string user_;
  int port_ = 0;
  pid_t pid_ = 0;
};

// Where initdb and postgres live: $FORGE_PG_BINDIR, else the newest /usr/lib/postgresql/*/bin.
// (/usr/local/bin/pg_ctl on PATH may be something else entirely.) Throws when none is found.
std::filesystem::path postgres_bin_dir();

}  // namespace forge::test
