// Discovery on real git repositories made by the tests: examples/monorepo at a commit (by path and
// through a clone of its URL), branches, tags, nested projects, projects added and removed between
// commits, and the evaluation cache reused and invalidated as the trees change.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "discovery/output.hpp"
#include "discovery/run_discovery.hpp"
#include "support/git_repository.hpp"
#include "support/temp_dir.hpp"

using namespace forge::discovery;
namespace fs = std::filesystem;

namespace {

discovery_result discover_ok(const discovery_request &req) {
    auto r = discover_repository(req);
    INFO((r.ok() ? std::string() : r.err().message));
    REQUIRE(r.ok());
    INFO(format_problems(r->problems));
    REQUIRE(r->problems.empty());
    return std::move(r).value();
}

discovery_request at(const fs::path &repo, const std::string &revision, run_info run = {}) {
    discovery_request req;
    req.source.repository = repo.string();
    req.source.revision = revision;
    req.run = std::move(run);
    return req;
}

std::vector<std::string> names(const discovery_result &r) {
    std::vector<std::string> out;
    for (const auto &p : r.projects) out.push_back(p.name);
    return out;
}

const discovered_project &project(const discovery_result &r, const std::string &name) {
    for (const auto &p : r.projects)
        if (p.name == name) return p;
    FAIL("no project " << name);
    throw std::logic_error("unreachable");
}

const char *minimal_repo = "package repo\nforgeVersion: \"0.1.0\"\nphases: test: group: 1\npublishers: {}\n";
std::string minimal_project(const std::string &step) {
    return "package project\nphases: test: steps: [{name: \"" + step + "\", action: \"shell\", run: \"true\"}]\n";
}

}  // namespace

TEST_CASE("discovery: examples/monorepo at a commit, by path and by URL", "[integration][discovery]") {
    forge::test::git_repository remote("acme-mono");
    auto work = remote.work_tree();
    work.copy_tree(fs::path(FORGE_SOURCE_DIR) / "examples" / "monorepo");
    const std::string commit = work.commit("the example monorepo");
    work.push();

    auto by_path = discover_ok(at(work.path(), "main", {"main", "", run_event::push}));
    CHECK(by_path.commit == commit);
    CHECK(by_path.repository == "acme");  // repo.cue's name wins over the folder and origin
    CHECK(names(by_path) == std::vector<std::string>{"docs", "common", "api", "worker", "acmectl"});
    CHECK(project(by_path, "api").release.triggered);
    CHECK(project(by_path, "api").dir == "services/api");
    REQUIRE(by_path.dag.groups.size() == 2);
    CHECK(by_path.dag.groups[1].phases[0].tasks.size() == 4);  // every project but the library builds

    forge::test::temp_dir cache("discovery-cache");
    discovery_request by_url = at(remote.url(), "main", {"main", "", run_event::push});
    by_url.source.repository = remote.url();
    by_url.cache_dir = cache.path();
    auto cloned = discover_ok(by_url);
    CHECK(cloned.commit == commit);
    CHECK(cloned.repository_url == remote.url());
    CHECK(boost::json::serialize(to_json(cloned).at("dag")) == boost::json::serialize(to_json(by_path).at("dag")));
    CHECK(fs::exists(cache.path() / "git"));
}

