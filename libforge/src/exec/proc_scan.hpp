// Reading the process table from /proc: who descends from whom, and who is still in a process group.
// Used to reach processes that left a step's process group and to tell live group members from
// zombies (which an init that does not reap would otherwise keep "in" the group forever).
#pragma once

#include <sys/types.h>

#include <vector>

namespace forge::exec {

struct proc_entry {
    pid_t pid = 0;
    pid_t ppid = 0;
    pid_t pgid = 0;
    char state = '?';  // 'Z' for zombies
};

// One snapshot of every process visible in /proc (unreadable entries are skipped).
std::vector<proc_entry> proc_snapshot();

// Live (non-zombie) descendants of `root`, root excluded, from a snapshot.
std::vector<pid_t> live_descendants(const std::vector<proc_entry> &table, pid_t root);

// True if some non-zombie process is still in the process group.
bool group_has_live_members(pid_t pgid);

}  // namespace forge::exec
