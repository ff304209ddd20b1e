#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>

#include "git/repository.hpp"
#include "git_test_helpers.hpp"
#include "support/git_repository.hpp"
#include "support/net.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

using namespace forge::test;
using namespace forge::git;
using forge::git::testing::open_ok;
using forge::git::testing::test_signature;

namespace {

commit_request change_request(const std::string &branch, std::vector<file_change> changes, const std::string &message) {
    commit_request req;
    req.branch = branch;
    req.changes = std::move(changes);
    req.author = test_signature();
    req.committer = test_signature();
    req.message = message;
    return req;
}

file_change write_file(const std::string &path, const std::string &content) { return {path, content, false}; }
file_change delete_file(const std::string &path) { return {path, std::nullopt, false}; }

repository cached(const forge::test::git_repository &remote, const temp_dir &cache) {
    auto r = repository::open_or_clone_cached(remote.url(), cache.path());
    INFO((r.ok() ? std::string() : r.err().message));
    REQUIRE(r.ok());
    return std::move(r).value();
}

// `git daemon` serving the fixture's directory over git:// with pushes enabled, so that pushes go
// through a real receive-pack (hooks, server-side checks) instead of libgit2's local transport.
struct git_daemon {
    process server;
    int port = 0;
    temp_dir logs{"git-daemon"};

    explicit git_daemon(const forge::test::git_repository &repo) {
        for (int attempt = 0; attempt < 5 && !server.valid(); ++attempt) {
            port = free_port();
            spawn_options opts;
            opts.argv = {"git", "daemon", "--reuseaddr", "--export-all", "--enable=receive-pack",
                         "--listen=127.0.0.1", "--port=" + std::to_string(port),
                         "--base-path=" + repo.dir().string(), repo.dir().string()};
            opts.env = repo.environment();
            opts.log_file = logs.path() / "daemon.log";
            process p = process::spawn(opts);
            if (wait_until(std::chrono::steady_clock::now() + std::chrono::seconds(10),
                           [&] { return !p.running() || port_accepts(port); }) &&
                p.running())
                server = std::move(p);
        }
        REQUIRE(server.valid());
    }
    std::string url(const forge::test::git_repository &repo) const {
        return "git://127.0.0.1:" + std::to_string(port) + "/" + repo.bare_path().filename().string();
    }
};

void install_hook(const forge::test::git_repository &repo, const std::string &name, const std::string &script) {
    auto path = repo.bare_path() / "hooks" / name;
    std::ofstream(path) << script;
    ::chmod(path.c_str(), 0755);
}

}  // namespace

