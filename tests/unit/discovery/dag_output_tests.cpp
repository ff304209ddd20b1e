// The DAG discovery builds, and the output it renders: JSON, text and Graphviz.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "discovery/discover.hpp"
#include "discovery/output.hpp"
#include "memory_source.hpp"

using namespace forge::discovery;
using forge::discovery::testing::basic_repo_cue;
using forge::discovery::testing::memory_source;
namespace json = boost::json;

namespace {

memory_source example() {
    memory_source src;
    src.files[".forge/repo.cue"] = basic_repo_cue;
    src.files["services/api/.forge/project.cue"] = R"cue(package project
name: "api"
phases: {
	build: steps: [{name: "image", action: "shell", run: "make image", timeout: "90s"}]
	test: steps: [
		{name: "unit", action: "shell", run: "make test"},
		{name: "e2e", action: "earthly", target: "+e2e", timeout: "1h"},
	]
}
artifacts: api: {type: "container", producer: {step: "image", path: "out"}, publishers: ["docker"]}
release: on: [{branch: "main"}]
deploy: resources: [{
	apiVersion: "forge.projectcatalyst.io/v1alpha1"
	kind: "Deployment"
	metadata: name: "api"
	spec: image: @artifact("api").image
}]
)cue";
    src.files["libs/common/.forge/project.cue"] =
        "package project\nphases: validate: steps: [{name: \"lint\", action: \"shell\", run: \"lint\"}]\n"
        "phases: test: steps: [{name: \"unit\", action: \"shell\", run: \"t\"}]\nphases: build: steps: []\n";
    return src;
}

discovery_result discover_ok(const memory_source &src, run_info run = {"main", "", run_event::push}) {
    discover_options opts;
    opts.fallback_name = "x";
    opts.commit = std::string(40, 'a');
    opts.run = run;
    auto r = discover(src, opts);
    REQUIRE(r.ok());
    INFO(format_problems(r->problems));
    REQUIRE(r->problems.empty());
    return std::move(r).value();
}

}  // namespace

TEST_CASE("the DAG: groups ascending, tasks by project path, timeouts resolved", "[discovery][dag]") {
    auto r = discover_ok(example());
    const auto &d = r.dag;
    REQUIRE(d.groups.size() == 2);
    CHECK(d.groups[0].number == 1);
    CHECK(d.groups[1].number == 2);
    REQUIRE(d.groups[0].phases.size() == 2);
    CHECK(d.groups[0].phases[0].name == "validate");
    CHECK(d.groups[0].phases[1].name == "test");
    CHECK(d.groups[0].phases[1].required);
    CHECK(d.groups[0].phases[1].timeout == std::chrono::minutes(15));

    const auto &test = d.groups[0].phases[1];
    REQUIRE(test.tasks.size() == 2);
    CHECK(test.tasks[0].project == "common");  // libs/common sorts before services/api
    CHECK(test.tasks[0].project_path == "libs/common");
    CHECK(test.tasks[1].project == "api");
    REQUIRE(test.tasks[1].steps.size() == 2);
    CHECK(test.tasks[1].steps[0].name == "unit");
    CHECK(test.tasks[1].steps[0].timeout == std::chrono::minutes(15));  // the phase's
    CHECK(test.tasks[1].steps[1].timeout == std::chrono::hours(1));     // the step's own
    CHECK(test.tasks[1].steps[1].target == "+e2e");

    const auto &build = d.groups[1].phases[0];
    REQUIRE(build.tasks.size() == 1);  // common lists no build steps
    CHECK(build.tasks[0].steps[0].timeout == std::chrono::seconds(90));
    CHECK(d.groups[0].phases[0].tasks[0].steps[0].timeout == std::chrono::minutes(30));  // default phase timeout
}

