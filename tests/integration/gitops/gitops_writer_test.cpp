#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <sstream>

#include "gitops/deployments.hpp"
#include "gitops/names.hpp"
#include "gitops_test_helpers.hpp"
#include "support/git_repository.hpp"
#include "support/temp_dir.hpp"

using namespace forge::gitops;
using forge::gitops::testing::fake_sha;
using forge::test::temp_dir;

namespace {

gitops_target target_for(const forge::test::git_repository &remote, const temp_dir &cache) {
    gitops_target t;
    t.url = remote.url();
    t.cache_dir = cache.path();
    t.author_name = "Forge Test";
    t.author_email = "forge@example.com";
    return t;
}

deploy_request request(const std::string &env, const std::string &project, const std::string &sha, int number) {
    deploy_request r;
    r.env = env;
    r.repo = "shop";
    r.project = project;
    r.release = sha;
    r.number = number;
    r.deployed_by = "ci";
    return r;
}

std::vector<std::string> lines(const std::string &text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);)
        if (!l.empty()) out.push_back(l);
    return out;
}

std::string git(const forge::test::git_repository &remote, std::vector<std::string> args) {
    return remote.git(remote.bare_path(), std::move(args));
}

}  // namespace

TEST_CASE("gitops: deploy writes the pointer with the commit message and author", "[integration][gitops]") {
    forge::test::git_repository remote("gitops");
    temp_dir cache("gitops-cache");
    auto t = target_for(remote, cache);
    t.now = 1700000000;
    const auto sha = fake_sha(1, 1);
    auto rq = request("dev", "api", sha, 7);
    rq.aliases.tag = "v1.2.3";
    auto out = deploy(t, rq);
    GITOPS_REQUIRE_OK(out);
    CHECK_FALSE(out->write.unchanged);
    CHECK(git(remote, {"log", "-1", "--format=%s|%an|%ae", "main"}) ==
          "deploy shop/api " + sha + " to dev (release 7)|Forge Test|forge@example.com\n");
    auto text = git(remote, {"show", "main:dev/apps/shop/api/release.yaml"});
    CHECK(text ==
          "apiVersion: forge.projectcatalyst.io/v1alpha1\n"
          "kind: ReleasePointer\n"
          "metadata:\n  name: \"api\"\n"
          "spec:\n  release: \"" +
              sha +
              "\"\n"
              "  aliases:\n    numeric: 7\n    tag: \"v1.2.3\"\n"
              "  deployedAt: \"2023-11-14T22:13:20Z\"\n  deployedBy: \"ci\"\n");
    auto parsed = parse_pointer(text, "release.yaml");
    GITOPS_REQUIRE_OK(parsed);
    CHECK(parsed->release == sha);
    CHECK(*parsed->aliases.numeric == 7);
}

TEST_CASE("gitops: re-deploying the pointer already there makes no commit", "[integration][gitops]") {
    forge::test::git_repository remote("gitops");
    temp_dir cache("gitops-cache");
    auto t = target_for(remote, cache);
    const auto sha = fake_sha(2, 1);
    GITOPS_REQUIRE_OK(deploy(t, request("dev", "api", sha, 1)));
    const auto before = git(remote, {"rev-parse", "main"});
    t.now = 1800000000;  // a later deployedAt does not make it a new deployment
    auto again = deploy(t, request("dev", "api", sha, 1));
    GITOPS_REQUIRE_OK(again);
    CHECK(again->write.unchanged);
    CHECK(git(remote, {"rev-parse", "main"}) == before);
    CHECK(git(remote, {"rev-list", "--count", "main"}) == "1\n");
}

TEST_CASE("gitops: production needs an approver; the approval is recorded", "[integration][gitops]") {
    forge::test::git_repository remote("gitops");
    temp_dir cache("gitops-cache");
    auto t = target_for(remote, cache);
    auto rq = request("production", "api", fake_sha(3, 1), 1);
    auto refused = deploy(t, rq);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.err().code == forge::status::permission);
    CHECK_THAT(refused.err().message, Catch::Contains("requires an approval"));
    rq.approved_by = "alice";
    auto ok = deploy(t, rq);
    GITOPS_REQUIRE_OK(ok);
    CHECK(*ok->pointer.approved_by == "alice");
    CHECK(ok->pointer.approved_at.has_value());

    // repo.cue may relax or tighten the policy.
    auto policy = deploy_policy::from_json(
        R"({"environments": {"production": {"requiresApproval": false}, "staging": {"requiresApproval": true}}})");
    GITOPS_REQUIRE_OK(policy);
    auto rq2 = request("production", "web", fake_sha(3, 2), 1);
    rq2.policy = *policy;
    GITOPS_REQUIRE_OK(deploy(t, rq2));
    auto rq3 = request("staging", "web", fake_sha(3, 2), 1);
    rq3.policy = *policy;
    CHECK(deploy(t, rq3).err().code == forge::status::permission);
}

