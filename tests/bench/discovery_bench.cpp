// Discovery benchmark (figures in docs/performance.md). On a repository made
// by make_monorepo.sh, measures in one run:
//   - git's own listing: `git ls-tree -r --name-only HEAD` (the peer),
//   - walking the commit's tree alone (every entry) and finding the projects,
//   - cold discovery at HEAD~1 (empty cache; evaluation of every project),
//   - warm re-discovery at HEAD (one project changed) from the disk cache (as a new process) and
//     with the in-memory cache (as a long-running worker),
// and prints medians and ratios. It never asserts on time: it reports.
//   discovery_bench REPO [RUNS]
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "discovery/output.hpp"
#include "discovery/run_discovery.hpp"
#include "git/repository.hpp"

namespace fs = std::filesystem;
using namespace forge::discovery;

namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : (v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2);
}

// CPU time (user + system) of this process's threads and of waited-for children, in ms.
double cpu_ms(int who) {
    rusage ru{};
    getrusage(who, &ru);
    return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

// One measurement: wall-clock and CPU time. On a shared, loaded machine the wall clock includes
// waiting for a core; CPU time does not, so both are reported.
struct sample {
    std::vector<double> wall, cpu;
};

void measure(sample &s, const std::function<void()> &fn) {
    double c0 = cpu_ms(RUSAGE_SELF) + cpu_ms(RUSAGE_CHILDREN);
    auto t0 = std::chrono::steady_clock::now();
    fn();
    s.wall.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    s.cpu.push_back(cpu_ms(RUSAGE_SELF) + cpu_ms(RUSAGE_CHILDREN) - c0);
}

[[noreturn]] void die(const std::string &msg) {
    std::cerr << "discovery_bench: " << msg << "\n";
    std::exit(1);
}

discovery_result must(forge::result<discovery_result> r) {
    if (!r.ok()) die(r.err().message);
    if (!r->problems.empty()) die(format_problems(r->problems));
    return std::move(r).value();
}

}  // namespace

int main(int argc, char **argv) {
    if (argc < 2) die("usage: discovery_bench REPO [RUNS]");
    const fs::path repo_path = fs::absolute(argv[1]);
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
    const fs::path scratch = fs::temp_directory_path() / ("forge-discovery-bench-" + std::to_string(::getpid()));

    sample ls_tree, walk_all, find_projects, cold, cold_no_cache, warm_disk, warm_memory, output;
    std::size_t entries = 0, projects = 0, output_bytes = 0;
    discovery_stats warm_stats;

    auto repo = forge::git::repository::open(repo_path);
    if (!repo.ok()) die(repo.err().message);
    auto head = repo->resolve("HEAD");
    if (!head.ok()) die(head.err().message);

    if (const char *profile = std::getenv("FORGE_BENCH_PROFILE_WARM")) {
        // Profiling aid: only warm re-discoveries with the memory cache, many times.
        evaluation_cache memory;
        discovery_request req;
        req.source.repository = repo_path.string();
        req.cache = &memory;
        req.source.revision = "HEAD~1";
        must(discover_repository(req));
        req.source.revision = "HEAD";
        for (int i = 0; i < std::atoi(profile); ++i) must(discover_repository(req));
        return 0;
    }

    if (const char *profile = std::getenv("FORGE_BENCH_PROFILE_WARM_DISK")) {
        // Profiling aid: only warm re-discoveries from the disk cache (a new process's view), many times.
        fs::remove_all(scratch);
        discovery_request req;
        req.source.repository = repo_path.string();
        req.cache_dir = scratch;
        req.source.revision = "HEAD~1";
        must(discover_repository(req));
        req.source.revision = "HEAD";
        for (int i = 0; i < std::atoi(profile); ++i) must(discover_repository(req));
        fs::remove_all(scratch);
        return 0;
    }

    const std::string ls = "git -C '" + repo_path.string() + "' ls-tree -r --name-only HEAD > /dev/null";
    for (int i = 0; i < runs; ++i) {
        measure(ls_tree, [&] {
            if (std::system(ls.c_str()) != 0) die("git ls-tree failed");
        });
        measure(walk_all, [&] {
            entries = 0;
            auto st = repo->walk(*head, [&](const forge::git::tree_entry &) {
                ++entries;
                return forge::git::walk_action::descend;
            });
            if (!st.ok()) die(st.err().message);
        });
        measure(find_projects, [&] {
            auto found = repo->find_projects(*head);
            if (!found.ok()) die(found.err().message);
            projects = found->size();
        });

        fs::remove_all(scratch);
        discovery_request req;
        req.source.repository = repo_path.string();
        req.source.revision = "HEAD~1";
        req.run = {"main", "", run_event::push};
        measure(cold_no_cache, [&] { must(discover_repository(req)); });

        req.cache_dir = scratch;
        discovery_result cold_result;
        measure(cold, [&] { cold_result = must(discover_repository(req)); });
        measure(output, [&] {
            auto text = output_text(cold_result);
            if (!text.ok()) die(text.err().message);
            output_bytes = text->size();
        });

        req.source.revision = "HEAD";
        measure(warm_disk, [&] { warm_stats = must(discover_repository(req)).stats; });

        evaluation_cache memory(evaluation_cache_dir(scratch));
        req.cache = &memory;
        req.source.revision = "HEAD~1";
        must(discover_repository(req));  // fills the in-memory cache
        req.source.revision = "HEAD";
        measure(warm_memory, [&] { must(discover_repository(req)); });
        fs::remove_all(scratch);
    }

    const double ls_ms = median(ls_tree.wall), cold_ms = median(cold_no_cache.wall);
    const double ls_cpu = median(ls_tree.cpu), cold_cpu = median(cold_no_cache.cpu);
    std::printf("repository: %s (%zu tree entries, %zu projects), %d runs, medians (wall / CPU):\n", repo_path.c_str(),
                entries, projects, runs);
    auto row = [&](const char *what, const sample &s, const std::string &note) {
        std::printf("  %-38s %8.1f ms / %8.1f ms   %s\n", what, median(s.wall), median(s.cpu), note.c_str());
    };
    auto ratio = [](double a, double b) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.2fx", a / b);
        return std::string(buf);
    };
    auto percent = [](double a, double b) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.1f%%", 100 * a / b);
        return std::string(buf);
    };
    row("git ls-tree -r --name-only HEAD", ls_tree, "(the peer)");
    row("tree walk, every entry", walk_all,
        ratio(median(walk_all.wall), ls_ms) + " / " + ratio(median(walk_all.cpu), ls_cpu) + " of git ls-tree");
    row("find projects (.forge/project.cue)", find_projects,
        ratio(median(find_projects.wall), ls_ms) + " / " + ratio(median(find_projects.cpu), ls_cpu) +
            " of git ls-tree");
    row("cold discovery, no cache", cold_no_cache, "");
    row("cold discovery, writing the cache", cold, "");
    row(("output JSON, " + std::to_string(output_bytes) + " bytes").c_str(), output, "");
    row("warm re-discovery, disk cache", warm_disk,
        percent(median(warm_disk.wall), cold_ms) + " / " + percent(median(warm_disk.cpu), cold_cpu) +
            " of cold without cache (" + std::to_string(warm_stats.evaluated) + " evaluated, " +
            std::to_string(warm_stats.cached) + " cached)");
    row("warm re-discovery, memory cache", warm_memory,
        percent(median(warm_memory.wall), cold_ms) + " / " + percent(median(warm_memory.cpu), cold_cpu) +
            " of cold without cache");
    return 0;
}
