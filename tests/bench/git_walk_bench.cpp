// Tree walking against git's own listing, on the same commit in the same run.
//
//   tests/bench/make_monorepo.sh /tmp/mono
//   build/bin/git_walk_bench /tmp/mono [REVISION=main] [RUNS=9]
//
// Prints the median of RUNS runs for: `git ls-tree -r --name-only` (output to /dev/null), a full
// walk with forge::git (every entry visited with its path and id), and find_projects (every
// .forge/project.cue with its .forge tree id). Each forge run opens the repository afresh, as a
// new process would. Times depend on the machine: nothing is asserted.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "git/repository.hpp"

extern char **environ;

namespace {

using clock_type = std::chrono::steady_clock;

double median_ms(std::vector<double> samples) {
    std::sort(samples.begin(), samples.end());
    return samples[samples.size() / 2];
}

double time_ms(const std::function<void()> &work) {
    auto start = clock_type::now();
    work();
    return std::chrono::duration<double, std::milli>(clock_type::now() - start).count();
}

[[noreturn]] void fail(const std::string &message) {
    std::fprintf(stderr, "git_walk_bench: %s\n", message.c_str());
    std::exit(1);
}

// Runs git with stdout to /dev/null (or to `out_fd`), waits, fails on a non-zero exit.
void run_git(const std::vector<std::string> &args, int out_fd = -1) {
    std::vector<char *> argv;
    argv.push_back(const_cast<char *>("git"));
    for (const auto &a : args) argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (out_fd >= 0)
        posix_spawn_file_actions_adddup2(&actions, out_fd, STDOUT_FILENO);
    else
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    if (posix_spawnp(&pid, "git", &actions, nullptr, argv.data(), environ) != 0) fail("cannot run git");
    posix_spawn_file_actions_destroy(&actions);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) fail("git exited with an error");
}

std::size_t count_git_lines(const std::vector<std::string> &args) {
    FILE *tmp = std::tmpfile();
    run_git(args, fileno(tmp));
    std::rewind(tmp);
    std::size_t lines = 0;
    for (int c; (c = std::fgetc(tmp)) != EOF;)
        if (c == '\n') ++lines;
    std::fclose(tmp);
    return lines;
}

forge::git::repository open_repo(const std::string &path) {
    auto repo = forge::git::repository::open(path);
    if (!repo) fail(repo.err().message);
    return std::move(repo).value();
}

}  // namespace

int main(int argc, char **argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s REPO [REVISION=main] [RUNS=9]\n", argv[0]);
        return 2;
    }
    const std::string path = argv[1];
    const std::string revision = argc > 2 ? argv[2] : "main";
    const int runs = argc > 3 ? std::max(1, std::atoi(argv[3])) : 9;

    auto probe = open_repo(path);
    auto commit = probe.resolve(revision);
    if (!commit) fail(commit.err().message);
    const std::string sha = commit->hex();
    const std::vector<std::string> ls_tree = {"-C", path, "ls-tree", "-r", "--name-only", sha};

    // Same answer first: the walk sees exactly the files git lists.
    const std::size_t git_files = count_git_lines(ls_tree);
    std::size_t our_files = 0;
    auto counted = probe.walk(*commit, [&](const forge::git::tree_entry &e) {
        if (!e.is_tree) ++our_files;
        return forge::git::walk_action::descend;
    });
    if (!counted) fail(counted.err().message);
    if (our_files != git_files)
        fail("file counts differ: git " + std::to_string(git_files) + ", forge " + std::to_string(our_files));
    auto projects = probe.find_projects(*commit);
    if (!projects) fail(projects.err().message);

    std::vector<double> git_ms, walk_ms, find_ms;
    for (int i = 0; i < runs + 1; ++i) {  // the first round warms the page cache and is dropped
        double g = time_ms([&] { run_git(ls_tree); });
        double w = time_ms([&] {
            auto repo = open_repo(path);
            std::size_t n = 0, bytes = 0;
            auto r = repo.walk(*commit, [&](const forge::git::tree_entry &e) {
                ++n;
                bytes += e.path.size();
                return forge::git::walk_action::descend;
            });
            if (!r || n == 0 || bytes == 0) fail("walk failed");
        });
        double f = time_ms([&] {
            auto repo = open_repo(path);
            auto found = repo.find_projects(*commit);
            if (!found || found->size() != projects->size()) fail("find_projects failed");
        });
        if (i == 0) continue;
        git_ms.push_back(g);
        walk_ms.push_back(w);
        find_ms.push_back(f);
    }

    const double g = median_ms(git_ms), w = median_ms(walk_ms), f = median_ms(find_ms);
    std::printf("repository %s at %s: %zu files, %zu projects, median of %d runs\n", path.c_str(),
                sha.substr(0, 12).c_str(), git_files, projects->size(), runs);
    std::printf("  git ls-tree -r --name-only   %8.1f ms\n", g);
    std::printf("  forge walk (all entries)     %8.1f ms   ratio to git %.2f\n", w, w / g);
    std::printf("  forge find_projects          %8.1f ms   ratio to git %.2f\n", f, f / g);
    return 0;
}