TEST_CASE("gitops: files other than release.yaml and env.yaml in a project folder are refused",
          "[integration][gitops]") {
    forge::test::git_repository remote("gitops");
    auto work = remote.work_tree();
    work.write("dev/apps/shop/api/extra.yaml", "kind: ConfigMap\n").commit("hand-made");
    work.push({"main"});
    temp_dir cache("gitops-cache");
    auto t = target_for(remote, cache);
    auto out = deploy(t, request("dev", "api", fake_sha(4, 1), 1));
    REQUIRE_FALSE(out.ok());
    CHECK(out.err().code == forge::status::invalid);
    CHECK_THAT(out.err().message, Catch::Contains("extra.yaml"));
    CHECK(check_writable_path("dev/apps/shop/api/values.yaml").err().code == forge::status::invalid);
    CHECK(check_writable_path("dev/apps/shop/api/sub/release.yaml").err().code == forge::status::invalid);
    CHECK(check_writable_path("dev/apps/shop/api/env.yaml").ok());
    CHECK(check_writable_path("dev/env.yaml").ok());
    // A direct write through the low-level edit is refused as well.
    auto refused = apply_edit(t, [](const auto &, const auto &) -> forge::result<planned_commit> {
        planned_commit p;
        p.message = "sneak";
        p.changes.push_back({"dev/apps/shop/web/kustomization.yaml", std::string("x"), false});
        return p;
    });
    CHECK(refused.err().code == forge::status::invalid);
}

TEST_CASE("gitops: promotion copies the pointer with its aliases; rollback goes back", "[integration][gitops]") {
    forge::test::git_repository remote("gitops");
    temp_dir cache("gitops-cache");
    auto t = target_for(remote, cache);
    const auto a = fake_sha(5, 1), b = fake_sha(5, 2), c = fake_sha(5, 3);
    auto rq = request("dev", "api", a, 1);
    rq.aliases.branch = "main-1";
    GITOPS_REQUIRE_OK(deploy(t, rq));
    GITOPS_REQUIRE_OK(deploy(t, request("dev", "api", b, 2)));
    GITOPS_REQUIRE_OK(deploy(t, request("dev", "api", b, 2)));  // no-op
    GITOPS_REQUIRE_OK(deploy(t, request("dev", "api", c, 3)));

    promote_request pr{"shop", "api", "dev", "staging", "bob", std::nullopt, {}};
    auto promoted = promote(t, pr);
    GITOPS_REQUIRE_OK(promoted);
    CHECK(promoted->pointer.release == c);
    CHECK(*promoted->pointer.aliases.numeric == 3);
    CHECK(promoted->pointer.deployed_by == "bob");
    CHECK(git(remote, {"log", "-1", "--format=%s", "main"}) ==
          "promote shop/api " + c + " from dev to staging (release 3)\n");
    // Promotion to production needs the approver.
    promote_request prod{"shop", "api", "staging", "production", "bob", std::nullopt, {}};
    CHECK(promote(t, prod).err().code == forge::status::permission);
    CHECK(promote(t, promote_request{"shop", "nope", "dev", "staging", "bob", std::nullopt, {}}).err().code ==
          forge::status::not_found);

    rollback_request rb{"dev", "shop", "api", std::nullopt, "carol", std::nullopt, {}};
    auto back = rollback(t, rb);
    GITOPS_REQUIRE_OK(back);
    CHECK(back->pointer.release == b);
    CHECK(*back->pointer.aliases.numeric == 2);
    auto back2 = rollback(t, rb);  // previous of b is c (history kept, the rollback is a new commit)
    GITOPS_REQUIRE_OK(back2);
    CHECK(back2->pointer.release == c);
    rb.to = "1";
    auto to_first = rollback(t, rb);
    GITOPS_REQUIRE_OK(to_first);
    CHECK(to_first->pointer.release == a);
    CHECK(*to_first->pointer.aliases.branch == "main-1");
    rb.to = a.substr(0, 10);
    auto same = rollback(t, rb);
    GITOPS_REQUIRE_OK(same);
    CHECK(same->write.unchanged);
    rb.to = "v9";
    CHECK(rollback(t, rb).err().code == forge::status::not_found);

    auto h = history(t, "shop", "api", "dev");
    GITOPS_REQUIRE_OK(h);
    std::vector<std::string> releases;
    for (const auto &r : *h) releases.push_back(r.pointer->release);
    CHECK(releases == std::vector<std::string>{a, c, b, c, b, a});
    CHECK((*h)[0].summary == "rollback shop/api to " + a + " in dev (release 1)");
    auto all = history(t, "shop", "api");
    GITOPS_REQUIRE_OK(all);
    CHECK(all->size() == 7);
    CHECK_THAT(history_json(*all), Catch::Contains("\"env\":\"staging\""));
    // Linear history, one commit per change.
    CHECK(git(remote, {"rev-list", "--count", "main"}) == "7\n");
    CHECK(git(remote, {"rev-list", "--count", "--min-parents=2", "main"}) == "0\n");
}

