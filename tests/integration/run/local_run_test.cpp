// `forge run` on git repositories made by the tests: tasks of a group overlap, groups follow each
// other strictly, fail-fast skips later groups and cancels running tasks, a step timeout and a
// SIGINT to the CLI leave no process behind, logs are complete and in order, the report has the
// shape of GET /v1/runs/{id}, and a planted secret appears in no log, report or output.
#include "pipeline/local_run.hpp"

#include <signal.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "context/context.hpp"
#include "support/git_repository.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
namespace json = boost::json;
using forge::pipeline::run_status;

namespace {

const char *repo_cue = R"(package repo
forgeVersion: "0.1.0"
name: "runtest"
tagging: strategy: "monorepo"
phases: {
	one: {group: 1}
	also: {group: 1}
	two: {group: 2}
}
)";

// A committed repository whose projects are {path, project.cue body}.
struct test_repo {
    forge::test::git_repository origin{"runtest"};
    forge::test::git_work_tree work = origin.work_tree();
    forge::test::temp_dir state{"run-state"};

    explicit test_repo(std::initializer_list<std::pair<std::string, std::string>> projects) {
        work.write(".forge/repo.cue", repo_cue);
        for (const auto &[path, body] : projects) work.write(path + "/.forge/project.cue", "package project\n" + body);
        work.commit("projects");
    }
};

std::string read_file(const fs::path &p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

forge::pipeline::local_run_outcome run_ok(forge::context &ctx, forge::pipeline::local_run_options o) {
    auto r = forge::pipeline::run_local(ctx, o);
    INFO((r ? std::string() : r.err().message));
    REQUIRE(r.ok());
    return std::move(r).value();
}

const forge::pipeline::task_record &task_of(const forge::pipeline::run_record &rec, const std::string &phase,
                                            const std::string &project) {
    for (const auto &p : rec.phases)
        if (p.name == phase)
            for (const auto &t : p.tasks)
                if (t.project == project) return t;
    FAIL("no task " << phase << "/" << project);
    throw;
}

fs::path forge_cli() {
    return fs::path(FORGE_CLI_PATH);
}

forge::test::command_result cli(const test_repo &repo, std::vector<std::string> args,
                                std::vector<std::pair<std::string, std::string>> env = {}) {
    forge::test::spawn_options o;
    o.argv = {forge_cli().string(),      "run",         "--repo",
              repo.work.path().string(), "--state-dir", repo.state.path().string()};
    o.argv.insert(o.argv.end(), args.begin(), args.end());
    env.emplace_back("CI", "true");
    o.env = std::move(env);
    return forge::test::run_command(o, std::chrono::seconds(60));
}

// Every byte the run left in its state directory.
std::string everything_under(const fs::path &dir) {
    std::string all;
    for (const auto &e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) all += read_file(e.path());
    return all;
}

}  // namespace

TEST_CASE("forge run: tasks of a group overlap, the next group starts after it, logs are complete and in order",
          "[run]") {
    test_repo repo({
        {"a",
         R"(phases: one: steps: [{name: "s", action: "shell", run: "sleep 0.6; for i in $(seq 1 300); do echo line $i; done; echo to-stderr >&2"}])"},
        {"b", R"(phases: one: steps: [{name: "s", action: "shell", run: "sleep 0.6"}])"},
        {"c", R"(phases: {
	also: steps: [{name: "first", action: "shell", run: "echo first"}, {name: "second", action: "shell", run: "echo second"}]
	two: steps: [{name: "s", action: "shell", run: "echo two"}]
})"},
    });
    forge::context ctx;
    REQUIRE(forge::register_builtin_adapters(ctx).ok());
    std::vector<std::string> events;
    forge::pipeline::local_run_options o;
    o.repository = repo.work.path().string();
    o.revision = "main";
    o.jobs = 4;
    o.state_dir = repo.state.path();
    o.on_event = [&](const std::string &e) { events.push_back(e); };
    auto out = run_ok(ctx, o);
    REQUIRE(out.record.status == run_status::success);
    REQUIRE(out.record.commit == repo.work.head());

    const auto &a = task_of(out.record, "one", "a");
    const auto &b = task_of(out.record, "one", "b");
    const auto &c2 = task_of(out.record, "two", "c");
    // Parallel inside the group: each started before the other ended.
    CHECK(*a.started_at < *b.completed_at);
    CHECK(*b.started_at < *a.completed_at);
    // Strictly after the whole group.
    CHECK(*c2.started_at >= *a.completed_at);
    CHECK(*c2.started_at >= *b.completed_at);
    CHECK(*c2.started_at >= *task_of(out.record, "also", "c").completed_at);

    // The log of a: every line, in order, stderr included.
    auto log = out.store->get(a.steps[0].logs_key);
    REQUIRE(log.ok());
    std::string expect;
    for (int i = 1; i <= 300; ++i) expect += "line " + std::to_string(i) + "\n";
    expect += "to-stderr\n";
    CHECK(*log == expect);

    // Events: discovery first, run.finished last, steps of one task in order.
    REQUIRE(events.size() > 4);
    CHECK(events.front().find("\"discovery.started\"") != std::string::npos);
    CHECK(events.back().find("\"run.finished\"") != std::string::npos);
    std::size_t first = 0, second = 0;
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (events[i].find("\"step.started\"") == std::string::npos) continue;
        if (events[i].find("\"step\":\"first\"") != std::string::npos) first = i;
        if (events[i].find("\"step\":\"second\"") != std::string::npos) second = i;
    }
    CHECK(first < second);

    // The commit ran in its own checkout, removed afterwards.
    CHECK_FALSE(fs::exists(repo.state.path() / "checkouts" / out.record.id));
}

