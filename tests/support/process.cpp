#include "support/process.hpp"

#include <fcntl.h>
#include <grp.h>
#include <linux/close_range.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "support/fixture_error.hpp"
#include "support/temp_dir.hpp"

extern char** environ;

namespace forge::test {
namespace {

using namespace std::chrono_literals;

// What the child reports through the exec-error pipe when a step before exec fails.
struct child_failure {
  int step;
  int error;
};

const char* const child_steps[] = {"setpgid", "dup2",  "setgroups", "setgid",
                                   "setuid",  "chdir", "execve",    "prctl"};

[[noreturn]] void child_fail(int pipe_fd, int step) {
  child_failure failure{step, errno};
  [[maybe_unused]] auto written = ::write(pipe_fd, &failure, sizeof failure);
  ::_exit(127);
}

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

std::vector<std::string> merged_environment(const std::vector<std::pair<std::string, std::string>>& extra) {
  std::map<std::string, std::string> vars;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    auto eq = text.find('=');
    if (eq == std::string_view::npos) continue;
    vars[std::string(text.substr(0, eq))] = std::string(text.substr(eq + 1));
  }
  for (const auto& [key, value] : extra) vars[key] = value;
  std::vector<std::string> out;
  out.reserve(vars.size());
  for (const auto& [key, value] : vars) out.push_back(key + "=" + value);
  return out;
}

struct proc_stat {
  pid_t pid = 0;
  pid_t ppid = 0;
  pid_t pgrp = 0;
  char state = '?';
  unsigned long long start_time = 0;
};

// Parses /proc/<pid>/stat; the command name may hold spaces and parentheses, so the fields are
// read after the last ')'.
std::optional<proc_stat> read_stat(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(in, text)) return std::nullopt;
  auto close = text.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(text.substr(close + 2));
  proc_stat st;
  st.pid = pid;
  std::string skip;
  fields >> st.state >> st.ppid >> st.pgrp;
  // Fields 6..21 precede starttime (field 22); we have consumed fields 3..5.
  for (int i = 6; i <= 21; ++i) fields >> skip;
  fields >> st.start_time;
  if (!fields) return std::nullopt;
  return st;
}

std::vector<proc_stat> all_processes() {
  std::vector<proc_stat> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    if (auto st = read_stat(static_cast<pid_t>(std::stol(name)))) out.push_back(*st);
  }
  return out;
}

}  // namespace

user_identity lookup_user(const std::string& name) {
  std::vector<char> buffer(16384);
  passwd entry{};
  passwd* found = nullptr;
  if (::getpwnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found) != 0 || found == nullptr) {
    throw fixture_error("user '" + name + "' does not exist (needed to run servers that refuse root)");
  }
  return user_identity{found->pw_uid, found->pw_gid, name};
}

std::filesystem::path find_program(const std::string& name) {
  if (name.find('/') != std::string::npos) {
    if (::access(name.c_str(), X_OK) == 0) return name;
    throw fixture_error("required program " + name + " is missing or not executable");
  }
  const char* path_env = std::getenv("PATH");
  std::string search = path_env != nullptr ? path_env : "/usr/local/bin:/usr/bin:/bin";
  // Debian installs nats-server in /usr/sbin, which is not on every user's PATH.
  search += ":/usr/local/sbin:/usr/sbin:/sbin";
  std::istringstream dirs(search);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    std::filesystem::path candidate = std::filesystem::path(dir) / name;
    struct stat info {};
    if (::stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode) && ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  throw fixture_error("required program '" + name + "' was not found in PATH (" + search +
                      "); install it (cmake/install-deps.sh test)");
}

std::string file_tail(const std::filesystem::path& file, std::size_t lines) {
  std::ifstream in(file);
  std::deque<std::string> tail;
  std::string line;
  while (std::getline(in, line)) {
    tail.push_back(line);
    if (tail.size() > lines) tail.pop_front();
  }
  std::string out;
  for (const auto& l : tail) out += l + "\n";
  return out;
}

process::~process() { stop(); }

process::process(process&& other) noexcept
    : pid_(other.pid_),
      reaped_(other.reaped_),
      exit_code_(other.exit_code_),
      stop_signal_(other.stop_signal_),
      log_file_(std::move(other.log_file_)) {
  other.pid_ = -1;
}

process& process::operator=(process&& other) noexcept {
  if (this != &other) {
    stop();
    pid_ = other.pid_;
    reaped_ = other.reaped_;
    exit_code_ = other.exit_code_;
    stop_signal_ = other.stop_signal_;
    log_file_ = std::move(other.log_file_);
    other.pid_ = -1;
  }
  return *this;
}

