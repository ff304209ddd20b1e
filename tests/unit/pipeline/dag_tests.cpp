#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "pipeline/dag.hpp"

using namespace forge::pipeline;
using namespace std::chrono_literals;

TEST_CASE("the DAG round-trips through JSON", "[pipeline][dag]") {
    dag d;
    d.repository = "monorepo";
    d.commit = "abc";
    d.branch = "main";
    phase p;
    p.name = "test";
    p.group = 2;
    p.timeout = 90s;
    p.required = true;
    forge::ports::step_spec s;
    s.name = "unit";
    s.action = "shell";
    s.run = "make test";
    s.timeout = 5min;
    s.env = {{"CI", "true"}};
    p.tasks.push_back(task{"api", "services/api", {s}});
    d.groups.push_back(phase_group{2, {p}});

    auto back = dag_from_json_text(dag_to_json_text(d));
    REQUIRE(back.ok());
    CHECK(back->repository == "monorepo");
    CHECK(back->tag.empty());
    REQUIRE(back->groups.size() == 1);
    const auto &bp = back->groups[0].phases.at(0);
    CHECK(bp.name == "test");
    CHECK(bp.group == 2);
    CHECK(bp.timeout == 90s);
    CHECK(bp.required);
    const auto &bs = bp.tasks.at(0).steps.at(0);
    CHECK(bp.tasks[0].project_path == "services/api");
    CHECK(bs.run == "make test");
    CHECK(bs.timeout == 5min);
    CHECK(bs.env.at("CI") == "true");
    CHECK(dag_to_json_text(*back) == dag_to_json_text(d));
}

TEST_CASE("a step without a timeout takes the phase's, else 30 minutes", "[pipeline][dag]") {
    auto d = dag_from_json_text(R"({"repository":"r","groups":[{"number":1,"phases":[
        {"name":"a","timeout_ms":1000,"tasks":[{"project":"p","steps":[{"name":"s","action":"shell","run":"true"}]}]},
        {"name":"b","tasks":[{"project":"p","steps":[{"name":"s","action":"shell","run":"true"}]}]}]}]})");
    REQUIRE(d.ok());
    CHECK(d->groups[0].phases[0].tasks[0].steps[0].timeout == 1s);
    CHECK(d->groups[0].phases[1].tasks[0].steps[0].timeout == 30min);
    CHECK(d->groups[0].phases[1].tasks[0].project_path == ".");
}

TEST_CASE("DAG JSON errors name the field", "[pipeline][dag]") {
    auto bad_step = dag_from_json_text(R"({"repository":"r","groups":[{"number":1,"phases":[
        {"name":"a","tasks":[{"project":"p","steps":[{"name":"s","action":7}]}]}]}]})");
    REQUIRE_FALSE(bad_step.ok());
    CHECK(bad_step.err().message == "groups[0].phases[0].tasks[0].steps[0].action: expected a string");

    auto order = dag_from_json_text(R"({"repository":"r","groups":[{"number":2},{"number":1}]})");
    REQUIRE_FALSE(order.ok());
    CHECK(order.err().message.find("groups[1].number") != std::string::npos);

    CHECK_FALSE(dag_from_json_text("{not json").ok());
    CHECK(dag_from_json_text("[]").err().message == "pipeline DAG: expected an object");
    CHECK(dag_from_json_text(R"({"groups":[]})").err().message == "repository: missing");
}
