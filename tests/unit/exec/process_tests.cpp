#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "exec_test_support.hpp"
#include "exec/process.hpp"

using forge::exec::process_options;
using forge::exec::run_process;
using forge::ports::output_stream;
using namespace std::chrono_literals;
namespace tx = forge::test_exec;

namespace {

struct captured {
    std::vector<std::pair<output_stream, std::string>> lines;
    std::vector<std::string> of(output_stream s) const {
        std::vector<std::string> out;
        for (const auto &[st, l] : lines)
            if (st == s) out.push_back(l);
        return out;
    }
};

process_options shell(const std::string &script) {
    process_options o;
    o.argv = {"/bin/sh", "-c", script};
    return o;
}

forge::exec::process_result run(const process_options &o, captured &c, const forge::exec::cancel_check &cancel = {}) {
    auto r = run_process(
        o, [&](output_stream s, std::string_view l) { c.lines.emplace_back(s, std::string(l)); }, cancel);
    REQUIRE(r.ok());
    return *r;
}

}  // namespace

TEST_CASE("output arrives line by line, in order, per stream, with the last partial line flushed", "[exec]") {
    captured c;
    auto r = run(shell("printf 'one\\ntwo\\r\\n'; printf 'err1\\n' >&2; printf 'three\\nfour'; printf 'err2' >&2"), c);
    CHECK(r.exit_code == 0);
    CHECK_FALSE(r.timed_out);
    CHECK(c.of(output_stream::out) == std::vector<std::string>{"one", "two", "three", "four"});
    CHECK(c.of(output_stream::err) == std::vector<std::string>{"err1", "err2"});
    CHECK(r.finished_at >= r.started_at);
}

TEST_CASE("a very long line is delivered in pieces of max_line bytes", "[exec]") {
    captured c;
    auto o = shell("head -c 150000 /dev/zero | tr '\\0' x; echo; echo after");
    auto r = run(o, c);
    CHECK(r.exit_code == 0);
    auto out = c.of(output_stream::out);
    REQUIRE(out.size() == 4);
    CHECK(out[0].size() == 65536);
    CHECK(out[1].size() == 65536);
    CHECK(out[2].size() == 150000 - 2 * 65536);
    CHECK(out[3] == "after");
}

TEST_CASE("the line splitter keeps lines across reads and splits long ones", "[exec]") {
    std::vector<std::string> got;
    forge::exec::line_splitter s(4, [&](std::string_view l) { got.emplace_back(l); });
    s.feed("ab");
    s.feed("c\nabcdefg");
    s.feed("h\n\nxy");
    s.finish();
    CHECK(got == std::vector<std::string>{"abc", "abcd", "efgh", "", "xy"});
}

TEST_CASE("exit codes: the status, or 128 + signal", "[exec]") {
    captured c;
    CHECK(run(shell("exit 3"), c).exit_code == 3);
    CHECK(run(shell("kill -TERM $$"), c).exit_code == 128 + 15);
    CHECK(run(shell("true"), c).exit_code == 0);
}

TEST_CASE("working directory and environment reach the command", "[exec]") {
    tx::scratch_dir dir;
    captured c;
    auto o = shell("pwd; echo \"$FORGE_TEST_VALUE\"");
    o.workdir = dir.str();
    o.env["FORGE_TEST_VALUE"] = "hello world";
    auto r = run(o, c);
    CHECK(r.exit_code == 0);
    CHECK(c.of(output_stream::out) ==
          std::vector<std::string>{std::filesystem::canonical(dir.path()).string(), "hello world"});
}