TEST_CASE("git: commit without a work tree, push, and the remote has it", "[integration][git]") {
    forge::test::git_repository remote;
    git_work_tree work = remote.work_tree();
    const std::string base = work.write("dev/apps/web/api/release.yaml", "release: 1\n")
                                 .write("dev/apps/web/api/old.yaml", "x\n").commit("base");
    work.push();
    temp_dir cache("git-cache");
    repository repo = cached(remote, cache);

    auto made = repo.commit_files(change_request(
        "main",
        {write_file("dev/apps/web/api/release.yaml", "release: 2\n"), delete_file("dev/apps/web/api/old.yaml"),
         write_file("staging/apps/web/api/release.yaml", "release: 2\n")},
        "deploy web/api abc to dev (release 2)"));
    REQUIRE_OK(made);
    CHECK_FALSE(made->unchanged);
    REQUIRE(made->parent.has_value());
    CHECK(made->parent->hex() == base);
    CHECK(repo.resolve("main")->hex() == made->commit.hex());
    CHECK(*repo.read_file(made->commit, "dev/apps/web/api/release.yaml") == "release: 2\n");
    CHECK(repo.read_file(made->commit, "dev/apps/web/api/old.yaml").err().code == forge::status::not_found);

    REQUIRE_OK(repo.push_branch("origin", "main"));
    CHECK(remote.git(remote.bare_path(), {"rev-parse", "main"}).substr(0, 40) == made->commit.hex());
    CHECK(remote.git(remote.bare_path(), {"show", "main:staging/apps/web/api/release.yaml"}) == "release: 2\n");
    CHECK(remote.git(remote.bare_path(), {"log", "-1", "--format=%an <%ae>|%s", "main"}) ==
          "Forge Test <forge@example.com>|deploy web/api abc to dev (release 2)\n");
    remote.git(remote.bare_path(), {"fsck", "--strict"});  // the pushed objects are complete

    // Writing what is already there makes no commit.
    auto same = repo.commit_files(change_request("main", {write_file("dev/apps/web/api/release.yaml", "release: 2\n")},
                                                 "deploy again"));
    REQUIRE_OK(same);
    CHECK(same->unchanged);
    CHECK(same->commit == made->commit);
    CHECK(repo.resolve("main")->hex() == made->commit.hex());

    // Errors name the thing.
    auto no_branch = repo.commit_files(change_request("nope", {write_file("a", "b")}, "m"));
    REQUIRE_FALSE(no_branch.ok());
    CHECK(no_branch.err().code == forge::status::not_found);
    CHECK_THAT(no_branch.err().message, Catch::Contains("'nope'"));
    auto bad_path = repo.commit_files(change_request("main", {write_file("../escape", "b")}, "m"));
    REQUIRE_FALSE(bad_path.ok());
    CHECK_THAT(bad_path.err().message, Catch::Contains("../escape"));

    // A new branch from nothing, when asked for.
    auto root_req = change_request("gitops-init", {write_file("README.md", "gitops\n")}, "init");
    root_req.create_branch = true;
    auto root = repo.commit_files(root_req);
    REQUIRE_OK(root);
    CHECK_FALSE(root->parent.has_value());
    REQUIRE_OK(repo.push_branch(remote.url(), "gitops-init"));
    CHECK(remote.git(remote.bare_path(), {"rev-parse", "gitops-init"}).substr(0, 40) == root->commit.hex());
}

TEST_CASE("git: a non-fast-forward push is a conflict; fetch, re-apply and retry keeps history linear",
          "[integration][git]") {
    forge::test::git_repository remote;
    git_work_tree work = remote.work_tree();
    work.write("dev/a/release.yaml", "a: 0\n").write("dev/b/release.yaml", "b: 0\n").commit("base");
    work.push();
    temp_dir cache_one("git-cache"), cache_two("git-cache");
    repository one = cached(remote, cache_one);
    repository two = cached(remote, cache_two);

    REQUIRE_OK(one.commit_files(change_request("main", {write_file("dev/a/release.yaml", "a: 1\n")}, "deploy a")));
    REQUIRE_OK(two.commit_files(change_request("main", {write_file("dev/b/release.yaml", "b: 1\n")}, "deploy b")));
    REQUIRE_OK(one.push_branch("origin", "main"));
    auto rejected = two.push_branch("origin", "main");
    REQUIRE_FALSE(rejected.ok());
    CHECK(rejected.err().code == forge::status::conflict);
    CHECK_THAT(rejected.err().message, Catch::Contains("'main'") && Catch::Contains("fast-forward"));

    // The retry step: the remote's tip becomes ours, the change is made again on top of it.
    auto tip = two.fetch_branch("origin", "main");
    REQUIRE_OK(tip);
    CHECK(tip->hex() == remote.git(remote.bare_path(), {"rev-parse", "main"}).substr(0, 40));
    CHECK(two.resolve("main")->hex() == tip->hex());
    REQUIRE_OK(two.commit_files(change_request("main", {write_file("dev/b/release.yaml", "b: 1\n")}, "deploy b")));
    REQUIRE_OK(two.push_branch("origin", "main"));

    CHECK(remote.git(remote.bare_path(), {"rev-list", "--count", "main"}) == "3\n");
    CHECK(remote.git(remote.bare_path(), {"rev-list", "--merges", "--count", "main"}) == "0\n");
    CHECK(remote.git(remote.bare_path(), {"show", "main:dev/a/release.yaml"}) == "a: 1\n");
    CHECK(remote.git(remote.bare_path(), {"show", "main:dev/b/release.yaml"}) == "b: 1\n");

    auto missing = two.fetch_branch("origin", "no-such-branch");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.err().code == forge::status::not_found);
    CHECK_THAT(missing.err().message, Catch::Contains("no-such-branch"));
}

