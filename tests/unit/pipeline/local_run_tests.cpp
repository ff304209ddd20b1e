// The parts of a local run that need no repository: phase/project selection and step secret
// references in the DAG's JSON.
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "pipeline/local_run.hpp"

using namespace forge::pipeline;

namespace {

task one_task(const std::string &project) {
    forge::ports::step_spec s;
    s.name = "s";
    s.action = "shell";
    s.run = "true";
    return task{project, project, {s}};
}

dag sample() {
    dag d;
    phase lint{"lint", 1, default_step_timeout, false, {one_task("api"), one_task("web")}};
    phase test{"test", 1, default_step_timeout, false, {one_task("api")}};
    phase build{"build", 2, default_step_timeout, false, {one_task("web")}};
    d.groups = {phase_group{1, {lint, test}}, phase_group{2, {build}}};
    return d;
}

const std::vector<std::string> projects{"api", "web", "docs"};

}  // namespace

TEST_CASE("select keeps the phases and projects asked for and drops what is left empty", "[pipeline][run]") {
    auto all = select(sample(), {}, {}, projects);
    REQUIRE(all.ok());
    CHECK(all->groups.size() == 2);

    auto api = select(sample(), {}, {"api"}, projects);
    REQUIRE(api.ok());
    REQUIRE(api->groups.size() == 1);  // build has no api task: its group goes
    REQUIRE(api->groups[0].phases.size() == 2);
    CHECK(api->groups[0].phases[0].tasks.size() == 1);
    CHECK(api->groups[0].phases[0].tasks[0].project == "api");

    auto build = select(sample(), {"build", "lint"}, {"web"}, projects);
    REQUIRE(build.ok());
    REQUIRE(build->groups.size() == 2);
    CHECK(build->groups[0].phases.size() == 1);
    CHECK(build->groups[0].phases[0].name == "lint");
    CHECK(build->groups[1].phases[0].tasks[0].project == "web");

    // A known project without tasks in the selected phases leaves nothing to run, not an error.
    auto docs = select(sample(), {}, {"docs"}, projects);
    REQUIRE(docs.ok());
    CHECK(docs->groups.empty());
}

TEST_CASE("select refuses unknown names and lists the known ones", "[pipeline][run]") {
    auto phase = select(sample(), {"deploy"}, {}, projects);
    REQUIRE_FALSE(phase.ok());
    CHECK(phase.err().code == forge::status::invalid);
    CHECK(phase.err().message == "--phase: no phase \"deploy\" (phases: build, lint, test)");
    auto project = select(sample(), {}, {"ghost"}, projects);
    REQUIRE_FALSE(project.ok());
    CHECK(project.err().message == "--project: no project \"ghost\" (projects: api, docs, web)");
}

TEST_CASE("step secret references survive the DAG's JSON, values never are in it", "[pipeline][dag]") {
    dag d = sample();
    d.groups[0].phases[0].tasks[0].steps[0].secrets["TOKEN"] = R"({"provider":"env","name":"CI_TOKEN"})";
    auto text = dag_to_json_text(d);
    CHECK(text.find(R"("secrets":{"TOKEN":{"provider":"env","name":"CI_TOKEN"}})") != std::string::npos);
    auto back = dag_from_json_text(text);
    REQUIRE(back.ok());
    CHECK(back->groups[0].phases[0].tasks[0].steps[0].secrets.at("TOKEN") == R"({"provider":"env","name":"CI_TOKEN"})");

    auto bad = dag_from_json_text(
        R"({"repository":"r","commit":"c","groups":[{"number":1,"phases":[{"name":"p","group":1,"timeout_ms":1000,"tasks":[{"project":"a","project_path":"a","steps":[{"name":"s","action":"shell","secrets":{"T":"plain"}}]}]}]}]})");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.err().message.find("secrets.T: expected an object") != std::string::npos);
}