TEST_CASE("discovery: branches and tags", "[integration][discovery]") {
    forge::test::git_repository remote("tags");
    auto work = remote.work_tree();
    work.copy_tree(fs::path(FORGE_SOURCE_DIR) / "examples" / "monorepo");
    work.commit("example");
    work.tag("api/v1.2.0", "api release");
    work.tag("v9.0.0");
    work.branch("feature/search");
    work.write("services/search/.forge/project.cue",
               minimal_project("unit") + "release: on: [{branch: \"feature/.*\"}]\n");
    work.commit("search service");

    auto feature = discover_ok(at(work.path(), "feature/search", {"feature/search", "", run_event::push}));
    CHECK(project(feature, "search").release.triggered);
    CHECK_FALSE(project(feature, "api").release.triggered);  // "main" does not match feature/search
    auto main = discover_ok(at(work.path(), "main", {"main", "", run_event::push}));
    CHECK(main.projects.size() == 5);

    auto tagged = discover_ok(at(work.path(), "api/v1.2.0", {"", "api/v1.2.0", run_event::push}));
    CHECK(project(tagged, "api").release.triggered);
    CHECK_FALSE(project(tagged, "acmectl").release.triggered);  // monorepo: only the tagged project
    CHECK(tagged.run.tag == "api/v1.2.0");

    // Switch the repository to tag-all: the bare tag releases every project with a tag trigger.
    work.checkout("main");
    std::ifstream in(work.path() / ".forge" / "repo.cue");
    std::ostringstream s;
    s << in.rdbuf();
    std::string repo_cue = s.str();
    repo_cue.replace(repo_cue.find("\"monorepo\""), 10, "\"tag-all\"");
    work.write(".forge/repo.cue", repo_cue);
    work.commit("tag-all");
    work.tag("v10.0.0");
    auto all = discover_ok(at(work.path(), "v10.0.0", {"", "v10.0.0", run_event::push}));
    CHECK(project(all, "api").release.triggered);
    CHECK(project(all, "acmectl").release.triggered);
    CHECK_FALSE(project(all, "docs").release.triggered);  // branch trigger only
    auto pr = discover_ok(at(work.path(), "v10.0.0", {"main", "v10.0.0", run_event::pull_request}));
    for (const auto &p : pr.projects) CHECK_FALSE(p.release.triggered);
}

TEST_CASE("discovery: nested projects, and projects added and removed between commits", "[integration][discovery]") {
    forge::test::git_repository remote("nested");
    auto work = remote.work_tree();
    work.write(".forge/repo.cue", minimal_repo);
    work.write(".forge/project.cue", minimal_project("root"));  // a project at the root too
    work.write("svc/.forge/project.cue", minimal_project("svc"));
    work.write("svc/plugins/auth/.forge/project.cue", minimal_project("auth"));
    const std::string first = work.commit("three projects");
    work.git({"rm", "-q", "-r", "svc/plugins"});
    work.write("tools/gen/.forge/project.cue", minimal_project("gen"));
    const std::string second = work.commit("auth removed, gen added");

    auto one = discover_ok(at(work.path(), first));
    CHECK(one.repository == "nested");  // no name in repo.cue: origin's last path component
    CHECK(names(one) == std::vector<std::string>{"nested", "svc", "auth"});
    CHECK(project(one, "nested").dir.empty());
    CHECK(project(one, "auth").dir == "svc/plugins/auth");
    CHECK(project(one, "auth").id == "nested/auth");
    CHECK(one.dag.groups[0].phases[0].tasks[0].project_path == ".");

    auto two = discover_ok(at(work.path(), second));
    CHECK(names(two) == std::vector<std::string>{"nested", "svc", "gen"});

    // The same through the cache, whose walk skips the trees it already knows.
    forge::test::temp_dir dir("discovery-cache");
    for (const auto &rev : {first, second, first}) {
        discovery_request cached = at(work.path(), rev);
        cached.cache_dir = dir.path();
        auto r = discover_ok(cached);
        CHECK(names(r) == (rev == first ? std::vector<std::string>{"nested", "svc", "auth"}
                                        : std::vector<std::string>{"nested", "svc", "gen"}));
        CHECK(project(r, "svc").dir == "svc");
    }
}