TEST_CASE("git: over git://, a pre-receive hook's rejection and a non-fast-forward are conflicts with the remote's words",
          "[integration][git]") {
    forge::test::git_repository remote;
    git_work_tree work = remote.work_tree();
    work.write("dev/a/release.yaml", "a: 0\n").commit("base");
    work.push();
    git_daemon daemon(remote);
    const std::string url = daemon.url(remote);

    temp_dir cache_one("git-cache"), cache_two("git-cache");
    auto opened = repository::open_or_clone_cached(url, cache_one.path());
    REQUIRE_OK(opened);
    repository one = std::move(opened).value();
    repository two = cached(remote, cache_two);

    // Accepted push over the smart protocol.
    REQUIRE_OK(one.commit_files(change_request("main", {write_file("dev/a/release.yaml", "a: 1\n")}, "deploy a")));
    REQUIRE_OK(one.push_branch("origin", "main"));
    CHECK(remote.git(remote.bare_path(), {"show", "main:dev/a/release.yaml"}) == "a: 1\n");

    // Stale writer: the server (or libgit2 before sending) refuses the non-fast-forward.
    REQUIRE_OK(two.commit_files(change_request("main", {write_file("dev/a/release.yaml", "a: 2\n")}, "deploy a")));
    auto stale = two.push_branch(url, "main");
    REQUIRE_FALSE(stale.ok());
    CHECK(stale.err().code == forge::status::conflict);
    CHECK_THAT(stale.err().message, Catch::Contains("main"));

    // A hook says no: git_remote_push succeeds, the per-reference status carries the refusal.
    install_hook(remote, "pre-receive", "#!/bin/sh\necho 'production is frozen by policy' >&2\nexit 1\n");
    REQUIRE_OK(one.commit_files(change_request("main", {write_file("dev/a/release.yaml", "a: 3\n")}, "deploy a")));
    auto refused = one.push_branch("origin", "main");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.err().code == forge::status::conflict);
    CHECK_THAT(refused.err().message, Catch::Contains("refs/heads/main") && Catch::Contains("production is frozen"));
    CHECK(remote.git(remote.bare_path(), {"show", "main:dev/a/release.yaml"}) == "a: 1\n");
}

TEST_CASE("git: history of one path, newest first, with the content at each change", "[integration][git]") {
    forge::test::git_repository remote;
    git_work_tree work = remote.work_tree();
    const std::string c1 = work.write("dev/app/release.yaml", "r1\n").commit("deploy 1");
    work.write("other.txt", "unrelated\n").commit("unrelated");
    const std::string c3 = work.write("dev/app/release.yaml", "r2\n").commit("deploy 2");
    work.git({"rm", "-q", "dev/app/release.yaml"});
    const std::string c4 = work.commit("remove");
    const std::string c5 = work.write("dev/app/release.yaml", "r3\n").commit("deploy 3");
    work.push();

    repository repo = open_ok(remote.bare_path());
    auto history = repo.path_history("main", "dev/app/release.yaml");
    REQUIRE_OK(history);
    REQUIRE(history->size() == 4);
    CHECK((*history)[0].commit.hex() == c5);
    CHECK((*history)[0].content == std::optional<std::string>("r3\n"));
    CHECK((*history)[0].summary == "deploy 3");
    CHECK((*history)[1].commit.hex() == c4);
    CHECK_FALSE((*history)[1].content.has_value());
    CHECK((*history)[2].commit.hex() == c3);
    CHECK((*history)[2].content == std::optional<std::string>("r2\n"));
    CHECK((*history)[3].commit.hex() == c1);
    CHECK((*history)[3].content == std::optional<std::string>("r1\n"));

    auto limited = repo.path_history("main", "dev/app/release.yaml", 2);
    REQUIRE_OK(limited);
    CHECK(limited->size() == 2);
    CHECK(repo.path_history("main", "never/there.yaml")->empty());
    CHECK(repo.path_history("nope", "x").err().code == forge::status::not_found);
}