TEST_CASE("forge run: the report has the shape of GET /v1/runs/{id} and is stored twice", "[run]") {
    test_repo repo({{"a", R"(phases: one: steps: [{name: "s", action: "shell", run: "echo hi"}])"}});
    auto res = cli(repo, {"--out", "json", "--commit", "main"});
    INFO(res.output);
    REQUIRE(res.exit_code == 0);
    // stdout carries the report as its last line (plain progress lines go to stderr).
    std::string last = res.output.substr(res.output.rfind("\n{") + 1);
    auto report = json::parse(last).as_object();
    std::string id(report.at("id").as_string());
    for (const char *k :
         {"id", "repository", "branch", "tag", "commit_sha", "status", "started_at", "completed_at", "phases"})
        CHECK(report.contains(k));
    CHECK(report.at("status") == "success");
    CHECK(report.at("commit_sha").as_string() == repo.work.head());
    const auto &phase = report.at("phases").as_array().at(0).as_object();
    for (const char *k : {"id", "phase_name", "group_number", "status", "started_at", "completed_at", "tasks"})
        CHECK(phase.contains(k));
    const auto &task = phase.at("tasks").as_array().at(0).as_object();
    for (const char *k : {"id", "project_name", "project_path", "status", "started_at", "completed_at", "steps"})
        CHECK(task.contains(k));
    const auto &step = task.at("steps").as_array().at(0).as_object();
    for (const char *k : {"id", "step_name", "action", "target", "status", "exit_code", "started_at", "completed_at",
                          "logs_s3_key", "logs_url", "error"})
        CHECK(step.contains(k));
    CHECK(step.at("exit_code") == 0);
    CHECK(step.at("logs_s3_key").as_string() == "pipeline-runs/" + id + "/logs/one/a/s.log");
    CHECK(fs::exists(repo.state.path() / "runs" / id / "report.json"));
    CHECK(fs::exists(repo.state.path() / "objects" / "pipeline-runs" / id / "report.json"));

    // forge logs prints it back.
    forge::test::spawn_options o;
    o.argv = {forge_cli().string(),
              "logs",
              id,
              "--state-dir",
              repo.state.path().string(),
              "--phase",
              "one",
              "--project",
              "a",
              "--step",
              "s"};
    auto logs = forge::test::run_command(o, std::chrono::seconds(30));
    CHECK(logs.exit_code == 0);
    CHECK(logs.output == "hi\n");
}

