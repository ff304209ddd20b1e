#include <catch2/catch.hpp>

#include "git/repository.hpp"
#include "git_test_helpers.hpp"
#include "support/git_repository.hpp"

using namespace forge::test;
using namespace forge::git;
using forge::git::testing::open_ok;

TEST_CASE("git: resolve branches, tags, SHAs and HEAD; unknown revisions name the repository", "[integration][git]") {
    forge::test::git_repository remote;
    git_work_tree work = remote.work_tree();
    const std::string first = work.write("README.md", "one\n").commit("first");
    work.tag("v1.0.0", "annotated release");
    work.tag("light");
    work.branch("feature/x");
    const std::string second = work.write("x.txt", "x\n").commit("second");
    work.checkout("main").push();

    repository repo = open_ok(remote.bare_path());
    CHECK(repo.is_bare());
    CHECK(repo.resolve("main")->hex() == first);
    CHECK(repo.resolve("HEAD")->hex() == first);
    CHECK(repo.resolve("feature/x")->hex() == second);
    CHECK(repo.resolve("refs/heads/feature/x")->hex() == second);
    CHECK(repo.resolve("v1.0.0")->hex() == first);  // annotated: peeled to the commit
    CHECK(repo.resolve("light")->hex() == first);
    CHECK(repo.resolve(second)->hex() == second);
    CHECK(repo.resolve(second.substr(0, 10))->hex() == second);
    CHECK(repo.resolve("feature/x~1")->hex() == first);

    auto missing = repo.resolve("no-such-branch");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.err().code == forge::status::not_found);
    CHECK_THAT(missing.err().message, Catch::Contains("no-such-branch") && Catch::Contains(remote.bare_path().string()));

    auto tree = repo.resolve("main^{tree}");
    REQUIRE_FALSE(tree.ok());
    CHECK(tree.err().code == forge::status::invalid);
    CHECK_THAT(tree.err().message, Catch::Contains("not a commit"));

    // Remote-tracking refs of a work tree after a fetch.
    repository clone = open_ok(work.path());
    work.git({"fetch", "origin"});
    CHECK(clone.resolve("origin/feature/x")->hex() == second);
}

TEST_CASE("git: tags at a commit, lightweight and annotated", "[integration][git]") {
    forge::test::git_repository remote;
    git_work_tree work = remote.work_tree();
    const std::string first = work.write("a", "1").commit("first");
    work.tag("v1.0.0", "annotated").tag("api/v1.0.0").tag("api/v1.0.1", "annotated too");
    const std::string second = work.write("a", "2").commit("second");
    work.tag("v2.0.0");
    work.push();

    repository repo = open_ok(remote.bare_path());
    auto at_first = repo.tags_at(*forge::git::object_id::parse(first));
    REQUIRE_OK(at_first);
    CHECK(*at_first == std::vector<std::string>{"api/v1.0.0", "api/v1.0.1", "v1.0.0"});
    CHECK(*repo.tags_at(*forge::git::object_id::parse(second)) == std::vector<std::string>{"v2.0.0"});
}

TEST_CASE("git: current branch of a work tree, detached HEAD, unborn branch", "[integration][git]") {
    forge::test::git_repository remote;
    git_work_tree work = remote.work_tree();
    repository repo = open_ok(work.path());
    CHECK(repo.current_branch()->value() == "main");  // no commit yet
    work.write("a", "1").commit("first");
    work.branch("topic");
    CHECK(repo.current_branch()->value() == "topic");
    work.git({"checkout", "--detach"});
    CHECK_FALSE(repo.current_branch()->has_value());
}

TEST_CASE("git: read files at a commit without a checkout; errors name path and commit", "[integration][git]") {
    forge::test::git_repository remote;
    git_work_tree work = remote.work_tree();
    const std::string first = work.write("svc/api/main.go", "package main\n").write("README.md", "v1\n").commit("one");
    const std::string second = work.write("README.md", "v2\n").commit("two");
    work.push();

    repository repo = open_ok(remote.bare_path());
    auto c1 = *object_id::parse(first);
    auto c2 = *object_id::parse(second);
    CHECK(*repo.read_file(c1, "README.md") == "v1\n");
    CHECK(*repo.read_file(c2, "README.md") == "v2\n");
    CHECK(*repo.read_file(c2, "svc/api/main.go") == "package main\n");

    auto missing = repo.read_file(c2, "svc/nope.txt");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.err().code == forge::status::not_found);
    CHECK_THAT(missing.err().message, Catch::Contains("svc/nope.txt") && Catch::Contains(c2.short_hex()));

    auto dir = repo.read_file(c2, "svc/api");
    REQUIRE_FALSE(dir.ok());
    CHECK_THAT(dir.err().message, Catch::Contains("is a directory"));

    for (const char *bad : {"", "/etc/passwd", "../x", "svc/../README.md", "svc//api"}) {
        auto r = repo.read_file(c2, bad);
        REQUIRE_FALSE(r.ok());
        CHECK(r.err().code == forge::status::invalid);
    }

    // Through the source_tree interface.
    commit_source source(repo, c1);
    CHECK(*source.read("README.md") == "v1\n");
    CHECK_THAT(source.describe(), Catch::Contains(c1.short_hex()));
}