TEST_CASE("discovery: the evaluation cache is reused and invalidated by tree ids", "[integration][discovery]") {
    forge::test::git_repository remote("cached");
    auto work = remote.work_tree();
    work.write(".forge/repo.cue", minimal_repo);
    for (int i = 0; i < 6; ++i) work.write("p" + std::to_string(i) + "/.forge/project.cue", minimal_project("s"));
    work.write("p0/src/main.c", "int main(void) { return 0; }\n");
    const std::string c1 = work.commit("six projects");
    work.write("p3/.forge/project.cue", minimal_project("changed"));
    work.write("p0/src/main.c", "int main(void) { return 1; }\n");  // outside .forge: no effect
    const std::string c2 = work.commit("p3 changes");
    work.write(".forge/repo.cue", std::string(minimal_repo) + "// a comment\n");
    const std::string c3 = work.commit("repo.cue changes");
    work.git({"mv", "p5", "q5"});
    const std::string c4 = work.commit("p5 moves");

    forge::test::temp_dir dir("discovery-cache");
    auto req = [&](const std::string &rev) {
        discovery_request r = at(work.path(), rev);
        r.cache_dir = dir.path();
        return r;
    };
    auto cold = discover_ok(req(c1));
    CHECK(cold.stats.evaluated == 6);
    auto again = discover_ok(req(c1));
    CHECK(again.stats.cached == 6);
    CHECK(boost::json::serialize(to_json(again)) == boost::json::serialize(to_json(cold)));

    auto changed = discover_ok(req(c2));
    CHECK(changed.stats.evaluated == 1);
    CHECK(changed.stats.cached == 5);
    CHECK(project(changed, "p3").config.phases[0].steps[0].name == "changed");

    auto repo_changed = discover_ok(req(c3));
    CHECK(repo_changed.stats.evaluated == 6);

    auto moved = discover_ok(req(c4));
    CHECK(moved.stats.evaluated == 1);  // same tree, new path: a new name, so evaluated again
    CHECK(project(moved, "q5").dir == "q5");

    // The walk that skips known trees finds exactly what a full walk finds.
    for (const auto &rev : {c1, c2, c3, c4}) {
        auto full = discover_ok(at(work.path(), rev));
        auto incremental = discover_ok(req(rev));
        CHECK(boost::json::serialize(to_json(incremental)) == boost::json::serialize(to_json(full)));
    }

    // Problems are cached too, and still reported from the cache.
    work.write("p1/.forge/project.cue", "package project\nphases: nope: steps: []\n");
    const std::string c5 = work.commit("broken p1");
    for (int round = 0; round < 2; ++round) {
        auto r = discover_repository(req(c5));
        REQUIRE(r.ok());
        REQUIRE(r->problems.size() == 1);
        CHECK(r->problems[0].file == "p1/.forge/project.cue");
        CHECK(r->problems[0].line == 2);
        CHECK(r->stats.evaluated == (round == 0 ? 1u : 0u));
    }
}

TEST_CASE("discovery: local mode sees uncommitted and untracked files", "[integration][discovery]") {
    forge::test::git_repository remote("local");
    auto work = remote.work_tree();
    work.write(".forge/repo.cue", minimal_repo);
    work.write("a/.forge/project.cue", minimal_project("a"));
    work.commit("one project");
    work.write("a/.forge/project.cue", minimal_project("edited"));
    work.write("b/.forge/project.cue", minimal_project("b"));

    discovery_request req = at(work.path(), "");
    req.source.work_tree = true;
    auto local = discover_ok(req);
    CHECK(local.commit.empty());
    CHECK(names(local) == std::vector<std::string>{"a", "b"});
    CHECK(project(local, "a").config.phases[0].steps[0].name == "edited");
    auto committed = discover_ok(at(work.path(), "HEAD"));
    CHECK(names(committed) == std::vector<std::string>{"a"});
}

TEST_CASE("discovery: local mode on a forge repository kept in a folder of a larger work tree",
          "[integration][discovery]") {
    forge::test::git_repository remote("outer");
    auto work = remote.work_tree();
    work.write("README.md", "not a forge repository at the root\n");
    work.write("examples/shop/.forge/repo.cue", minimal_repo);
    work.write("examples/shop/svc/.forge/project.cue", minimal_project("svc"));
    work.commit("an example inside");

    for (const char *inside : {"examples/shop", "examples/shop/svc"}) {
        discovery_request req = at(work.path() / inside, "");
        req.source.work_tree = true;
        auto local = discover_ok(req);
        CHECK(names(local) == std::vector<std::string>{"svc"});
        CHECK(project(local, "svc").config_path == "svc/.forge/project.cue");
    }
}

TEST_CASE("discovery: a value conflicting with several conjuncts is one problem per place",
          "[integration][discovery]") {
    forge::test::git_repository remote("conflict");
    auto work = remote.work_tree();
    work.write(".forge/repo.cue",
               "package repo\nforgeVersion: \"0.1.0\"\nphases: test: group: \"x\"\npublishers: {}\n");
    work.commit("bad group");
    auto r = discover_repository(at(work.path(), "HEAD"));
    REQUIRE(r.ok());
    REQUIRE(r->problems.size() == 1);
    CHECK(r->problems[0].file == ".forge/repo.cue");
    CHECK(r->problems[0].line == 3);
    CHECK(r->problems[0].message.find("phases.test.group") != std::string::npos);
}
