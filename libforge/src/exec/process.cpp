#include "exec/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>

#include "exec/proc_scan.hpp"

extern char **environ;

namespace forge::exec {

using steady = std::chrono::steady_clock;
using namespace std::chrono_literals;

// ---- line splitting ----

void line_splitter::emit_line(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    emit_(line);
}

void line_splitter::feed(std::string_view bytes) {
    while (!bytes.empty()) {
        auto nl = bytes.find('\n');
        std::string_view piece = nl == std::string_view::npos ? bytes : bytes.substr(0, nl);
        // A line that outgrows max_line leaves in pieces: memory stays bounded whatever the child writes.
        while (pending_.size() + piece.size() > max_line_) {
            std::size_t take = max_line_ - pending_.size();
            pending_.append(piece.substr(0, take));
            emit_(pending_);
            pending_.clear();
            piece.remove_prefix(take);
        }
        if (nl == std::string_view::npos) {
            pending_.append(piece);
            return;
        }
        if (pending_.empty()) {
            emit_line(piece);
        } else {
            pending_.append(piece);
            emit_line(pending_);
            pending_.clear();
        }
        bytes.remove_prefix(nl + 1);
    }
}

void line_splitter::finish() {
    if (!pending_.empty()) emit_line(pending_);
    pending_.clear();
}

// ---- PATH lookup ----

std::string find_in_path(std::string_view name, std::string_view path_list) {
    if (name.empty()) return {};
    if (name.find('/') != std::string_view::npos)
        return ::access(std::string(name).c_str(), X_OK) == 0 ? std::string(name) : std::string();
    while (true) {
        auto colon = path_list.find(':');
        std::string dir(path_list.substr(0, colon));
        if (dir.empty()) dir = ".";
        std::string candidate = dir + "/" + std::string(name);
        struct stat st {};
        if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(candidate.c_str(), X_OK) == 0)
            return candidate;
        if (colon == std::string_view::npos) return {};
        path_list.remove_prefix(colon + 1);
    }
}

// ---- supervision ----

namespace {

std::string errno_text(int err) { return std::strerror(err); }

struct fd_guard {
    int fd = -1;
    ~fd_guard() { reset(); }
    void reset() {
        if (fd >= 0) ::close(fd);
        fd = -1;
    }
};

// Kills and reaps the child if supervision is left early (an exception from a callback): a child
// must never outlive the call that started it.
struct child_guard {
    pid_t pid = -1;
    bool reaped = false;
    ~child_guard() {
        if (pid > 0 && !reaped) {
            ::kill(-pid, SIGKILL);
            int st = 0;
            while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
            }
        }
    }
};

class spawn_setup {
  public:
    spawn_setup() {
        ::posix_spawn_file_actions_init(&actions_);
        ::posix_spawnattr_init(&attr_);
    }
    ~spawn_setup() {
        ::posix_spawn_file_actions_destroy(&actions_);
        ::posix_spawnattr_destroy(&attr_);
    }
    spawn_setup(const spawn_setup &) = delete;
    spawn_setup &operator=(const spawn_setup &) = delete;
    posix_spawn_file_actions_t actions_;
    posix_spawnattr_t attr_;
};

std::vector<std::string> build_environment(const process_options &o) {
    std::map<std::string, std::string> merged;
    if (o.inherit_environment && environ != nullptr) {
        for (char **e = environ; *e != nullptr; ++e) {
            std::string_view kv(*e);
            auto eq = kv.find('=');
            if (eq == std::string_view::npos || eq == 0) continue;
            merged.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
        }
    }
    for (const auto &[k, v] : o.env) merged[k] = v;
    std::vector<std::string> out;
    out.reserve(merged.size());
    for (const auto &[k, v] : merged) out.push_back(k + "=" + v);
    return out;
}

// Signals the child's process group and every descendant that left it.
class stopper {
  public:
    explicit stopper(pid_t leader) : leader_(leader) {}