TEST_CASE("git: find projects at commits; .forge tree ids change only with the .forge subtree", "[integration][git]") {
    forge::test::git_repository remote;
    git_work_tree work = remote.work_tree();
    const std::string c1 = work.write(".forge/repo.cue", "forgeVersion: \"0.1.0\"\n")
                               .write("services/api/.forge/project.cue", "name: \"api\"\n")
                               .write("services/api/main.go", "package main\n")
                               .write("services/api/nested/worker/.forge/project.cue", "name: \"worker\"\n")
                               .write("libs/util/.forge/project.cue", "name: \"util\"\n")
                               .write("libs/util/.forge/extra.cue", "x: 1\n")
                               .write("docs/.forge/not-a-project.cue", "x: 1\n")
                               .write("tools/project.cue", "not in .forge\n")
                               .commit("projects");
    // Change code of api (not its .forge), change util's .forge, remove worker, add cli.
    work.write("services/api/main.go", "package main // changed\n").write("libs/util/.forge/extra.cue", "x: 2\n");
    work.git({"rm", "-q", "-r", "services/api/nested"});
    const std::string c2 = work.write("cmd/cli/.forge/project.cue", "name: \"cli\"\n").commit("change");
    work.push();

    repository repo = open_ok(remote.bare_path());
    auto p1 = repo.find_projects(*object_id::parse(c1));
    REQUIRE_OK(p1);
    REQUIRE(p1->size() == 3);
    CHECK((*p1)[0].config_path == "libs/util/.forge/project.cue");
    CHECK((*p1)[0].dir == "libs/util");
    CHECK((*p1)[1].config_path == "services/api/.forge/project.cue");
    CHECK((*p1)[2].config_path == "services/api/nested/worker/.forge/project.cue");
    CHECK((*p1)[2].dir == "services/api/nested/worker");
    // The id is the git tree id of the .forge directory.
    CHECK((*p1)[1].forge_tree.hex() == work.git({"rev-parse", c1 + ":services/api/.forge"}).substr(0, 40));

    auto p2 = repo.find_projects(*object_id::parse(c2));
    REQUIRE_OK(p2);
    REQUIRE(p2->size() == 3);
    CHECK((*p2)[0].config_path == "cmd/cli/.forge/project.cue");
    CHECK((*p2)[1].config_path == "libs/util/.forge/project.cue");
    CHECK((*p2)[2].config_path == "services/api/.forge/project.cue");
    CHECK((*p2)[2].forge_tree == (*p1)[1].forge_tree);  // only code changed in api
    CHECK((*p2)[1].forge_tree != (*p1)[0].forge_tree);  // util's .forge changed

    // A project at the repository root.
    work.write(".forge/project.cue", "name: \"root\"\n");
    const std::string c3 = work.commit("root project");
    work.push();
    auto p3 = repo.find_projects(*object_id::parse(c3));
    REQUIRE_OK(p3);
    REQUIRE(p3->size() == 4);
    CHECK((*p3)[0].config_path == ".forge/project.cue");
    CHECK((*p3)[0].dir.empty());
}

TEST_CASE("git: the tree walker visits full paths in pre-order and prunes subtrees", "[integration][git]") {
    forge::test::git_repository remote;
    git_work_tree work = remote.work_tree();
    const std::string c = work.write("a/b/c.txt", "c").write("a/d.txt", "d").write("e.txt", "e")
                              .write("skip/me.txt", "s").commit("tree");
    work.push();
    repository repo = open_ok(remote.bare_path());
    std::vector<std::string> seen;
    REQUIRE_OK(repo.walk(*object_id::parse(c), [&](const tree_entry &e) {
        seen.push_back(std::string(e.path) + (e.is_tree ? "/" : ""));
        return e.is_tree && e.name == "skip" ? walk_action::skip : walk_action::descend;
    }));
    CHECK(seen == std::vector<std::string>{"a/", "a/b/", "a/b/c.txt", "a/d.txt", "e.txt", "skip/"});

    std::size_t count = 0;
    REQUIRE_OK(repo.walk(*object_id::parse(c), [&](const tree_entry &) {
        return ++count == 2 ? walk_action::stop : walk_action::descend;
    }));
    CHECK(count == 2);

    std::string blob_id;
    REQUIRE_OK(repo.walk(*object_id::parse(c), [&](const tree_entry &e) {
        if (e.path == "e.txt") blob_id = e.id.hex();
        return walk_action::descend;
    }));
    CHECK(blob_id == work.git({"rev-parse", c + ":e.txt"}).substr(0, 40));
}

TEST_CASE("git: opening a missing repository names the path", "[integration][git]") {
    auto r = repository::open("/nonexistent/forge/repo");
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == forge::status::not_found);
    CHECK_THAT(r.err().message, Catch::Contains("/nonexistent/forge/repo"));
}