TEST_CASE("a program that cannot be started is an error, not an exit code", "[exec]") {
    process_options o;
    o.argv = {"/nonexistent/forge-no-such-program"};
    auto r = run_process(o, [](output_stream, std::string_view) {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == forge::status::not_found);
    CHECK(r.err().message.find("forge-no-such-program") != std::string::npos);

    auto bad_dir = shell("true");
    bad_dir.workdir = "/nonexistent/forge-dir";
    auto r2 = run_process(bad_dir, [](output_stream, std::string_view) {});
    REQUIRE_FALSE(r2.ok());
    CHECK(r2.err().message.find("/nonexistent/forge-dir") != std::string::npos);
}

TEST_CASE("a timeout stops the whole tree, grandchildren included, and leaves no process", "[exec]") {
    std::string marker = tx::unique_sleep_marker();
    captured c;
    auto o = shell("sleep " + marker + " & sh -c 'sleep " + marker + "; true' & echo started; wait");
    o.timeout = 200ms;
    auto t0 = std::chrono::steady_clock::now();
    auto r = run(o, c);
    CHECK(tx::seconds_since(t0) < 3.0);
    CHECK(r.timed_out);
    CHECK(r.exit_code == 128 + 15);
    CHECK(c.of(output_stream::out) == std::vector<std::string>{"started"});
    CHECK(tx::processes_with(marker).empty());
}

TEST_CASE("a descendant that left the process group is stopped too", "[exec]") {
    std::string marker = tx::unique_sleep_marker();
    captured c;
    auto o = shell("setsid sleep " + marker + " & sleep " + marker);
    o.timeout = 300ms;
    auto r = run(o, c);
    CHECK(r.timed_out);
    CHECK(tx::processes_with(marker).empty());
}

TEST_CASE("a process that ignores SIGTERM is killed after the grace period", "[exec]") {
    captured c;
    auto o = shell("trap '' TERM; echo ready; sleep 5; echo not-reached");
    o.timeout = 200ms;
    o.kill_grace = 200ms;
    auto t0 = std::chrono::steady_clock::now();
    auto r = run(o, c);
    double took = tx::seconds_since(t0);
    CHECK(took >= 0.35);
    CHECK(took < 3.0);
    CHECK(r.timed_out);
    CHECK(r.exit_code == 128 + 9);
    CHECK(c.of(output_stream::out) == std::vector<std::string>{"ready"});
}

TEST_CASE("background work left behind by a finished command is stopped", "[exec]") {
    std::string marker = tx::unique_sleep_marker();
    captured c;
    auto t0 = std::chrono::steady_clock::now();
    auto r = run(shell("sleep " + marker + " & echo done"), c);
    CHECK(tx::seconds_since(t0) < 3.0);
    CHECK(r.exit_code == 0);
    CHECK_FALSE(r.timed_out);
    CHECK(c.of(output_stream::out) == std::vector<std::string>{"done"});
    CHECK(tx::processes_with(marker).empty());
}

TEST_CASE("cancellation from another thread stops the command", "[exec]") {
    std::string marker = tx::unique_sleep_marker();
    std::atomic<bool> stop{false};
    std::thread canceller([&] {
        std::this_thread::sleep_for(200ms);
        stop = true;
    });
    captured c;
    auto t0 = std::chrono::steady_clock::now();
    auto r = run(shell("sleep " + marker + "; echo not-reached"), c, [&] { return stop.load(); });
    canceller.join();
    CHECK(tx::seconds_since(t0) < 3.0);
    CHECK(r.cancelled);
    CHECK_FALSE(r.timed_out);
    CHECK(c.lines.empty());
    CHECK(tx::processes_with(marker).empty());
}

TEST_CASE("PATH lookup finds executables only", "[exec]") {
    tx::scratch_dir dir;
    auto prog = dir.path() / "forge-tool";
    { std::ofstream(prog) << "#!/bin/sh\n"; }
    CHECK(forge::exec::find_in_path("forge-tool", dir.str()).empty());  // not executable yet
    std::filesystem::permissions(prog, std::filesystem::perms::owner_all);
    CHECK(forge::exec::find_in_path("forge-tool", "/nonexistent:" + dir.str()) == prog.string());
    CHECK(forge::exec::find_in_path("sh", "/bin") == "/bin/sh");
}
