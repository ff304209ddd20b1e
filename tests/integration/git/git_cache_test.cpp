#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "git/repository.hpp"
#include "git_test_helpers.hpp"
#include "support/git_repository.hpp"
#include "support/temp_dir.hpp"

using namespace forge::test;
using namespace forge::git;

TEST_CASE("git: clone into a cache, reuse it, fetch new commits, tags and branch deletions", "[integration][git]") {
    forge::test::git_repository remote;
    git_work_tree work = remote.work_tree();
    const std::string first = work.write(".forge/repo.cue", "v: 1\n").commit("first");
    work.tag("v1.0.0", "release");
    work.branch("old").checkout("main").push();
    temp_dir cache("git-cache");

    auto opened = repository::open_or_clone_cached(remote.url(), cache.path());
    REQUIRE_OK(opened);
    repository repo = std::move(opened).value();
    CHECK(repo.is_bare());
    CHECK(repo.name() == remote.url());
    CHECK(repo.resolve("main")->hex() == first);
    CHECK(repo.resolve("HEAD")->hex() == first);
    CHECK(repo.resolve("old")->hex() == first);
    CHECK(repo.resolve("v1.0.0")->hex() == first);
    const auto clone_dir = repo.git_dir();
    CHECK(clone_dir.parent_path().parent_path() == cache.path());
    CHECK(std::filesystem::exists(cache.path() / (repository::cache_key(remote.url()) + ".lock")));
    CHECK_THAT(repository::cache_key(remote.url()), Catch::StartsWith("repo-"));

    // New commits, a new tag, a deleted branch: the next open fetches them into the same clone.
    const std::string second = work.write("new.txt", "n\n").commit("second");
    work.tag("v2.0.0");
    work.push();
    work.git({"push", "-q", "origin", "--delete", "old"});
    auto again = repository::open_or_clone_cached(remote.url(), cache.path());
    REQUIRE_OK(again);
    CHECK(again->git_dir() == clone_dir);
    CHECK(again->resolve("main")->hex() == second);
    CHECK(again->resolve("v2.0.0")->hex() == second);
    CHECK(*again->read_file(*object_id::parse(second), "new.txt") == "n\n");
    CHECK(again->resolve("old").err().code == forge::status::not_found);  // pruned

    // A local path for the same repository is another key, but works the same.
    auto by_path = repository::open_or_clone_cached(remote.bare_path().string(), cache.path());
    REQUIRE_OK(by_path);
    CHECK(by_path->resolve("main")->hex() == second);

    // A failed clone names the URL and leaves no repository behind for the next run to trust.
    auto broken = repository::open_or_clone_cached("file:///nonexistent/forge/nothing.git", cache.path());
    REQUIRE_FALSE(broken.ok());
    CHECK_THAT(broken.err().message, Catch::Contains("/nonexistent/forge/nothing.git"));
    CHECK_FALSE(std::filesystem::exists(cache.path() / (repository::cache_key("file:///nonexistent/forge/nothing.git") + ".git")));
}

TEST_CASE("git: cache keys hide credentials and differ per URL; messages never show a token", "[integration][git]") {
    CHECK(repository::cache_key("https://github.com/acme/app.git") != repository::cache_key("https://github.com/acme/other.git"));
    CHECK(repository::cache_key("https://github.com/acme/app.git") == repository::cache_key("https://github.com/acme/app.git/"));
    CHECK_THAT(repository::cache_key("https://github.com/acme/app.git"), Catch::StartsWith("app-"));

    temp_dir cache("git-cache");
    credentials creds;
    creds.token = "s3cr3t-token";
    // Nothing listens on port 1: the clone fails, and neither the URL's password nor the token leak.
    auto r = repository::open_or_clone_cached("http://user:hunter2@127.0.0.1:1/acme/app.git", cache.path(), &creds);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.err().message, Catch::Contains("127.0.0.1:1/acme/app.git"));
    CHECK_THAT(r.err().message, !Catch::Contains("hunter2") && !Catch::Contains("s3cr3t"));
}

TEST_CASE("git: two processes cloning into one cache at once both succeed", "[integration][git]") {
    forge::test::git_repository remote;
    git_work_tree work = remote.work_tree();
    for (int i = 0; i < 50; ++i) work.write("dir" + std::to_string(i) + "/file.txt", std::string(2000, char('a' + i % 26)));
    const std::string head = work.commit("many files");
    work.push();
    temp_dir cache("git-cache");

    constexpr int children = 4;
    std::vector<pid_t> pids;
    for (int i = 0; i < children; ++i) {
        pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            auto repo = repository::open_or_clone_cached(remote.url(), cache.path());
            bool ok = repo.ok() && repo->resolve("main").ok() && repo->resolve("main")->hex() == head &&
                      repo->read_file(*repo->resolve("main"), "dir7/file.txt").ok();
            ::_exit(ok ? 0 : 1);
        }
        pids.push_back(pid);
    }
    for (pid_t pid : pids) {
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    // One clone, no staging directory left behind.
    std::size_t entries = 0;
    for (const auto &e : std::filesystem::directory_iterator(cache.path())) {
        ++entries;
        CHECK(e.path().string().find(".tmp-") == std::string::npos);
    }
    CHECK(entries == 2);  // <key>.git and <key>.lock
}
