// Every validation problem discovery reports, each with the file, line and column it is about.
#include <catch2/catch.hpp>

#include "discovery/discover.hpp"
#include "memory_source.hpp"

using namespace forge::discovery;
using forge::discovery::testing::basic_repo_cue;
using forge::discovery::testing::memory_source;

namespace {

std::vector<problem> problems_of(const memory_source &src) {
    discover_options opts;
    opts.fallback_name = "repo";
    auto r = discover(src, opts);
    REQUIRE(r.ok());
    return r->problems;
}

std::vector<problem> project_problems(const std::string &project_cue, const std::string &repo_cue = basic_repo_cue) {
    memory_source src;
    src.files[".forge/repo.cue"] = repo_cue;
    src.files["svc/.forge/project.cue"] = project_cue;
    return problems_of(src);
}

std::string dump(const std::vector<problem> &ps) {
    return format_problems(ps);
}

// Exactly one problem, at file:line:column, whose message contains `fragment`.
void require_one(const std::vector<problem> &ps, const std::string &file, int line, int column,
                 const std::string &fragment) {
    INFO(dump(ps));
    REQUIRE(ps.size() == 1);
    CHECK(ps[0].file == file);
    CHECK(ps[0].line == line);
    CHECK(ps[0].column == column);
    CHECK_THAT(ps[0].message, Catch::Contains(fragment));
}

}  // namespace

TEST_CASE("a valid repository has no problems", "[discovery][validate]") {
    auto ps = project_problems(R"cue(package project
phases: test: steps: [{name: "unit", action: "shell", run: "make test"}]
)cue");
    INFO(dump(ps));
    CHECK(ps.empty());
}

TEST_CASE("a phase that repo.cue does not define", "[discovery][validate]") {
    auto ps = project_problems(R"cue(package project

phases: {
	test: steps: [{name: "unit", action: "shell", run: "make test"}]
	deploy: steps: [{name: "ship", action: "shell", run: "true"}]
}
)cue");
    require_one(ps, "svc/.forge/project.cue", 5, 2, "phase \"deploy\" is not defined in .forge/repo.cue");
}

TEST_CASE("two projects with one name, naming both paths", "[discovery][validate]") {
    memory_source src;
    src.files[".forge/repo.cue"] = basic_repo_cue;
    src.files["a/.forge/project.cue"] = "package project\nname: \"api\"\n";
    src.files["b/api/.forge/project.cue"] = "package project\n";
    auto ps = problems_of(src);
    INFO(dump(ps));
    REQUIRE(ps.size() == 1);
    CHECK(ps[0].file == "b/api/.forge/project.cue");
    CHECK_THAT(ps[0].message, Catch::Contains("a/.forge/project.cue") && Catch::Contains("b/api/.forge/project.cue") &&
                                  Catch::Contains("duplicate project name \"api\""));
}

TEST_CASE("a duplicate set with `name` points at that field", "[discovery][validate]") {
    memory_source src;
    src.files[".forge/repo.cue"] = basic_repo_cue;
    src.files["api/.forge/project.cue"] = "package project\n";
    src.files["z/.forge/project.cue"] = "package project\n\n  name: \"api\"\n";
    require_one(problems_of(src), "z/.forge/project.cue", 3, 3, "duplicate project name");
}

TEST_CASE("a publisher that repo.cue does not define", "[discovery][validate]") {
    auto ps = project_problems(R"cue(package project
phases: build: steps: [{name: "pack", action: "shell", run: "tar cf x.tar ."}]
artifacts: x: {
	type: "archive"
	producer: {step: "pack", path: "x.tar"}
	publishers: ["releases", "pypi-main"]
}
)cue");
    require_one(ps, "svc/.forge/project.cue", 6, 27, "publisher \"pypi-main\" is not defined in .forge/repo.cue");
}

TEST_CASE("an invalid branch pattern", "[discovery][validate]") {
    auto ps = project_problems(R"cue(package project
release: on: [{branch: "main"}, {branch: "release/(v1"}]
)cue");
    require_one(ps, "svc/.forge/project.cue", 2, 42, "invalid branch pattern \"release/(v1\"");
}

TEST_CASE("@artifact naming an artifact the project does not declare", "[discovery][validate]") {
    auto ps = project_problems(R"cue(package project
phases: build: steps: [{name: "image", action: "shell", run: "make image"}]
artifacts: web: {type: "container", producer: {step: "image", path: "out"}, publishers: ["docker"]}
// @artifact("commented") is not a use
deploy: resources: [{
	apiVersion: "forge.projectcatalyst.io/v1alpha1"
	kind: "Deployment"
	metadata: name: "web"
	spec: {
		image: @artifact("wbe").image
		env: {NOTE: "@artifact(\"in a string\")"}
	}
}]
)cue");
    require_one(ps, "svc/.forge/project.cue", 10, 10,
                "@artifact(\"wbe\") refers to an artifact this project does not declare");
}

