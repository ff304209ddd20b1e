#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <mutex>
#include <regex>
#include <thread>

#include "../exec/exec_test_support.hpp"
#include "context/context.hpp"
#include "pipeline/scheduler.hpp"

namespace json = boost::json;
namespace tx = forge::test_exec;
using namespace forge::pipeline;
using namespace std::chrono_literals;

namespace {

forge::ports::step_spec sh(const std::string &name, const std::string &run) {
    forge::ports::step_spec s;
    s.name = name;
    s.action = "shell";
    s.run = run;
    s.timeout = 10s;
    return s;
}

task make_task(const std::string &project, std::vector<forge::ports::step_spec> steps) {
    return task{project, ".", std::move(steps)};
}

phase make_phase(const std::string &name, int group, std::vector<task> tasks) {
    phase p;
    p.name = name;
    p.group = group;
    p.tasks = std::move(tasks);
    return p;
}

dag make_dag(std::vector<phase> phases) {
    dag d;
    d.repository = "example";
    d.commit = "0123456789abcdef0123456789abcdef01234567";
    d.branch = "main";
    for (auto &p : phases) {
        if (d.groups.empty() || d.groups.back().number != p.group) d.groups.push_back(phase_group{p.group, {}});
        d.groups.back().phases.push_back(std::move(p));
    }
    return d;
}

// A context with the built-in adapters and a state directory in a scratch dir.
struct fixture {
    tx::scratch_dir dir;
    forge::context ctx;
    std::mutex mu;
    std::vector<std::string> events;
    std::vector<std::string> live_lines;

