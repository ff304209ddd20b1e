#include "gitops/auto_deploy.hpp"

#include <catch2/catch.hpp>

#include "gitops_test_helpers.hpp"
#include "support/git_repository.hpp"
#include "support/temp_dir.hpp"

using namespace forge::gitops;
using forge::gitops::testing::fake_sha;

TEST_CASE("gitops: deploy_after_release writes dev by default and follows repo.cue's autoDeploy",
          "[integration][gitops]") {
    forge::test::git_repository remote("gitops");
    forge::test::temp_dir cache("gitops-cache");
    gitops_target t;
    t.url = remote.url();
    t.cache_dir = cache.path();
    release_deployment_request rq;
    rq.repo = "shop";
    rq.project = "api";
    rq.sha = fake_sha(40, 1);
    rq.number = 4;
    rq.aliases.branch = "main-4";

    auto first = deploy_after_release(t, rq);
    GITOPS_REQUIRE_OK(first);
    REQUIRE(first->deployed.size() == 1);
    CHECK(first->deployed[0].env == "dev");
    CHECK_FALSE(first->deployed[0].write.unchanged);
    CHECK(*first->deployed[0].pointer.aliases.numeric == 4);
    CHECK(first->deployed[0].pointer.deployed_by == "forge run");
    CHECK(remote.git(remote.bare_path(), {"log", "-1", "--format=%s", "main"}) ==
          "deploy shop/api " + rq.sha + " to dev (release 4)\n");
    // The same release again (a re-run): nothing committed.
    auto again = deploy_after_release(t, rq);
    GITOPS_REQUIRE_OK(again);
    CHECK(again->deployed.at(0).write.unchanged);

    // repo.cue: dev manual, staging automatic, production automatic but approval-gated (skipped).
    auto policy = deploy_policy::from_json(
        R"({"environments": {"dev": {"autoDeploy": false}, "staging": {"autoDeploy": true},
            "production": {"autoDeploy": true}}})");
    GITOPS_REQUIRE_OK(policy);
    rq.policy = *policy;
    rq.sha = fake_sha(40, 2);
    auto custom = deploy_after_release(t, rq);
    GITOPS_REQUIRE_OK(custom);
    REQUIRE(custom->deployed.size() == 1);
    CHECK(custom->deployed[0].env == "staging");
    CHECK(remote.git(remote.bare_path(), {"rev-list", "--count", "main"}) == "2\n");
    CHECK_THAT(remote.git(remote.bare_path(), {"show", "main:dev/apps/shop/api/release.yaml"}),
               Catch::Contains(fake_sha(40, 1)));
}