TEST_CASE("more than 50 artifacts", "[discovery][validate]") {
    std::string text =
        "package project\nphases: build: steps: [{name: \"b\", action: \"shell\", run: \"true\"}]\nartifacts: {\n";
    for (int i = 0; i < 51; ++i)
        text +=
            "\ta" + std::to_string(i) + ": {type: \"binary\", producer: {step: \"b\", path: \"x\"}, publishers: []}\n";
    text += "}\n";
    require_one(project_problems(text), "svc/.forge/project.cue", 3, 1,
                "51 artifacts: a project may declare at most 50");
}

TEST_CASE("a producer step that is not a step of the project", "[discovery][validate]") {
    auto ps = project_problems(R"cue(package project
phases: build: steps: [{name: "compile", action: "shell", run: "cc main.c"}]
artifacts: cli: {type: "binary", producer: {step: "link", path: "a.out"}, publishers: []}
)cue");
    require_one(ps, "svc/.forge/project.cue", 3, 51, "producer step \"link\" is not a step of this project");
}

TEST_CASE("an unknown XR kind gets one clear message", "[discovery][validate]") {
    auto ps = project_problems(R"cue(package project
deploy: resources: [{
	apiVersion: "forge.projectcatalyst.io/v1alpha1"
	kind:       "Deploymnt"
	metadata: name: "web"
	spec: {image: "x"}
}]
)cue");
    require_one(ps, "svc/.forge/project.cue", 4, 14, "unknown XR kind \"Deploymnt\"");
    CHECK_THAT(ps[0].message, Catch::Contains("did you mean \"Deployment\""));
}

TEST_CASE("schema errors point into the user's file", "[discovery][validate]") {
    SECTION("a wrong type") {
        auto ps =
            project_problems("package project\nphases: test: steps: [{name: \"unit\", action: \"shell\", run: 3}]\n");
        require_one(ps, "svc/.forge/project.cue", 2, 60, "phases.test.steps[0].run");
    }
    SECTION("an unknown field") {
        auto ps = project_problems("package project // comment\n\nrelase: on: []\n");
        require_one(ps, "svc/.forge/project.cue", 3, 9, "relase");
    }
    SECTION("a value the schema's disjunction rejects") {
        auto ps = project_problems(
            "package project\nartifacts: a: {\n\ttype: \"zip\"\n\tproducer: {step: \"x\", path: \"p\"}\n\tpublishers: "
            "[]\n}\n");
        INFO(dump(ps));
        REQUIRE(!ps.empty());
        CHECK(ps[0].file == "svc/.forge/project.cue");
        CHECK(ps[0].line == 3);
    }
    SECTION("a syntax error") {
        auto ps = project_problems("package project\nphases: {\n");
        INFO(dump(ps));
        REQUIRE(!ps.empty());
        CHECK(ps[0].file == "svc/.forge/project.cue");
        CHECK(ps[0].line >= 2);
    }
}

TEST_CASE("problems in repo.cue and in projects are all reported", "[discovery][validate]") {
    memory_source src;
    src.files[".forge/repo.cue"] = "package repo\nforgeVersion: \"one\"\nphases: test: group: 1\npublishers: {}\n";
    src.files["a/.forge/project.cue"] = "package project\nphases: lint: steps: []\n";
    src.files["b/.forge/project.cue"] = "package project\nrelease: on: [{branch: \"(\"}]\n";
    auto ps = problems_of(src);
    INFO(dump(ps));
    REQUIRE(ps.size() == 3);
    CHECK(ps[0].file == ".forge/repo.cue");
    CHECK(ps[0].line == 2);
    CHECK(ps[1].file == "a/.forge/project.cue");
    CHECK(ps[2].file == "b/.forge/project.cue");
}

TEST_CASE("a missing repo.cue is a problem, not a failure", "[discovery][validate]") {
    memory_source src;
    src.files["a/.forge/project.cue"] = "package project\n";
    auto ps = problems_of(src);
    REQUIRE(ps.size() == 1);
    CHECK(ps[0].file == ".forge/repo.cue");
}

TEST_CASE("a folder name that is not a valid project name", "[discovery][validate]") {
    memory_source src;
    src.files[".forge/repo.cue"] = basic_repo_cue;
    src.files["Services/My App/.forge/project.cue"] = "package project\n";
    auto ps = problems_of(src);
    REQUIRE(ps.size() == 1);
    CHECK_THAT(ps[0].message, Catch::Contains("\"My App\" comes from its folder"));
}

TEST_CASE("files without a package clause are checked the same way", "[discovery][validate]") {
    auto ok = project_problems("phases: test: steps: [{name: \"unit\", action: \"shell\", run: \"make\"}]\n",
                               "forgeVersion: \"0.1.0\"\nphases: test: group: 1\npublishers: {}\n");
    INFO(dump(ok));
    CHECK(ok.empty());
    auto bad = project_problems("name: \"svc\"\nphases: test: steps: [{name: \"unit\", action: \"shell\", run: 3}]\n");
    require_one(bad, "svc/.forge/project.cue", 2, 60, "phases.test.steps[0].run");
}