    void signal(int sig, bool leader_alive) {
        if (leader_alive) {
            // Only while the leader lives can its tree be walked; orphans go to init (or a subreaper).
            auto table = proc_snapshot();
            for (pid_t p : live_descendants(table, leader_)) {
                auto it = std::find_if(table.begin(), table.end(), [&](const proc_entry &e) { return e.pid == p; });
                if (it != table.end() && it->pgid != leader_ &&
                    std::find(escaped_.begin(), escaped_.end(), p) == escaped_.end())
                    escaped_.push_back(p);
            }
        }
        ::kill(-leader_, sig);
        for (pid_t p : escaped_) ::kill(p, sig);
    }

  private:
    pid_t leader_;
    std::vector<pid_t> escaped_;
};

}  // namespace

result<process_result> run_process(const process_options &o, const line_callback &on_line,
                                   const cancel_check &cancelled) {
    if (o.argv.empty() || o.argv[0].empty()) return make_error(status::invalid, "no command to run");
    if (!o.workdir.empty()) {
        struct stat st {};
        if (::stat(o.workdir.c_str(), &st) != 0)
            return make_error(status::not_found, "working directory " + o.workdir + ": " + errno_text(errno));
        if (!S_ISDIR(st.st_mode))
            return make_error(status::invalid, "working directory " + o.workdir + " is not a directory");
    }

    std::vector<std::string> env_strings = build_environment(o);
    std::vector<char *> envp;
    for (auto &s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> argv_strings = o.argv;
    std::vector<char *> argv;
    for (auto &s : argv_strings) argv.push_back(s.data());
    argv.push_back(nullptr);

    int out_pipe[2], err_pipe[2];
    if (::pipe2(out_pipe, O_CLOEXEC) != 0) return make_error(status::io, "pipe: " + errno_text(errno));
    fd_guard out_r{out_pipe[0]}, out_w{out_pipe[1]};
    if (::pipe2(err_pipe, O_CLOEXEC) != 0) return make_error(status::io, "pipe: " + errno_text(errno));
    fd_guard err_r{err_pipe[0]}, err_w{err_pipe[1]};

    spawn_setup setup;
    ::posix_spawn_file_actions_addopen(&setup.actions_, 0, "/dev/null", O_RDONLY, 0);
    ::posix_spawn_file_actions_adddup2(&setup.actions_, out_w.fd, 1);
    ::posix_spawn_file_actions_adddup2(&setup.actions_, err_w.fd, 2);
    if (!o.workdir.empty()) ::posix_spawn_file_actions_addchdir_np(&setup.actions_, o.workdir.c_str());
    // Own process group (so the whole tree can be signalled), no inherited signal mask, and default
    // dispositions: a parent that ignores SIGPIPE or SIGINT must not pass that on to the step.
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    for (int sig = 1; sig < 32; ++sig)
        if (sig != SIGKILL && sig != SIGSTOP) sigaddset(&defaults, sig);
    ::posix_spawnattr_setflags(&setup.attr_, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    ::posix_spawnattr_setpgroup(&setup.attr_, 0);
    ::posix_spawnattr_setsigmask(&setup.attr_, &none);
    ::posix_spawnattr_setsigdefault(&setup.attr_, &defaults);

    process_result res;
    res.started_at = std::chrono::system_clock::now();
    const auto start = steady::now();
    pid_t pid = -1;
    int rc = ::posix_spawn(&pid, argv[0], &setup.actions_, &setup.attr_, argv.data(), envp.data());
    out_w.reset();
    err_w.reset();
    if (rc != 0)
        return make_error(rc == ENOENT ? status::not_found : status::io,
                          "cannot run " + o.argv[0] + ": " + errno_text(rc));
    child_guard child{pid};

    ::fcntl(out_r.fd, F_SETFL, ::fcntl(out_r.fd, F_GETFL) | O_NONBLOCK);
    ::fcntl(err_r.fd, F_SETFL, ::fcntl(err_r.fd, F_GETFL) | O_NONBLOCK);
    // A pidfd makes the leader's exit a poll() event; without one (old kernels) we look every 10 ms.
    fd_guard pidfd{static_cast<int>(::syscall(SYS_pidfd_open, pid, 0))};

    line_splitter out_lines(o.max_line, [&](std::string_view l) { on_line(ports::output_stream::out, l); });
    line_splitter err_lines(o.max_line, [&](std::string_view l) { on_line(ports::output_stream::err, l); });

    enum class stop_state { none, terminated, killed };
    stop_state stopping = stop_state::none;
    stopper stop(pid);
    const auto never = steady::time_point::max();
    const auto deadline = o.timeout.count() > 0 ? start + o.timeout : never;
    auto kill_at = never, give_up_at = never;
    bool leader_done = false;
    int wait_status = 0;

    auto begin_stop = [&](steady::time_point now) {
        stop.signal(SIGTERM, !leader_done);
        stopping = stop_state::terminated;
        kill_at = now + o.kill_grace;
    };
    auto drain = [&](fd_guard &fd, line_splitter &lines) {
        char buf[16384];
        while (fd.fd >= 0) {
            ssize_t n = ::read(fd.fd, buf, sizeof buf);
            if (n > 0) {
                lines.feed(std::string_view(buf, static_cast<std::size_t>(n)));
            } else if (n == 0) {
                lines.finish();
                fd.reset();
            } else if (errno == EINTR) {
                continue;
            } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
                return;
            } else {
                lines.finish();
                fd.reset();
            }
        }
    };

    while (true) {
        auto now = steady::now();
        if (stopping == stop_state::none && !leader_done) {
            if (now >= deadline) {
                res.timed_out = true;
                begin_stop(now);
            } else if (cancelled && cancelled()) {
                res.cancelled = true;
                begin_stop(now);
            }
        }
        if (stopping == stop_state::terminated && now >= kill_at) {
            stop.signal(SIGKILL, !leader_done);
            stopping = stop_state::killed;
            give_up_at = now + 2s;
        }
        if (!leader_done) {
            pid_t r = ::waitpid(pid, &wait_status, WNOHANG);
            if (r == pid) {
                leader_done = true;
                child.reaped = true;
                pidfd.reset();
            }
        }
        if (leader_done) {
            bool pipes_open = out_r.fd >= 0 || err_r.fd >= 0;
            bool group_alive = group_has_live_members(pid);
            if (!pipes_open && !group_alive) break;
            // The leader is gone but left work behind (a background job, or an escaped process that
            // still holds the output pipes): stop it the same polite-then-firm way.
            if (stopping == stop_state::none) begin_stop(now);
        }
        if (stopping == stop_state::killed && now >= give_up_at) break;

        auto cap = never;
        auto consider = [&](steady::time_point t) { cap = std::min(cap, t); };
        if (stopping == stop_state::none && !leader_done) {
            consider(deadline);
            if (cancelled) consider(now + 20ms);
        }
        if (stopping == stop_state::terminated) consider(kill_at);
        if (stopping == stop_state::killed) consider(give_up_at);
        if (leader_done) consider(now + 20ms);
        if (!leader_done && pidfd.fd < 0) consider(now + 10ms);
        int wait_ms = -1;
        if (cap != never) {
            auto ms = std::chrono::ceil<std::chrono::milliseconds>(cap - now).count();
            wait_ms = static_cast<int>(std::clamp<long long>(ms, 0, 60'000));
        }

        pollfd fds[3];
        int nfds = 0;
        if (out_r.fd >= 0) fds[nfds++] = pollfd{out_r.fd, POLLIN, 0};
        if (err_r.fd >= 0) fds[nfds++] = pollfd{err_r.fd, POLLIN, 0};
        if (!leader_done && pidfd.fd >= 0) fds[nfds++] = pollfd{pidfd.fd, POLLIN, 0};
        int ready = ::poll(fds, static_cast<nfds_t>(nfds), wait_ms);
        if (ready < 0 && errno != EINTR) return make_error(status::io, "poll: " + errno_text(errno));
        if (ready > 0) {
            drain(out_r, out_lines);
            drain(err_r, err_lines);
        }
    }
    // Whatever an escaped process still had in flight is flushed; the pipes are then closed.
    drain(out_r, out_lines);
    drain(err_r, err_lines);
    out_lines.finish();
    err_lines.finish();

    if (WIFEXITED(wait_status)) res.exit_code = WEXITSTATUS(wait_status);
    else if (WIFSIGNALED(wait_status)) res.exit_code = 128 + WTERMSIG(wait_status);
    res.finished_at = std::chrono::system_clock::now();
    return res;
}

}  // namespace forge::exec