process process::spawn(const spawn_options& options) {
  if (options.argv.empty()) throw fixture_error("process::spawn: empty argv");
  if (options.log_file.empty()) throw fixture_error("process::spawn: no log file for " + options.argv[0]);

  // Everything the child needs is prepared here: after fork only async-signal-safe calls are allowed
  // (the test binary may have NATS.c or libpq threads running).
  const std::filesystem::path program = find_program(options.argv[0]);
  std::vector<std::string> env_strings = merged_environment(options.env);
  std::vector<char*> argv;
  for (const auto& arg : options.argv) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& var : env_strings) envp.push_back(var.data());
  envp.push_back(nullptr);
  const std::string workdir = options.working_dir.string();
  const bool switch_user = options.user.has_value() && ::geteuid() == 0;
  const uid_t uid = switch_user ? options.user->uid : 0;
  const gid_t gid = switch_user ? options.user->gid : 0;

  int log_fd = ::open(options.log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    throw fixture_error("cannot open log file " + options.log_file.string() + ": " + std::strerror(errno));
  }
  if (switch_user) {
    // The server writes its log through the inherited descriptor, but tools it starts may reopen it.
    [[maybe_unused]] int ignored = ::fchown(log_fd, uid, gid);
  }
  int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  int error_pipe[2];
  if (null_fd < 0 || ::pipe2(error_pipe, O_CLOEXEC) != 0) {
    int saved = errno;
    ::close(log_fd);
    if (null_fd >= 0) ::close(null_fd);
    throw fixture_error(std::string("cannot prepare child process: ") + std::strerror(saved));
  }

  // Orphaned descendants of our servers are re-parented to us so that we can reap them; in some
  // containers PID 1 never reaps, and a zombie keeps its process group alive.
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);

  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    int saved = errno;
    ::close(log_fd);
    ::close(null_fd);
    ::close(error_pipe[0]);
    ::close(error_pipe[1]);
    throw fixture_error(std::string("fork failed: ") + std::strerror(saved));
  }
  if (pid == 0) {
    const int report = error_pipe[1];
    if (::setpgid(0, 0) != 0) child_fail(report, 0);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    for (int sig : {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGUSR1, SIGUSR2}) ::sigaction(sig, &dfl, nullptr);
    if (::dup2(null_fd, 0) < 0 || ::dup2(log_fd, 1) < 0 || ::dup2(log_fd, 2) < 0) child_fail(report, 1);
    // Descriptors the test process opened without O_CLOEXEC must not leak into the server.
    ::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
    if (switch_user) {
      if (::setgroups(1, &gid) != 0) child_fail(report, 2);
      if (::setgid(gid) != 0) child_fail(report, 3);
      if (::setuid(uid) != 0) child_fail(report, 4);
    }
    // If the test process dies without stopping us, die too (set after setuid, which clears it).
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) child_fail(report, 7);
    if (::getppid() != parent) ::_exit(126);
    if (!workdir.empty() && ::chdir(workdir.c_str()) != 0) child_fail(report, 5);
    ::execve(program.c_str(), argv.data(), envp.data());
    child_fail(report, 6);
  }

  ::setpgid(pid, pid);  // also from the parent, so the group exists before we might signal it
  ::close(log_fd);
  ::close(null_fd);
  ::close(error_pipe[1]);
  child_failure failure{};
  ssize_t got;
  do {
    got = ::read(error_pipe[0], &failure, sizeof failure);
  } while (got < 0 && errno == EINTR);
  ::close(error_pipe[0]);

  process child;
  child.pid_ = pid;
  child.stop_signal_ = options.stop_signal;
  child.log_file_ = options.log_file;
  if (got == static_cast<ssize_t>(sizeof failure)) {
    child.reap_leader(true);
    child.pid_ = -1;
    const int step = failure.step >= 0 && failure.step < 8 ? failure.step : 6;
    throw fixture_error("cannot start " + program.string() + ": " + child_steps[step] + " failed: " +
                        std::strerror(failure.error));
  }
  return child;
}

void process::reap_leader(bool block) noexcept {
  if (pid_ <= 0 || reaped_) return;
  int status = 0;
  pid_t got;
  do {
    got = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
  } while (got < 0 && errno == EINTR);
  if (got == pid_) {
    reaped_ = true;
    exit_code_ = decode_status(status);
  } else if (got < 0 && errno == ECHILD) {
    reaped_ = true;  // someone else reaped it; nothing more we can learn
  }
}

bool process::running() {
  reap_leader(false);
  return pid_ > 0 && !reaped_;
}

std::optional<int> process::wait_for_exit(std::chrono::milliseconds timeout) {
  wait_until(std::chrono::steady_clock::now() + timeout, [this] { return !running(); }, 10ms);
  if (running()) return std::nullopt;
  return exit_code_;
}

