// forge run: runs a repository's pipeline on this machine (discovery, phase groups in order, tasks
// in parallel) with live progress, then a summary table and, on failure, the end of the failing
// step's log. Exit 0 when every step succeeded, 1 when the run failed, 130 when it was cancelled.
#include <signal.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <vector>

#include "commands.hpp"
#include "run_progress.hpp"
#include "state_dir.hpp"

namespace forge_cli {

namespace json = boost::json;

namespace {

struct run_flags {
    std::string repo = ".";
    std::string commit, branch, state_dir;
    std::vector<std::string> phases, projects;
    unsigned jobs = 0;
    bool dry_run = false;
    std::string registry, gitops;
    bool no_release = false, no_deploy = false;
};

std::string flag_or_env(const std::string &flag, const char *env) {
    if (!flag.empty()) return flag;
    const char *v = std::getenv(env);
    return v != nullptr ? std::string(v) : std::string();
}

// The token the signal handler raises; forge_cancel_request is async-signal-safe.
forge_cancel *g_cancel = nullptr;

extern "C" void on_stop_signal(int) {
    forge_cancel_request(g_cancel);
}

void install_stop_handlers() {
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;  // a second Ctrl-C ends forge at once
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}

std::string text(const json::value &v) {
    return v.is_string() ? std::string(v.as_string()) : std::string();
}

long long millis(const json::value &from, const json::value &to) {
    // RFC 3339 with milliseconds, all UTC: compare as seconds of the day plus days is enough for
    // durations; parse the fields rather than rely on the time zone of this machine.
    auto parse = [](const std::string &s, long long &out) {
        int y, mo, d, h, mi, sec, ms;
        if (std::sscanf(s.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &y, &mo, &d, &h, &mi, &sec, &ms) != 7) return false;
        // days from civil (Howard Hinnant's algorithm), so month and year boundaries work
        y -= mo <= 2;
        long long era = (y >= 0 ? y : y - 399) / 400;
        long long yoe = y - era * 400;
        long long doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        long long days = era * 146097 + doe;
        out = ((days * 24 + h) * 60 + mi) * 60000LL + sec * 1000LL + ms;
        return true;
    };
    long long a = 0, b = 0;
    if (!parse(text(from), a) || !parse(text(to), b)) return -1;
    return b - a;
}

void print_summary(const json::object &report, std::FILE *out, bool color) {
    std::fprintf(out, "\n%-12s %-24s %-20s %-10s %s\n", "PHASE", "PROJECT", "STEP", "STATUS", "DURATION");
    for (const auto &p : report.at("phases").as_array())
        for (const auto &t : p.at("tasks").as_array())
            for (const auto &s : t.at("steps").as_array()) {
                std::string status = text(s.at("status"));
                long long ms = millis(s.at("started_at"), s.at("completed_at"));
                const char *on = "", *off = "";
                if (color) {
                    on = status == "success" ? "\x1b[32m" : status == "failed" ? "\x1b[31m" : "\x1b[33m";
                    off = "\x1b[0m";
                }
                std::fprintf(out, "%-12s %-24s %-20s %s%-10s%s %s\n", text(p.at("phase_name")).c_str(),
                             text(t.at("project_name")).c_str(), text(s.at("step_name")).c_str(), on, status.c_str(),
                             off, ms >= 0 ? format_duration(ms).c_str() : "-");
            }
    long long total = millis(report.at("started_at"), report.at("completed_at"));
    std::fprintf(out, "\nrun %s %s%s%s\n", text(report.at("id")).c_str(), text(report.at("status")).c_str(),
                 total >= 0 ? " in " : "", total >= 0 ? format_duration(total).c_str() : "");
}

// The first failed step: its error, and the last 30 lines of its log with the log's key.
void print_failure(forge_context *ctx, const json::object &report, std::FILE *out) {
    for (const auto &p : report.at("phases").as_array())
        for (const auto &t : p.at("tasks").as_array())
            for (const auto &s : t.at("steps").as_array()) {
                if (text(s.at("status")) != "failed") continue;
                std::string phase = text(p.at("phase_name")), project = text(t.at("project_name")),
                            step = text(s.at("step_name"));
                std::fprintf(out, "\nfailed: %s/%s step %s", phase.c_str(), project.c_str(), step.c_str());
                if (s.at("exit_code").is_int64())
                    std::fprintf(out, " (exit code %lld)", (long long)s.at("exit_code").as_int64());
                if (auto err = text(s.at("error")); !err.empty()) std::fprintf(out, ": %s", err.c_str());
                std::fprintf(out, "\n");
                std::string key = text(s.at("logs_s3_key"));
                if (key.empty()) return;
                char *log = nullptr;
                if (forge_logs_read(&log, ctx, text(report.at("id")).c_str(), phase.c_str(), project.c_str(),
                                    step.c_str()) != FORGE_OK) {
                    std::fprintf(out, "(its log %s cannot be read: %s)\n", key.c_str(), forge_last_error());
                    return;
                }
                std::string all = forge::api::take_string(log);
                std::vector<std::string> lines;
                std::istringstream in(all);
                for (std::string line; std::getline(in, line);) lines.push_back(line);
                std::size_t first = lines.size() > 30 ? lines.size() - 30 : 0;
                std::fprintf(out, "--- last %zu lines of %s\n", lines.size() - first, key.c_str());
                for (std::size_t i = first; i < lines.size(); ++i) std::fprintf(out, "%s\n", lines[i].c_str());
                std::fprintf(out, "---\n");
                return;
            }
}

void on_event(const char *event_json, void *payload) {
    static_cast<run_progress *>(payload)->on_event(event_json);
}

int run(const forge_app::common_options &opts, const run_flags &f) {
    auto ctx = forge_app::make_context(opts);
    std::string state_dir = resolve_state_dir(f.state_dir, f.repo);
    ctx.set("state_dir", state_dir);  // so that forge_logs_read finds this run's logs

    forge_cancel *cancel = nullptr;
    forge::api::check(forge_cancel_new(&cancel));
    std::unique_ptr<forge_cancel, void (*)(forge_cancel *)> cancel_owner(cancel, forge_cancel_free);
    g_cancel = cancel;
    install_stop_handlers();

    const bool json_out = opts.out == "json";
    const char *ci = std::getenv("CI");
    const bool live = !json_out && ::isatty(STDOUT_FILENO) && !(ci != nullptr && std::string(ci) == "true");
    // With --out json, stdout carries the report only; progress goes to stderr as plain lines.
    run_progress progress(json_out ? stderr : stdout, live);

    std::vector<const char *> phases, projects;
    for (const auto &p : f.phases) phases.push_back(p.c_str());
    for (const auto &p : f.projects) projects.push_back(p.c_str());
    forge_run_options o = FORGE_RUN_OPTIONS_INIT;
    o.repository = f.repo.c_str();
    o.revision = f.commit.empty() ? nullptr : f.commit.c_str();
    o.branch = f.branch.empty() ? nullptr : f.branch.c_str();
    o.phases = phases.data();
    o.phase_count = phases.size();
    o.projects = projects.data();
    o.project_count = projects.size();
    o.jobs = f.jobs;
    o.dry_run = f.dry_run ? 1 : 0;
    o.state_dir = state_dir.c_str();
    o.on_event = on_event;
    o.event_payload = &progress;
    o.cancel = cancel;
    const std::string registry = flag_or_env(f.registry, "FORGE_REGISTRY");
    const std::string gitops = flag_or_env(f.gitops, "FORGE_GITOPS");
    o.registry = registry.empty() ? nullptr : registry.c_str();
    o.gitops = gitops.empty() ? nullptr : gitops.c_str();
    o.no_release = f.no_release ? 1 : 0;
    o.no_deploy = f.no_deploy ? 1 : 0;

    char *report_text = nullptr;
    int rc = forge_run(&report_text, ctx, &o);
    progress.finish();
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    g_cancel = nullptr;
    forge::api::check(rc);
    std::string text_report = forge::api::take_string(report_text);
    const auto report = json::parse(text_report).as_object();
    std::string status = text(report.at("status"));

    if (json_out) {
        std::cout << text_report << "\n";
    } else {
        print_summary(report, stdout, live);
        if (status == "failed") print_failure(ctx, report, stdout);
        if (!f.dry_run)
            std::printf("report: %s/runs/%s/report.json\n", state_dir.c_str(), text(report.at("id")).c_str());
        std::fflush(stdout);
    }
    if (f.dry_run || status == "success") return forge_app::ok;
    return status == "cancelled" ? 130 : forge_app::failure;
}

}  // namespace

void add_run_command(CLI::App &app, forge_app::common_options &opts, command_list &out) {
    auto f = std::make_shared<run_flags>();
    auto *cmd = app.add_subcommand("run", "Run a repository's pipeline on this machine");
    cmd->add_option("--repo", f->repo, "the repository (a local path)")->capture_default_str();
    cmd->add_option("--commit", f->commit,
                    "commit, tag or revision to run, checked out apart (default: the work tree)");
    cmd->add_option("--branch", f->branch, "the run's branch; without --commit, run its tip");
    cmd->add_option("--phase", f->phases, "run only this phase (repeatable)");
    cmd->add_option("--project", f->projects, "run only this project (repeatable)");
    cmd->add_option("--jobs,-j", f->jobs, "tasks at once (default: the number of cores)");
    cmd->add_flag("--dry-run", f->dry_run, "show what would run, run nothing");
    cmd->add_option("--registry", f->registry,
                    "where releases go: host[:port][/prefix] or oci:DIR (default: $FORGE_REGISTRY, else repo.cue, "
                    "else oci:<state-dir>/oci)");
    cmd->add_option(
        "--gitops", f->gitops,
        "GitOps repository to deploy to, path or URL (default: $FORGE_GITOPS, else <state-dir>/gitops.git)");
    cmd->add_flag("--no-release", f->no_release, "stop after the pipeline: no release, no deployment");
    cmd->add_flag("--no-deploy", f->no_deploy, "release what triggered, but do not deploy it");
    add_state_dir_flag(*cmd, f->state_dir);
    forge_app::add_out_flag(*cmd, opts);
    out.emplace_back(cmd, [&opts, f] { return run(opts, *f); });
}

}  // namespace forge_cli