TEST_CASE("forge run: a failure in group 1 cancels its running tasks, skips group 2 and exits non-zero", "[run]") {
    test_repo repo({
        {"bad",
         R"(phases: one: steps: [{name: "s", action: "shell", run: "sleep 0.3; echo broken; exit 3"}, {name: "after", action: "shell", run: "true"}])"},
        {"slow", R"(phases: one: steps: [{name: "s", action: "shell", run: "sleep 911"}])"},
        {"later", R"(phases: two: steps: [{name: "s", action: "shell", run: "echo never"}])"},
    });
    auto t0 = std::chrono::steady_clock::now();
    auto res = cli(repo, {"--jobs", "4"});
    auto took = std::chrono::steady_clock::now() - t0;
    INFO(res.output);
    CHECK(res.exit_code == 1);
    CHECK(took < std::chrono::seconds(20));  // the slow task was stopped, not waited for
    CHECK(res.output.find("failed: one/bad step s (exit code 3)") != std::string::npos);
    CHECK(res.output.find("broken") != std::string::npos);  // the tail of the failing log
    CHECK(forge::test::processes_mentioning("sleep 911").empty());

    fs::path runs = repo.state.path() / "runs";
    REQUIRE(fs::exists(runs));
    auto report = json::parse(read_file(fs::directory_iterator(runs)->path() / "report.json")).as_object();
    CHECK(report.at("status") == "failed");
    std::map<std::string, std::string> status;
    for (const auto &p : report.at("phases").as_array())
        for (const auto &t : p.at("tasks").as_array())
            for (const auto &s : t.at("steps").as_array())
                status[std::string(p.at("phase_name").as_string()) + "/" +
                       std::string(t.at("project_name").as_string()) + "/" +
                       std::string(s.at("step_name").as_string())] = std::string(s.at("status").as_string());
    CHECK(status["one/bad/s"] == "failed");
    CHECK(status["one/bad/after"] == "skipped");
    CHECK(status["one/slow/s"] == "cancelled");
    CHECK(status["two/later/s"] == "skipped");
}

TEST_CASE("forge run: a step timeout stops the step and the grandchild it left sleeping", "[run]") {
    test_repo repo(
        {{"t",
          R"(phases: one: steps: [{name: "s", action: "shell", timeout: "1s", run: "sh -c 'sleep 912 & wait'; echo done"}])"}});
    forge::context ctx;
    REQUIRE(forge::register_builtin_adapters(ctx).ok());
    forge::pipeline::local_run_options o;
    o.repository = repo.work.path().string();
    o.state_dir = repo.state.path();
    auto t0 = std::chrono::steady_clock::now();
    auto out = run_ok(ctx, o);
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(15));
    CHECK(out.record.status == run_status::failed);
    const auto &step = task_of(out.record, "one", "t").steps.at(0);
    CHECK(step.status == run_status::failed);
    CHECK(step.error.find("timed out") != std::string::npos);
    CHECK_FALSE(step.exit_code.has_value());
    CHECK(forge::test::processes_mentioning("sleep 912").empty());
}

TEST_CASE("forge run: SIGINT cancels the run, stops every step and exits non-zero", "[run]") {
    test_repo repo({
        {"x", R"(phases: one: steps: [{name: "s", action: "shell", run: "sh -c 'sleep 913 & wait'"}])"},
        {"y", R"(phases: two: steps: [{name: "s", action: "shell", run: "echo never"}])"},
    });
    forge::test::spawn_options o;
    o.argv = {forge_cli().string(),      "run",         "--repo",
              repo.work.path().string(), "--state-dir", repo.state.path().string()};
    o.env = {{"CI", "true"}};
    o.log_file = repo.state.path() / "cli.log";
    auto proc = forge::test::process::spawn(o);
    // Wait until the step's grandchild runs.
    bool started = forge::test::wait_until(std::chrono::steady_clock::now() + std::chrono::seconds(30),
                                           [] { return !forge::test::processes_mentioning("sleep 913").empty(); });
    REQUIRE(started);
    REQUIRE(::kill(proc.pid(), SIGINT) == 0);
    auto code = proc.wait_for_exit(std::chrono::seconds(20));
    INFO(proc.log_tail());
    REQUIRE(code.has_value());
    CHECK(*code == 130);
    CHECK(forge::test::processes_mentioning("sleep 913").empty());
    auto report = json::parse(read_file(fs::directory_iterator(repo.state.path() / "runs")->path() / "report.json"));
    CHECK(report.at("status") == "cancelled");
    CHECK(report.at("phases").at(0).at("tasks").at(0).at("steps").at(0).at("status") == "cancelled");
    for (const auto &p : report.at("phases").as_array())
        if (p.at("phase_name") == "two") CHECK(p.at("status") == "skipped");
}

TEST_CASE("forge run: a step's secret reaches it but no log, report, event or output", "[run][secrets]") {
    const std::string secret = "planted-s3cr3t-value-8c1f";
    test_repo repo({{"s", R"(phases: one: steps: [{
	name: "use", action: "shell"
	run: "echo token is $TOKEN; echo $TOKEN >&2; test ${#TOKEN} = 25 && echo matches"
	secrets: [{name: "TOKEN", ref: {provider: "env", name: "FORGE_RUN_TEST_TOKEN"}}]
}])"}});
    auto res = cli(repo, {}, {{"FORGE_RUN_TEST_TOKEN", secret}});
    INFO(res.output);
    CHECK(res.exit_code == 0);
    CHECK(res.output.find(secret) == std::string::npos);
    std::string state = everything_under(repo.state.path());
    CHECK(state.find("token is ***") != std::string::npos);  // the step saw it, the log masks it
    CHECK(state.find("matches") != std::string::npos);
    CHECK(state.find(secret) == std::string::npos);

    // A reference that cannot be resolved fails the step with a clear error, no value anywhere.
    test_repo missing({{"s", R"(phases: one: steps: [{name: "use", action: "shell", run: "true"
	secrets: [{name: "TOKEN", ref: {provider: "env", name: "FORGE_RUN_TEST_UNSET_VAR"}}]}])"}});
    auto bad = cli(missing, {});
    CHECK(bad.exit_code == 1);
    CHECK(bad.output.find("resolving the secret TOKEN") != std::string::npos);
}