TEST_CASE("the output JSON", "[discovery][output]") {
    auto r = discover_ok(example());
    auto text = output_text(r);
    REQUIRE(text.ok());
    json::value v = json::parse(*text);
    CHECK(v.at("version").as_int64() == 1);
    CHECK(v.at("repository").at("name").as_string() == "acme");
    CHECK(v.at("branch").as_string() == "main");
    CHECK(v.at("tag").is_null());
    CHECK(v.at("event").as_string() == "push");
    const auto &projects = v.at("projects").as_array();
    REQUIRE(projects.size() == 2);
    const auto &api = projects[1];
    CHECK(api.at("id").as_string() == "acme/api");
    CHECK(api.at("path").as_string() == "services/api");
    CHECK(api.at("release").at("triggered").as_bool());
    CHECK(api.at("artifacts").at(0).at("producer").at("step").as_string() == "image");
    CHECK(api.at("deploy").at("resources").at(0).at("spec").at("image").as_string() == "@artifact(api).image");
    CHECK_FALSE(projects[0].at("release").at("triggered").as_bool());
    // The DAG part is what the pipeline engine reads back.
    auto dag = forge::pipeline::dag_from_json(v.at("dag"));
    REQUIRE(dag.ok());
    CHECK(dag->groups.size() == 2);
}

TEST_CASE("the output refuses more than 1 MiB", "[discovery][output]") {
    memory_source src;
    src.files[".forge/repo.cue"] = basic_repo_cue;
    std::string long_run(20000, 'x');
    for (int i = 0; i < 60; ++i)
        src.files["p" + std::to_string(i) + "/.forge/project.cue"] =
            "package project\nphases: test: steps: [{name: \"t\", action: \"shell\", run: \"" + long_run + "\"}]\n";
    auto r = discover_ok(src);
    auto text = output_text(r);
    REQUIRE_FALSE(text.ok());
    CHECK(text.err().code == forge::status::limit);
    CHECK_THAT(text.err().message, Catch::Contains("1 MiB") && Catch::Contains("60 projects"));
}

TEST_CASE("the text tree", "[discovery][output]") {
    auto r = discover_ok(example());
    std::string t = render_text(r);
    CHECK_THAT(t, Catch::Contains("group 1") && Catch::Contains("phase test (timeout 15m, required)") &&
                      Catch::Contains("api (services/api) [releases]") && Catch::Contains("e2e: earthly +e2e (1h)"));
}

TEST_CASE("the DOT rendering is accepted by graphviz", "[discovery][output]") {
    auto r = discover_ok(example());
    std::string dot = render_dot(r);
    auto dir = std::filesystem::temp_directory_path() / ("forge-dot-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "dag.dot") << dot;
    std::string cmd = "dot -Tsvg " + (dir / "dag.dot").string() + " -o " + (dir / "dag.svg").string() + " 2>" +
                      (dir / "err.txt").string();
    int rc = std::system(cmd.c_str());
    std::ifstream err(dir / "err.txt");
    std::string err_text((std::istreambuf_iterator<char>(err)), {});
    INFO(dot << "\n" << err_text);
    CHECK(rc == 0);
    CHECK(err_text.empty());
    CHECK(std::filesystem::file_size(dir / "dag.svg") > 0);
    std::filesystem::remove_all(dir);
}

TEST_CASE("cached evaluations are reused and invalidated with the content", "[discovery][cache]") {
    auto src = example();
    auto cache_dir = std::filesystem::temp_directory_path() / ("forge-cache-" + std::to_string(::getpid()));
    std::filesystem::remove_all(cache_dir);
    discover_options opts;
    opts.fallback_name = "x";
    {
        evaluation_cache cache(cache_dir);
        opts.cache = &cache;
        auto first = discover(src, opts);
        REQUIRE(first.ok());
        CHECK(first->stats.evaluated == 2);
        auto second = discover(src, opts);
        REQUIRE(second.ok());
        CHECK(second->stats.cached == 2);
    }
    {
        evaluation_cache from_disk(cache_dir);  // a new process: only the files remain
        opts.cache = &from_disk;
        src.files["libs/common/.forge/project.cue"] += "// changed\n";
        auto third = discover(src, opts);
        REQUIRE(third.ok());
        CHECK(third->stats.cached == 1);
        CHECK(third->stats.evaluated == 1);
        discover_options uncached;
        uncached.fallback_name = "x";
        CHECK(json::serialize(to_json(*third)) == json::serialize(to_json(discover(src, uncached).value())));
        // repo.cue changes invalidate every project.
        src.files[".forge/repo.cue"] += "// changed\n";
        auto fourth = discover(src, opts);
        REQUIRE(fourth.ok());
        CHECK(fourth->stats.evaluated == 2);
    }
    std::filesystem::remove_all(cache_dir);
}
