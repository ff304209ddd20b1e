#pragma once
// Child processes for the test servers. Each one runs in its own process group with stdout and
// stderr appended to a log file; stopping signals the whole group (and any descendant that left the
// group, as PostgreSQL's children do), waits for a grace period, escalates to SIGKILL and reaps.
#include <sys/types.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace forge::test {

// An unprivileged identity for servers that refuse to run as root (PostgreSQL).
struct user_identity {
  uid_t uid = 0;
  gid_t gid = 0;
  std::string name;
};

// Looks the user up in the password database; throws fixture_error if it does not exist.
user_identity lookup_user(const std::string& name);

struct spawn_options {
  std::vector<std::string> argv;  // argv[0] is looked up in PATH unless it contains a '/'
  std::filesystem::path log_file;  // stdout and stderr are appended here; required
  std::filesystem::path working_dir;  // empty: inherit
  std::vector<std::pair<std::string, std::string>> env;  // added to (or replacing in) the environment
  std::optional<user_identity> user;  // switch to this user before exec (only when running as root)
  int stop_signal = SIGTERM;  // the polite signal stop() sends to the group first
};

// The absolute path of a program: `name` itself if it contains '/', else the first executable
// match in PATH. Throws fixture_error naming the program when it is missing.
std::filesystem::path find_program(const std::string& name);

// The last `lines` lines of a text file (empty if it cannot be read).
std::string file_tail(const std::filesystem::path& file, std::size_t lines = 40);

class process {
 public:
  process() = default;
  ~process();
  process(process&& other) noexcept;
  process& operator=(process&& other) noexcept;
  process(const process&) = delete;
  process& operator=(const process&) = delete;

  // Starts the program; throws fixture_error if it cannot be executed (the message says why).
  static process spawn(const spawn_options& options);

  bool valid() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  pid_t pgid() const { return pid_; }  // the child leads its own group
  const std::filesystem::path& log_file() const { return log_file_; }
  std::string log_tail(std::size_t lines = 40) const { return file_tail(log_file_, lines); }

  // True while the group leader has not exited (reaps it if it has).
  bool running();
  // Exit code once the leader has exited: the status, or 128 + signal number.
  std::optional<int> exit_code() const { return exit_code_; }

  // Waits for the leader to exit on its own; returns its exit code, or nullopt on timeout.
  std::optional<int> wait_for_exit(std::chrono::milliseconds timeout);

  // Stops the group and every recorded descendant: stop_signal, up to `grace`, then SIGKILL.
  // Idempotent and noexcept so destructors can call it.
  void stop(std::chrono::milliseconds grace = std::chrono::seconds(10)) noexcept;

 private:
  void reap_leader(bool block) noexcept;

  pid_t pid_ = -1;
  bool reaped_ = false;
  std::optional<int> exit_code_;
  int stop_signal_ = SIGTERM;
  std::filesystem::path log_file_;
};

struct command_result {
  int exit_code = -1;
  std::string output;  // stdout and stderr interleaved
};

// Runs a command to completion (killing it after `timeout`) and returns its exit code and output.
// options.log_file may be empty: the output then goes to a temporary file that is removed.
command_result run_command(spawn_options options, std::chrono::milliseconds timeout = std::chrono::seconds(120));

// Like run_command but throws fixture_error (with the output) unless the exit code is 0.
std::string run_checked(spawn_options options, std::chrono::milliseconds timeout = std::chrono::seconds(120));

// Polls `ready` every `interval` until it returns true (then returns true) or the deadline passes.
bool wait_until(std::chrono::steady_clock::time_point deadline, const std::function<bool()>& ready,
                std::chrono::milliseconds interval = std::chrono::milliseconds(20));

// Waits until `ready` holds while `server` keeps running; throws fixture_error, with the log tail,
// if the server exits first or the timeout passes. `what` names the server in the message.
void wait_for_ready(process& server, const std::string& what, std::chrono::milliseconds timeout,
                    const std::function<bool()>& ready);

// A process identity that survives pid reuse: pid plus start time in clock ticks since boot.
struct process_identity {
  pid_t pid = 0;
  unsigned long long start_time = 0;
};

// Every live (non-zombie) process that descends from `root` (root excluded), read from /proc.
std::vector<process_identity> descendants_of(pid_t root);
// True if the process still exists, is not a zombie, and started at the recorded time.
bool is_alive(const process_identity& identity);
// kill(-pgid, 0) succeeds: some process (possibly a zombie) is still in the group.
bool process_group_exists(pid_t pgid);
// Pids of live processes whose command line contains `needle` (used to prove nothing is left).
std::vector<pid_t> processes_mentioning(const std::string& needle);

}  // namespace forge::test