TEST_CASE("forge run: --phase and --project select, unknown names are refused, --dry-run runs nothing", "[run]") {
    test_repo repo({
        {"a",
         R"(phases: {one: steps: [{name: "s", action: "shell", run: "touch ran-a-one"}], two: steps: [{name: "s", action: "shell", run: "touch ran-a-two"}]})"},
        {"b", R"(phases: one: steps: [{name: "s", action: "shell", run: "touch ran-b"}])"},
    });
    auto dry = cli(repo, {"--dry-run", "--out", "json"});
    INFO(dry.output);
    CHECK(dry.exit_code == 0);
    CHECK(dry.output.find("\"status\":\"pending\"") != std::string::npos);
    CHECK_FALSE(fs::exists(repo.work.path() / "a" / "ran-a-one"));

    auto sel = cli(repo, {"--phase", "two", "--project", "a"});
    INFO(sel.output);
    CHECK(sel.exit_code == 0);
    CHECK(fs::exists(repo.work.path() / "a" / "ran-a-two"));  // the work tree itself (no --commit)
    CHECK_FALSE(fs::exists(repo.work.path() / "a" / "ran-a-one"));
    CHECK_FALSE(fs::exists(repo.work.path() / "b" / "ran-b"));

    auto unknown = cli(repo, {"--phase", "nope"});
    CHECK(unknown.exit_code == 1);
    CHECK(unknown.output.find("no phase \"nope\" (phases: also, one, two)") != std::string::npos);
}

TEST_CASE("forge run: post-run stages follow a successful pipeline in the step's checkout, a failing one fails the run",
          "[run][stages]") {
    test_repo repo(
        {{"a",
          R"(phases: one: steps: [{name: "s", action: "shell", run: "mkdir -p dist && echo built > dist/out"}])"}});
    forge::context ctx;
    REQUIRE(forge::register_builtin_adapters(ctx).ok());
    std::vector<std::string> seen, events;
    forge::pipeline::local_run_options o;
    o.repository = repo.work.path().string();
    o.revision = "main";
    o.state_dir = repo.state.path();
    o.on_event = [&](const std::string &e) { events.push_back(e); };
    o.post_run.push_back({"release", [&](forge::context &, const forge::pipeline::local_run_outcome &run) {
                              // The artifact the step wrote is there, in the commit's checkout.
                              seen.push_back("release:" + read_file(run.workdir / "a" / "dist" / "out"));
                              seen.push_back(run.discovery.projects.at(0).name);
                              return forge::status_result{};
                          }});
    o.post_run.push_back({"deploy", [&](forge::context &, const forge::pipeline::local_run_outcome &) {
                              seen.push_back("deploy");
                              return forge::status_result{
                                  forge::make_error(forge::status::conflict, "gitops push rejected")};
                          }});
    o.post_run.push_back({"never", [&](forge::context &, const forge::pipeline::local_run_outcome &) {
                              seen.push_back("never");
                              return forge::status_result{};
                          }});
    auto out = run_ok(ctx, o);
    CHECK(seen == std::vector<std::string>{"release:built\n", "a", "deploy"});
    CHECK(out.record.status == run_status::failed);
    CHECK(read_file(out.report_path).find("\"status\":\"failed\"") != std::string::npos);
    CHECK(events.back().find("\"stage.finished\"") != std::string::npos);
    CHECK(events.back().find("gitops push rejected") != std::string::npos);

    // No stage after a failed pipeline.
    test_repo broken({{"a", R"(phases: one: steps: [{name: "s", action: "shell", run: "exit 1"}])"}});
    o.repository = broken.work.path().string();
    o.state_dir = broken.state.path();
    seen.clear();
    auto failed = run_ok(ctx, o);
    CHECK(failed.record.status == run_status::failed);
    CHECK(seen.empty());
}
