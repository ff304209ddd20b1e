// CUE export time in-process (issue 3, Performance): runs forge::cue::export_values on the given
// files or package directory N times in one process and prints the median, the fastest and the
// slowest run, the output size and the process's peak RSS (getrusage). Process start-up is not
// counted, so the figures are those of the engine itself; tests/bench/cue_bench.py measures the same
// inputs against the reference.
//
//   build/bin/forge_cue_export_bench [--runs N] [--out json|yaml] [-e EXPR] [--write FILE] PATH...
//
// --write FILE saves the exported text of the last run (to compare outputs across builds).
// PATH is a directory holding one package, or .cue files (as `cue export` takes them).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "cue/api.hpp"

namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

long peak_rss_kib() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

int usage() {
    std::fprintf(stderr,
                 "usage: forge_cue_export_bench [--runs N] [--out json|yaml] [-e EXPR] [--write FILE] PATH...\n");
    return 2;
}

}  // namespace

int main(int argc, char **argv) {
    forge::cue::export_options opts;
    int runs = 5;
    const char *write_to = nullptr;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "--runs" && i + 1 < argc) {
            runs = std::max(1, std::atoi(argv[++i]));
        } else if (a == "--out" && i + 1 < argc) {
            std::string_view f = argv[++i];
            if (f != "json" && f != "yaml") return usage();
            opts.format = f == "yaml" ? forge::cue::output_format::yaml : forge::cue::output_format::json;
        } else if (a == "--write" && i + 1 < argc) {
            write_to = argv[++i];
        } else if (a == "-e" && i + 1 < argc) {
            opts.expression = argv[++i];
        } else if (a.starts_with("-")) {
            return usage();
        } else {
            opts.paths.emplace_back(a);
        }
    }
    if (opts.paths.empty()) return usage();

    std::vector<double> ms;
    std::size_t out_bytes = 0;
    std::string last;
    for (int r = 0; r < runs; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        forge::cue::export_result res = forge::cue::export_values(opts);
        const auto t1 = std::chrono::steady_clock::now();
        if (!res.ok) {
            std::fprintf(stderr, "export failed:\n");
            for (const auto &e : res.errors) std::fprintf(stderr, "  %s\n", e.c_str());
            return 1;
        }
        out_bytes = res.output.size();
        if (write_to && r + 1 == runs) last = std::move(res.output);
        ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    if (write_to) {
        std::FILE *f = std::fopen(write_to, "wb");
        if (!f || std::fwrite(last.data(), 1, last.size(), f) != last.size() || std::fclose(f) != 0) {
            std::fprintf(stderr, "cannot write %s\n", write_to);
            return 1;
        }
    }
    std::printf("inputs      ");
    for (const auto &p : opts.paths) std::printf(" %s", p.c_str());
    std::printf("\nruns         %d\n", runs);
    std::printf("median      %10.1f ms\n", median(ms));
    std::printf("min / max   %10.1f / %.1f ms\n", *std::min_element(ms.begin(), ms.end()),
                *std::max_element(ms.begin(), ms.end()));
    std::printf("output      %10zu bytes\n", out_bytes);
    std::printf("peak RSS    %10.1f MiB\n", static_cast<double>(peak_rss_kib()) / 1024.0);
    return 0;
}
