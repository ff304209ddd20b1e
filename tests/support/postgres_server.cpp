#include "support/postgres_server.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "support/fixture_error.hpp"
#include "support/net.hpp"

namespace forge::test {
namespace {

void chown_tree(const std::filesystem::path& root, const user_identity& user) {
  auto change = [&](const std::filesystem::path& p) {
    if (::lchown(p.c_str(), user.uid, user.gid) != 0) {
      throw fixture_error("cannot give " + p.string() + " to user " + user.name);
    }
  };
  change(root);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) change(entry.path());
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::filesystem::path postgres_bin_dir() {
  if (const char* env = std::getenv("FORGE_PG_BINDIR"); env != nullptr && *env != '\0') {
    std::filesystem::path dir(env);
    if (std::filesystem::exists(dir / "postgres")) return dir;
    throw fixture_error("FORGE_PG_BINDIR=" + dir.string() + " holds no postgres binary");
  }
  std::vector<std::filesystem::path> candidates;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
    auto bin = entry.path() / "bin";
    if (std::filesystem::exists(bin / "initdb") && std::filesystem::exists(bin / "postgres")) candidates.push_back(bin);
  }
  if (candidates.empty()) {
    throw fixture_error(
        "PostgreSQL server binaries (initdb, postgres) not found in /usr/lib/postgresql/*/bin and FORGE_PG_BINDIR "
        "is not set; install the postgresql package (cmake/install-deps.sh test)");
  }
  // Directory names are major versions; compare numerically so that 16 beats 9.6.
  std::sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
    return std::atof(a.parent_path().filename().c_str()) < std::atof(b.parent_path().filename().c_str());
  });
  return candidates.back();
}

postgres_server::postgres_server(const postgres_options& options)
    : dir_("postgres"), database_(options.database), user_(options.user) {
  dir_path_ = dir_.path();
  bin_dir_ = postgres_bin_dir();
  log_file_ = dir_path_ / "postgres.log";
  const auto data_dir = dir_path_ / "data";
  std::filesystem::create_directory(socket_dir());

  std::optional<user_identity> run_as;
  if (::geteuid() == 0) {
    run_as = lookup_user(options.os_user);
    chown_tree(dir_path_, *run_as);
  }

  spawn_options initdb;
  initdb.argv = {(bin_dir_ / "initdb").string(), "-D", data_dir.string(), "-U", user_, "--auth=trust",
                 "--no-sync", "-E", "UTF8", "--locale=C"};
  initdb.log_file = dir_path_ / "initdb.log";
  initdb.working_dir = dir_path_;
  initdb.user = run_as;
  run_checked(initdb);

  // A port picked by binding :0 may be taken before postgres binds it: retry with a fresh one.
  for (int attempt = 1;; ++attempt) {
    port_ = free_port();
    spawn_options spawn;
    spawn.argv = {(bin_dir_ / "postgres").string(),
                  "-D", data_dir.string(),
                  "-p", std::to_string(port_),
                  "-k", socket_dir().string(),
                  "-c", "listen_addresses=127.0.0.1",
                  "-c", "fsync=off",
                  "-c", "synchronous_commit=off",
                  "-c", "full_page_writes=off",
                  "-c", "logging_collector=off",
                  "-c", "max_connections=50"};
    spawn.log_file = log_file_;
    spawn.working_dir = dir_path_;
    spawn.user = run_as;
    spawn.stop_signal = SIGINT;  // "fast" shutdown: ends sessions, checkpoints, exits
    server_ = process::spawn(spawn);
    pid_ = server_.pid();
    try {
      wait_for_ready(server_, "postgres", options.startup_timeout, [&] {
        return read_file(log_file_).find("ready to accept connections") != std::string::npos && port_accepts(port_);
      });
      break;
    } catch (const fixture_error&) {
      const std::string log = read_file(log_file_);
      const bool port_taken = log.find("could not bind") != std::string::npos ||
                              log.find("Address already in use") != std::string::npos;
      server_.stop();
      if (!port_taken || attempt == 5) throw;
      std::ofstream(log_file_, std::ios::app) << "-- port " << port_ << " was taken; retrying\n";
    }
  }

  spawn_options createdb;
  createdb.argv = {(bin_dir_ / "createdb").string(), "-h", loopback, "-p", std::to_string(port_), "-U", user_,
                   database_};
  createdb.log_file = dir_path_ / "createdb.log";
  run_checked(createdb);
}

void postgres_server::stop() noexcept {
  server_.stop();
  dir_.remove();
}

std::string postgres_server::conninfo() const {
  return "host=127.0.0.1 port=" + std::to_string(port_) + " user=" + user_ + " dbname=" + database_;
}

std::string postgres_server::url() const {
  return "postgresql://" + user_ + "@127.0.0.1:" + std::to_string(port_) + "/" + database_;
}

}  // namespace forge::test
