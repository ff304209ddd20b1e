// Pipeline execution overhead: a 100-task DAG whose steps are `true`, run by
// the scheduler (one phase group, jobs = cores, logs to the fs object store, report written), against
// `xargs -P <cores>` running the same 100 `/bin/sh -c true` commands. Runs alternate; the table shows
// the median of each and the process's peak RSS.
//
//   build/bin/forge_exec_bench [--tasks N] [--runs R] [--jobs J]
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "context/context.hpp"
#include "exec/process.hpp"
#include "pipeline/scheduler.hpp"

namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

double seconds(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

forge::pipeline::dag true_dag(int tasks) {
    forge::pipeline::phase p;
    p.name = "test";
    p.group = 1;
    for (int i = 0; i < tasks; ++i) {
        forge::ports::step_spec s;
        s.name = "check";
        s.action = "shell";
        s.run = "true";
        s.timeout = std::chrono::minutes(1);
        p.tasks.push_back(forge::pipeline::task{"project-" + std::to_string(i), ".", {s}});
    }
    forge::pipeline::dag d;
    d.repository = "bench";
    d.commit = "0000000000000000000000000000000000000000";
    d.groups.push_back(forge::pipeline::phase_group{1, {p}});
    return d;
}

long peak_rss_kib() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

}  // namespace

int main(int argc, char **argv) {
    int tasks = 100, runs = 7;
    unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string a = argv[i];
        if (a == "--tasks")
            tasks = std::atoi(argv[i + 1]);
        else if (a == "--runs")
            runs = std::atoi(argv[i + 1]);
        else if (a == "--jobs")
            jobs = static_cast<unsigned>(std::atoi(argv[i + 1]));
    }
    char tmpl[] = "/tmp/forge-exec-bench-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) return 1;
    std::filesystem::path state = tmpl;

    forge::context ctx;
    if (!forge::register_builtin_adapters(ctx) || !ctx.config().set("state_dir", state.string())) return 1;
    auto d = true_dag(tasks);
    std::string xargs_cmd =
        "seq " + std::to_string(tasks) + " | xargs -P " + std::to_string(jobs) + " -n 1 /bin/sh -c true";

    std::vector<double> ours, xargs;
    for (int r = 0; r < runs; ++r) {
        auto t0 = std::chrono::steady_clock::now();
        forge::pipeline::scheduler_options o;
        o.repo_root = state;
        o.jobs = jobs;
        forge::pipeline::scheduler s(ctx, o);
        auto rec = s.run(d);
        ours.push_back(seconds(t0));
        if (!rec || rec->status != forge::pipeline::run_status::success) {
            std::fprintf(stderr, "scheduler run failed\n");
            return 1;
        }

        forge::exec::process_options x;
        x.argv = {"/bin/sh", "-c", xargs_cmd};
        t0 = std::chrono::steady_clock::now();
        auto xr = forge::exec::run_process(x, [](forge::ports::output_stream, std::string_view) {});
        xargs.push_back(seconds(t0));
        if (!xr || xr->exit_code != 0) {
            std::fprintf(stderr, "xargs run failed\n");
            return 1;
        }
    }
    double m_ours = median(ours), m_xargs = median(xargs);
    std::printf("%d tasks of `true`, jobs=%u, median of %d runs\n", tasks, jobs, runs);
    std::printf("%-28s %10s\n", "", "wall (s)");
    std::printf("%-28s %10.3f\n", "forge scheduler", m_ours);
    std::printf("%-28s %10.3f\n", "xargs -P (same commands)", m_xargs);
    std::printf("%-28s %10.3f\n", "overhead (difference)", m_ours - m_xargs);
    std::printf("%-28s %10.2f\n", "ratio", m_xargs > 0 ? m_ours / m_xargs : 0.0);
    std::printf("%-28s %10.1f\n", "peak RSS (MiB)", static_cast<double>(peak_rss_kib()) / 1024.0);
    std::error_code ec;
    std::filesystem::remove_all(state, ec);
    return 0;
}