void process::stop(std::chrono::milliseconds grace) noexcept {
  if (pid_ <= 0) return;
  try {
    // Record the tree first: PostgreSQL's children call setsid(), so they are not in our group.
    std::vector<process_identity> tree = descendants_of(pid_);
    auto reap_tree = [&tree] {
      for (const auto& member : tree) ::waitpid(member.pid, nullptr, WNOHANG);  // ours if re-parented
    };
    auto all_gone = [&] {
      reap_leader(false);
      reap_tree();
      if (!reaped_ || process_group_exists(pid_)) return false;
      for (const auto& member : tree) {
        if (is_alive(member)) return false;
      }
      return true;
    };
    if (!reaped_ || process_group_exists(pid_)) ::kill(-pid_, stop_signal_);
    if (!wait_until(std::chrono::steady_clock::now() + grace, all_gone, 10ms)) {
      ::kill(-pid_, SIGKILL);
      for (const auto& member : tree) {
        if (is_alive(member)) ::kill(member.pid, SIGKILL);
      }
      wait_until(std::chrono::steady_clock::now() + 10s, all_gone, 10ms);
    }
    reap_leader(true);
  } catch (...) {
    ::kill(-pid_, SIGKILL);
    reap_leader(true);
  }
  pid_ = -1;
}

command_result run_command(spawn_options options, std::chrono::milliseconds timeout) {
  std::optional<temp_dir> scratch;
  if (options.log_file.empty()) {
    scratch.emplace("cmd");
    options.log_file = scratch->path() / "output";
  }
  const std::string name = options.argv.empty() ? std::string("?") : options.argv[0];
  process child = process::spawn(options);
  auto code = child.wait_for_exit(timeout);
  child.stop(1s);
  command_result result;
  std::ifstream in(options.log_file);
  std::ostringstream text;
  text << in.rdbuf();
  result.output = text.str();
  if (!code) {
    throw fixture_error(name + " did not finish within " + std::to_string(timeout.count()) + " ms; output:\n" +
                        result.output);
  }
  result.exit_code = *code;
  return result;
}

std::string run_checked(spawn_options options, std::chrono::milliseconds timeout) {
  std::string command;
  for (const auto& arg : options.argv) command += (command.empty() ? "" : " ") + arg;
  command_result result = run_command(std::move(options), timeout);
  if (result.exit_code != 0) {
    throw fixture_error("command failed with exit code " + std::to_string(result.exit_code) + ": " + command +
                        "\n" + result.output);
  }
  return result.output;
}

bool wait_until(std::chrono::steady_clock::time_point deadline, const std::function<bool()>& ready,
                std::chrono::milliseconds interval) {
  for (;;) {
    if (ready()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(interval);
  }
}

void wait_for_ready(process& server, const std::string& what, std::chrono::milliseconds timeout,
                    const std::function<bool()>& ready) {
  bool exited = false;
  bool ok = wait_until(std::chrono::steady_clock::now() + timeout, [&] {
    if (ready()) return true;
    exited = !server.running();
    return exited;
  });
  if (ok && !exited) return;
  std::string why = exited ? what + " exited during start-up with code " + std::to_string(server.exit_code().value_or(-1))
                           : what + " did not become ready within " + std::to_string(timeout.count()) + " ms";
  throw fixture_error(why + "; log " + server.log_file().string() + " ends with:\n" + server.log_tail());
}

std::vector<process_identity> descendants_of(pid_t root) {
  std::vector<proc_stat> procs = all_processes();
  std::vector<process_identity> out;
  std::vector<pid_t> frontier{root};
  while (!frontier.empty()) {
    pid_t parent = frontier.back();
    frontier.pop_back();
    for (const auto& p : procs) {
      if (p.ppid == parent && p.state != 'Z') {
        out.push_back({p.pid, p.start_time});
        frontier.push_back(p.pid);
      }
    }
  }
  return out;
}

bool is_alive(const process_identity& identity) {
  auto st = read_stat(identity.pid);
  return st && st->start_time == identity.start_time && st->state != 'Z' && st->state != 'X';
}

bool process_group_exists(pid_t pgid) { return pgid > 0 && (::kill(-pgid, 0) == 0 || errno != ESRCH); }

std::vector<pid_t> processes_mentioning(const std::string& needle) {
  std::vector<pid_t> out;
  for (const auto& p : all_processes()) {
    if (p.state == 'Z' || p.pid == ::getpid()) continue;
    std::ifstream in("/proc/" + std::to_string(p.pid) + "/cmdline", std::ios::binary);
    std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (cmdline.find(needle) != std::string::npos) out.push_back(p.pid);
  }
  return out;
}

}  // namespace forge::test