TEST_CASE("gitops: env init scaffolds app.yaml and env.yaml once", "[integration][gitops]") {
    forge::test::git_repository remote("gitops");
    temp_dir cache("gitops-cache");
    auto t = target_for(remote, cache);
    env_init_request rq{"dev", "https://git.example.com/org/gitops.git", "main", "catalyst-forge-cmp"};
    auto first = env_init(t, rq);
    GITOPS_REQUIRE_OK(first);
    CHECK_FALSE(first->unchanged);
    auto app = git(remote, {"show", "main:dev/app.yaml"});
    CHECK_THAT(app, Catch::Contains("name: dev-config"));
    CHECK_THAT(app, Catch::Contains("name: dev-apps"));
    CHECK_THAT(app, Catch::Contains("- path: dev/apps/*/*"));
    CHECK_THAT(app, Catch::Contains("name: catalyst-forge-cmp"));
    CHECK_THAT(app, Catch::Contains("namespace: '{{path[2]}}-{{path[3]}}'"));
    CHECK_THAT(git(remote, {"show", "main:dev/env.yaml"}), Catch::Contains("kind: EnvironmentConfig"));
    auto second = env_init(t, rq);
    GITOPS_REQUIRE_OK(second);
    CHECK(second->unchanged);
    CHECK(git(remote, {"rev-list", "--count", "main"}) == "1\n");
}

TEST_CASE("gitops: 8 writer processes x 50 deployments lose nothing and keep history linear", "[integration][gitops]") {
    forge::test::git_repository remote("gitops");
    temp_dir caches("gitops-caches");
    constexpr int writers = 8, per_writer = 50;
    std::vector<pid_t> children;
    for (int w = 0; w < writers; ++w) {
        pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            // Writers 0-3 share one cache (one machine, several processes); 4-7 have their own.
            gitops_target t;
            t.url = remote.url();
            t.cache_dir = caches.path() / (w < 4 ? std::string("shared") : "own-" + std::to_string(w));
            t.author_name = "writer " + std::to_string(w);
            t.author_email = "w@example.com";
            t.max_attempts = 200;
            int failures = 0;
            for (int i = 0; i < per_writer; ++i) {
                // Even deployments go to the writer's own project, odd ones to a project all share.
                const std::string project = i % 2 == 0 ? "own-" + std::to_string(w) : "shared";
                auto rq = request("dev", project, fake_sha(w, i), i + 1);
                if (auto r = deploy(t, rq); !r || r->write.unchanged) {
                    if (!r) std::fprintf(stderr, "writer %d: %s\n", w, r.err().message.c_str());
                    ++failures;
                }
            }
            std::fflush(stderr);
            ::_exit(failures == 0 ? 0 : 1);
        }
        children.push_back(pid);
    }
    for (pid_t pid : children) {
        int st = 0;
        REQUIRE(::waitpid(pid, &st, 0) == pid);
        CHECK((WIFEXITED(st) && WEXITSTATUS(st) == 0));
    }
    CHECK(git(remote, {"rev-list", "--count", "main"}) == std::to_string(writers * per_writer) + "\n");
    CHECK(git(remote, {"rev-list", "--count", "--min-parents=2", "main"}) == "0\n");
    for (int w = 0; w < writers; ++w) {
        auto text = git(remote, {"show", "main:dev/apps/shop/own-" + std::to_string(w) + "/release.yaml"});
        CHECK_THAT(text, Catch::Contains(fake_sha(w, per_writer - 2)));
    }
    // Every write to the shared project is in its history, and the file holds the last one.
    auto subjects = lines(git(remote, {"log", "--format=%s", "main", "--", "dev/apps/shop/shared/release.yaml"}));
    CHECK(subjects.size() == std::size_t(writers * per_writer / 2));
    std::set<std::string> seen;
    for (const auto &s : subjects) seen.insert(s.substr(std::string("deploy shop/shared ").size(), 40));
    for (int w = 0; w < writers; ++w)
        for (int i = 1; i < per_writer; i += 2) CHECK(seen.count(fake_sha(w, i)) == 1);
    auto last = git(remote, {"show", "main:dev/apps/shop/shared/release.yaml"});
    CHECK_THAT(last, Catch::Contains(subjects.front().substr(std::string("deploy shop/shared ").size(), 40)));
}
