#include "exec/proc_scan.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>

namespace forge::exec {

namespace {

bool read_stat(pid_t pid, proc_entry &out) {
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/stat", static_cast<int>(pid));
    int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    char buf[1024];
    ssize_t n = ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    if (n <= 0) return false;
    buf[n] = '\0';
    // "pid (comm) state ppid pgrp ...": comm may contain anything, so parse from the last ')'.
    char *close_paren = std::strrchr(buf, ')');
    if (close_paren == nullptr) return false;
    char state = '?';
    int ppid = 0, pgrp = 0;
    if (std::sscanf(close_paren + 1, " %c %d %d", &state, &ppid, &pgrp) != 3) return false;
    out = proc_entry{pid, static_cast<pid_t>(ppid), static_cast<pid_t>(pgrp), state};
    return true;
}

}  // namespace

std::vector<proc_entry> proc_snapshot() {
    std::vector<proc_entry> table;
    DIR *dir = ::opendir("/proc");
    if (dir == nullptr) return table;
    while (dirent *ent = ::readdir(dir)) {
        char *end = nullptr;
        long pid = std::strtol(ent->d_name, &end, 10);
        if (end == ent->d_name || *end != '\0' || pid <= 0) continue;
        proc_entry e;
        if (read_stat(static_cast<pid_t>(pid), e)) table.push_back(e);
    }
    ::closedir(dir);
    return table;
}

std::vector<pid_t> live_descendants(const std::vector<proc_entry> &table, pid_t root) {
    std::multimap<pid_t, const proc_entry *> children;
    for (const auto &e : table) children.emplace(e.ppid, &e);
    std::vector<pid_t> out;
    std::vector<pid_t> frontier{root};
    while (!frontier.empty()) {
        pid_t parent = frontier.back();
        frontier.pop_back();
        auto [lo, hi] = children.equal_range(parent);
        for (auto it = lo; it != hi; ++it) {
            if (it->second->state != 'Z') out.push_back(it->second->pid);
            frontier.push_back(it->second->pid);
        }
    }
    return out;
}

bool group_has_live_members(pid_t pgid) {
    if (::kill(-pgid, 0) != 0 && errno == ESRCH) return false;
    for (const auto &e : proc_snapshot())
        if (e.pgid == pgid && e.state != 'Z') return true;
    return false;
}

}  // namespace forge::exec
