// Release triggers, table-driven: branches (RE2 full match), tags under both tagging strategies,
// manual runs and pull requests.
#include <catch2/catch.hpp>

#include "discovery/triggers.hpp"

using namespace forge::discovery;

namespace {

trigger branch(std::string pattern) { return trigger{trigger::kind::branch, std::move(pattern)}; }
trigger tag() { return trigger{trigger::kind::tag, ""}; }
trigger manual() { return trigger{trigger::kind::manual, ""}; }

struct row {
    const char *what;
    std::vector<trigger> triggers;
    tagging_strategy strategy;
    run_info run;
    bool triggered;
    const char *reason;  // a fragment of the reason
};

}  // namespace

TEST_CASE("release triggers", "[discovery][triggers]") {
    const auto mono = tagging_strategy::monorepo;
    const auto all = tagging_strategy::tag_all;
    const std::vector<row> rows = {
        {"branch equal", {branch("main")}, mono, {"main", "", run_event::push}, true, "branch main matches \"main\""},
        {"branch is a full match, not a prefix", {branch("main")}, mono, {"main-old", "", run_event::push}, false,
         "branch main-old does not match \"main\""},
        {"branch is a full match, not a substring", {branch("ai")}, mono, {"main", "", run_event::push}, false, "does not match"},
        {"branch regex", {branch("release/v[0-9]+")}, mono, {"release/v12", "", run_event::push}, true, "matches"},
        {"branch regex alternation", {branch("main|develop")}, mono, {"develop", "", run_event::push}, true, "matches"},
        {"branch regex no match", {branch("release/.*")}, mono, {"feature/x", "", run_event::push}, false, "does not match"},
        {"invalid regex never matches", {branch("(")}, mono, {"(", "", run_event::push}, false, "does not match"},
        {"manual run also honours branch triggers", {branch("main")}, mono, {"main", "", run_event::manual}, true, "matches"},
        {"pull request never releases", {branch("main"), manual()}, mono, {"main", "", run_event::pull_request}, false,
         "pull_request runs never release"},
        {"no triggers", {}, mono, {"main", "", run_event::push}, false, "no release triggers"},
        {"monorepo tag of this project", {tag()}, mono, {"", "api/v1.2.0", run_event::push}, true, "api/v*"},
        {"monorepo tag of another project", {tag()}, mono, {"", "web/v1.2.0", run_event::push}, false, "is not api/v*"},
        {"monorepo ignores bare tags", {tag()}, mono, {"", "v1.2.0", run_event::push}, false, "is not api/v*"},
        {"monorepo tag with a prefix that only looks alike", {tag()}, mono, {"", "api-gw/v1", run_event::push}, false, "is not"},
        {"tag-all bare tag", {tag()}, all, {"", "v2.0.0", run_event::push}, true, "tag-all"},
        {"tag-all ignores project tags", {tag()}, all, {"", "api/v2.0.0", run_event::push}, false, "is not v*"},
        {"tag without a tag trigger", {branch("main")}, all, {"", "v2.0.0", run_event::push}, false, "not a branch run"},
        {"tag trigger on a branch run", {tag()}, mono, {"main", "", run_event::push}, false, "no tag"},
        {"manual trigger on a manual run", {manual()}, mono, {"main", "", run_event::manual}, true, "manual run"},
        {"manual trigger on a push", {manual()}, mono, {"main", "", run_event::push}, false, "not a manual run"},
        {"first matching trigger gives the reason", {branch("dev"), tag(), manual()}, mono, {"main", "", run_event::manual},
         true, "manual run"},
        {"reasons of every trigger that did not fire", {branch("dev"), tag()}, mono, {"main", "", run_event::push}, false,
         "branch main does not match \"dev\"; no tag"},
    };
    for (const auto &r : rows) {
        INFO(r.what);
        release_decision d = decide_release(r.triggers, "api", r.strategy, r.run);
        CHECK(d.triggered == r.triggered);
        CHECK_THAT(d.reason, Catch::Contains(r.reason));
    }
}

TEST_CASE("run events by name", "[discovery][triggers]") {
    CHECK(parse_event("push") == run_event::push);
    CHECK(parse_event("pull_request") == run_event::pull_request);
    CHECK(parse_event("manual") == run_event::manual);
    CHECK_FALSE(parse_event("cron").has_value());
    CHECK(std::string(event_name(run_event::pull_request)) == "pull_request");
}