    fixture() {
        REQUIRE(forge::register_builtin_adapters(ctx).ok());
        REQUIRE(ctx.config().set("state_dir", dir.str()).ok());
    }
    scheduler_options options(unsigned jobs = 4) {
        scheduler_options o;
        o.repo_root = dir.path();
        o.jobs = jobs;
        o.on_event = [this](const std::string &e) {
            std::lock_guard l(mu);
            events.push_back(e);
        };
        o.on_log_line = [this](const log_line &l) {
            std::lock_guard lock(mu);
            live_lines.push_back(std::string(l.project) + ":" + std::string(l.text));
        };
        return o;
    }
    run_record run(const dag &d, scheduler_options o) {
        scheduler s(ctx, std::move(o));
        auto r = s.run(d);
        REQUIRE(r.ok());
        return *r;
    }
    std::string stored(const std::string &key) { return tx::read_file(dir.path() / "objects" / key); }
};

const step_record &step_of(const run_record &r, const std::string &phase, const std::string &project,
                           std::size_t i = 0) {
    for (const auto &p : r.phases)
        if (p.name == phase)
            for (const auto &t : p.tasks)
                if (t.project == project) return t.steps.at(i);
    FAIL("no step " << phase << "/" << project);
    throw std::logic_error("unreachable");
}
const task_record &task_of(const run_record &r, const std::string &phase, const std::string &project) {
    for (const auto &p : r.phases)
        if (p.name == phase)
            for (const auto &t : p.tasks)
                if (t.project == project) return t;
    FAIL("no task " << phase << "/" << project);
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("tasks of one group run in parallel; groups run strictly in order", "[pipeline]") {
    fixture f;
    auto d = make_dag(
        {make_phase("check", 1, {make_task("a", {sh("s", "sleep 0.3")})}),
         make_phase("test", 1, {make_task("b", {sh("s", "sleep 0.3")})}),
         make_phase("build", 2, {make_task("c", {sh("s", "sleep 0.05")}), make_task("d", {sh("s", "true")})})});
    auto t0 = std::chrono::steady_clock::now();
    auto r = f.run(d, f.options(4));
    double took = tx::seconds_since(t0);
    CHECK(r.status == run_status::success);
    CHECK(took < 0.6);  // two 0.3 s steps overlapped instead of adding up
    const auto &a = step_of(r, "check", "a"), &b = step_of(r, "test", "b");
    CHECK(*a.started_at < *b.completed_at);
    CHECK(*b.started_at < *a.completed_at);
    for (const auto &later : {step_of(r, "build", "c"), step_of(r, "build", "d")}) {
        CHECK(*later.started_at >= *a.completed_at);
        CHECK(*later.started_at >= *b.completed_at);
        CHECK(later.status == run_status::success);
        CHECK(later.exit_code == 0);
    }
    CHECK(r.phases[0].group == 1);
    CHECK(r.phases[2].group == 2);
    CHECK(*r.phases[2].started_at >= *r.phases[0].completed_at);
}

TEST_CASE("jobs bounds how many tasks run at once", "[pipeline]") {
    fixture f;
    auto d = make_dag({make_phase("test", 1,
                                  {make_task("a", {sh("s", "sleep 0.15")}), make_task("b", {sh("s", "sleep 0.15")}),
                                   make_task("c", {sh("s", "sleep 0.15")})})});
    auto r = f.run(d, f.options(1));
    CHECK(r.status == run_status::success);
    std::vector<step_record> steps = {step_of(r, "test", "a"), step_of(r, "test", "b"), step_of(r, "test", "c")};
    std::sort(steps.begin(), steps.end(), [](auto &x, auto &y) { return *x.started_at < *y.started_at; });
    CHECK(*steps[1].started_at >= *steps[0].completed_at);
    CHECK(*steps[2].started_at >= *steps[1].completed_at);
}

TEST_CASE("fail-fast: a failing step cancels its running sibling and skips later groups", "[pipeline]") {
    fixture f;
    std::string marker = tx::unique_sleep_marker();
    auto d = make_dag(
        {make_phase("test", 1,
                    {make_task("bad", {sh("fails", "sleep 0.2; echo broken >&2; exit 3"), sh("after", "true")}),
                     make_task("slow", {sh("sleeps", "sleep " + marker), sh("never", "true")})}),
         make_phase("publish", 2, {make_task("bad", {sh("push", "true")})})});
    auto t0 = std::chrono::steady_clock::now();
    auto r = f.run(d, f.options(4));
    CHECK(tx::seconds_since(t0) < 3.0);
    CHECK(r.status == run_status::failed);

    const auto &fails = step_of(r, "test", "bad", 0);
    CHECK(fails.status == run_status::failed);
    CHECK(fails.exit_code == 3);
    CHECK(step_of(r, "test", "bad", 1).status == run_status::skipped);
    CHECK(task_of(r, "test", "bad").status == run_status::failed);

    const auto &sleeps = step_of(r, "test", "slow", 0);
    CHECK(sleeps.status == run_status::cancelled);
    CHECK_FALSE(sleeps.exit_code.has_value());
    CHECK(step_of(r, "test", "slow", 1).status == run_status::skipped);
    CHECK(task_of(r, "test", "slow").status == run_status::cancelled);
    CHECK(tx::processes_with(marker).empty());

    CHECK(r.phases[0].status == run_status::failed);
    CHECK(r.phases[1].status == run_status::skipped);
    CHECK(task_of(r, "publish", "bad").status == run_status::skipped);
    CHECK(step_of(r, "publish", "bad").status == run_status::skipped);
    CHECK_FALSE(step_of(r, "publish", "bad").started_at.has_value());
    CHECK(f.stored(fails.logs_key) == "broken\n");
}

TEST_CASE("cancel() stops running steps and ends the run cancelled", "[pipeline]") {
    fixture f;
    std::string marker = tx::unique_sleep_marker();
    auto d = make_dag({make_phase("test", 1, {make_task("a", {sh("sleeps", "sleep " + marker)})}),
                       make_phase("build", 2, {make_task("a", {sh("s", "true")})})});
    scheduler s(f.ctx, f.options());
    std::thread canceller([&] {
        std::this_thread::sleep_for(200ms);
        s.cancel();
    });
    auto t0 = std::chrono::steady_clock::now();
    auto r = s.run(d);
    canceller.join();
    REQUIRE(r.ok());
    CHECK(tx::seconds_since(t0) < 3.0);
    CHECK(r->status == run_status::cancelled);
    CHECK(step_of(*r, "test", "a").status == run_status::cancelled);
    CHECK(r->phases[0].status == run_status::cancelled);
    CHECK(r->phases[1].status == run_status::skipped);
    CHECK(tx::processes_with(marker).empty());
}

TEST_CASE("a step timeout fails the step and leaves no process", "[pipeline]") {
    fixture f;
    std::string marker = tx::unique_sleep_marker();
    auto slow = sh("slow", "sleep " + marker + " & sleep " + marker);
    slow.timeout = 200ms;
    auto r = f.run(make_dag({make_phase("test", 1, {make_task("a", {slow})})}), f.options());
    CHECK(r.status == run_status::failed);
    const auto &st = step_of(r, "test", "a");
    CHECK(st.status == run_status::failed);
    CHECK(st.error.find("timed out after 200ms") != std::string::npos);
    CHECK(f.stored(st.logs_key).find("timed out") != std::string::npos);
    CHECK(tx::processes_with(marker).empty());
}

TEST_CASE("logs are stored complete and in order under spec keys, and streamed live", "[pipeline]") {
    fixture f;
    auto d = make_dag({make_phase(
        "test", 1,
        {make_task("api", {sh("count", "i=1; while [ $i -le 300 ]; do echo line $i; i=$((i+1)); done; printf tail")}),
         make_task("web", {sh("count", "echo web-out; echo web-err >&2")})})});
    scheduler s(f.ctx, f.options());
    auto r = s.run(d);
    REQUIRE(r.ok());
    const auto &st = step_of(*r, "test", "api");
    CHECK(st.logs_key == "pipeline-runs/" + s.run_id() + "/logs/test/api/count.log");
    std::string expected;
    for (int i = 1; i <= 300; ++i) expected += "line " + std::to_string(i) + "\n";
    expected += "tail\n";
    CHECK(f.stored(st.logs_key) == expected);
    CHECK(f.stored(step_of(*r, "test", "web").logs_key) == "web-out\nweb-err\n");

    std::vector<std::string> api_live;
    for (const auto &l : f.live_lines)
        if (l.rfind("api:", 0) == 0) api_live.push_back(l.substr(4));
    REQUIRE(api_live.size() == 301);
    CHECK(api_live.front() == "line 1");
    CHECK(api_live[299] == "line 300");
}

TEST_CASE("the report has the shape of GET /v1/runs/{id} and progress events are JSON", "[pipeline]") {
    fixture f;
    auto d = make_dag({make_phase("test", 1, {make_task("api", {sh("unit", "echo ok")})})});
    scheduler s(f.ctx, f.options());
    auto r = s.run(d);
    REQUIRE(r.ok());
    auto path = f.dir.path() / "runs" / s.run_id() / "report.json";
    REQUIRE(std::filesystem::exists(path));
    auto doc = json::parse(tx::read_file(path)).as_object();

    std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    std::regex ts(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
    auto str = [](const json::value &v) { return std::string(v.as_string()); };
    CHECK(std::regex_match(str(doc.at("id")), uuid));
    CHECK(str(doc.at("id")) == s.run_id());
    CHECK(str(doc.at("status")) == "success");
    CHECK(str(doc.at("repository")) == "example");
    CHECK(str(doc.at("branch")) == "main");
    CHECK(str(doc.at("commit_sha")) == d.commit);
    CHECK(std::regex_match(str(doc.at("started_at")), ts));
    CHECK(std::regex_match(str(doc.at("completed_at")), ts));
    auto &ph = doc.at("phases").as_array().at(0).as_object();
    CHECK(std::regex_match(str(ph.at("id")), uuid));
    CHECK(str(ph.at("phase_name")) == "test");
    CHECK(ph.at("group_number").as_int64() == 1);
    CHECK(str(ph.at("status")) == "success");
    auto &tk = ph.at("tasks").as_array().at(0).as_object();
    CHECK(str(tk.at("project_name")) == "api");
    CHECK(str(tk.at("project_path")) == ".");
    CHECK(std::regex_match(str(tk.at("started_at")), ts));
    auto &st = tk.at("steps").as_array().at(0).as_object();
    CHECK(std::regex_match(str(st.at("id")), uuid));
    CHECK(str(st.at("step_name")) == "unit");
    CHECK(str(st.at("action")) == "shell");
    CHECK(st.at("exit_code").as_int64() == 0);
    CHECK(str(st.at("status")) == "success");
    CHECK(str(st.at("logs_s3_key")) == "pipeline-runs/" + s.run_id() + "/logs/test/api/unit.log");
    CHECK(str(st.at("logs_url")).rfind("file://", 0) == 0);
    CHECK(st.at("error").is_null());
    for (auto key : {"id", "step_name", "action", "target", "status", "exit_code", "started_at", "completed_at",
                     "logs_s3_key", "logs_url"})
        CHECK(st.contains(key));

    std::vector<std::string> kinds;
    for (const auto &e : f.events) {
        auto ev = json::parse(e).as_object();
        CHECK(str(ev.at("run_id")) == s.run_id());
        CHECK(std::regex_match(str(ev.at("timestamp")), ts));
        kinds.push_back(str(ev.at("event")));
    }
    CHECK(kinds == std::vector<std::string>{"run.started", "phase.started", "task.started", "step.started",
                                            "step.finished", "task.finished", "phase.finished", "run.finished"});
    auto finished = json::parse(f.events[4]).as_object();
    CHECK(str(finished.at("status")) == "success");
    CHECK(finished.at("exit_code").as_int64() == 0);
    CHECK(str(finished.at("logs_key")) == str(st.at("logs_s3_key")));
}

TEST_CASE("a planted secret never appears in a stored log, the report or an event", "[pipeline][secrets]") {
    fixture f;
    const std::string secret = "planted-s3cr3t-value-9271";
    f.ctx.logger().secrets().add(secret);
    auto leak = sh("leak", "echo \"token=$API_TOKEN\"; echo \"$API_TOKEN\" >&2; exit 1");
    leak.env["API_TOKEN"] = secret;
    auto again = sh("again", "echo $API_TOKEN");
    again.env["API_TOKEN"] = secret;
    auto r =
        f.run(make_dag({make_phase("test", 1, {make_task("api", {leak}), make_task("web", {again})})}), f.options());
    CHECK(r.status == run_status::failed);
    std::string log = f.stored(step_of(r, "test", "api").logs_key);
    CHECK(log.find("token=***") != std::string::npos);

    std::size_t files = 0;
    for (const auto &e : std::filesystem::recursive_directory_iterator(f.dir.path())) {
        if (!e.is_regular_file()) continue;
        ++files;
        INFO(e.path());
        CHECK(tx::read_file(e.path()).find(secret) == std::string::npos);
    }
    CHECK(files >= 2);  // at least a log and the report were checked
    for (const auto &e : f.events) CHECK(e.find(secret) == std::string::npos);
    for (const auto &l : f.live_lines) CHECK(l.find(secret) == std::string::npos);
}

TEST_CASE("earthly without the binary fails with install instructions", "[pipeline][earthly]") {
    fixture f;
    tx::scratch_dir empty_bin;
    forge::ports::step_spec e;
    e.name = "image";
    e.action = "earthly";
    e.target = "docker";
    e.timeout = 10s;
    e.env["PATH"] = empty_bin.str();
    auto r = f.run(make_dag({make_phase("build", 1, {make_task("api", {e})})}), f.options());
    CHECK(r.status == run_status::failed);
    const auto &st = step_of(r, "build", "api");
    CHECK(st.status == run_status::failed);
    CHECK(st.error.find("https://earthly.dev/get-earthly") != std::string::npos);
    CHECK(f.stored(st.logs_key).find("https://earthly.dev/get-earthly") != std::string::npos);
}

TEST_CASE("earthly gets --ci, the target, and secrets by name only", "[pipeline][earthly]") {
    fixture f;
    tx::scratch_dir bin;
    const std::string secret = "earthly-secret-value-5521";
    f.ctx.logger().secrets().add(secret);
    auto args_file = bin.path() / "args";
    {
        std::ofstream script(bin.path() / "earthly");
        script << "#!/bin/sh\necho \"$@\" > '" << args_file.string() << "'\n"
               << "[ \"$REGISTRY_TOKEN\" = '" << secret << "' ] && echo token-in-environment\n";
    }
    std::filesystem::permissions(bin.path() / "earthly", std::filesystem::perms::owner_all);
    forge::ports::step_spec e;
    e.name = "image";
    e.action = "earthly";
    e.target = "docker";
    e.timeout = 10s;
    e.env = {{"PATH", bin.str() + ":/usr/bin:/bin"}, {"CI", "true"}, {"REGISTRY_TOKEN", secret}, {"PLAIN", "x"}};
    auto r = f.run(make_dag({make_phase("build", 1, {make_task("api", {e})})}), f.options());
    CHECK(r.status == run_status::success);
    CHECK(tx::read_file(args_file) == "--ci --secret REGISTRY_TOKEN +docker\n");
    std::string log = f.stored(step_of(r, "build", "api").logs_key);
    CHECK(log.find("token-in-environment") != std::string::npos);
    CHECK(log.find(secret) == std::string::npos);
}

TEST_CASE("an unknown action fails the step with the registered names", "[pipeline]") {
    fixture f;
    forge::ports::step_spec s;
    s.name = "x";
    s.action = "docker";
    auto r = f.run(make_dag({make_phase("test", 1, {make_task("a", {s})})}), f.options());
    CHECK(r.status == run_status::failed);
    CHECK(step_of(r, "test", "a").error.find("registered: earthly, shell") != std::string::npos);
}

TEST_CASE("steps run in the project directory", "[pipeline]") {
    fixture f;
    std::filesystem::create_directories(f.dir.path() / "services/api");
    auto t = make_task("api", {sh("where", "pwd")});
    t.project_path = "services/api";
    auto r = f.run(make_dag({make_phase("test", 1, {t})}), f.options());
    CHECK(r.status == run_status::success);
    CHECK(f.stored(step_of(r, "test", "api").logs_key) ==
          std::filesystem::canonical(f.dir.path() / "services/api").string() + "\n");
}

TEST_CASE("the run's hard limit cancels running steps and fails the run", "[pipeline]") {
    fixture f;
    std::string marker = tx::unique_sleep_marker();
    auto o = f.options();
    o.run_limit = 200ms;
    auto t0 = std::chrono::steady_clock::now();
    auto r = f.run(make_dag({make_phase("test", 1, {make_task("a", {sh("sleeps", "sleep " + marker)})}),
                             make_phase("build", 2, {make_task("a", {sh("s", "true")})})}),
                   o);
    CHECK(tx::seconds_since(t0) < 3.0);
    CHECK(r.status == run_status::failed);
    CHECK(step_of(r, "test", "a").status == run_status::cancelled);
    CHECK(r.phases[1].status == run_status::skipped);
    CHECK(tx::processes_with(marker).empty());
}
