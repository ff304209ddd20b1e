#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "git/repository.hpp"
#include "git_test_helpers.hpp"
#include "support/git_repository.hpp"

using namespace forge::test;
using namespace forge::git;
using forge::git::testing::open_ok;

TEST_CASE("git: work tree listing includes uncommitted and untracked files, not ignored or deleted ones",
          "[integration][git]") {
    forge::test::git_repository remote;
    git_work_tree work = remote.work_tree();
    work.write(".gitignore", "build/\n*.log\n")
        .write("services/api/.forge/project.cue", "name: \"api\"\n")
        .write("services/api/main.go", "package main\n")
        .write("gone.txt", "bye\n")
        .commit("base");
    // Modified, untracked (in a new directory too), ignored, deleted.
    work.write("services/api/main.go", "package main // edited\n")
        .write("libs/new/.forge/project.cue", "name: \"new\"\n")
        .write("notes.txt", "untracked\n")
        .write("build/out.bin", "ignored\n")
        .write("debug.log", "ignored\n");
    std::filesystem::remove(work.path() / "gone.txt");

    repository repo = open_ok(work.path());
    auto files = repo.work_tree_files();
    REQUIRE_OK(files);
    CHECK(*files == std::vector<std::string>{".gitignore", "libs/new/.forge/project.cue", "notes.txt",
                                             "services/api/.forge/project.cue", "services/api/main.go"});

    work_tree_source source(repo);
    auto projects = source.find_projects();
    REQUIRE_OK(projects);
    REQUIRE(projects->size() == 2);
    CHECK((*projects)[0].config_path == "libs/new/.forge/project.cue");
    CHECK((*projects)[0].dir == "libs/new");
    CHECK((*projects)[1].dir == "services/api");
    CHECK(*source.read("services/api/main.go") == "package main // edited\n");
    CHECK(source.read("gone.txt").err().code == forge::status::not_found);
    CHECK_THAT(source.read("gone.txt").err().message, Catch::Contains("gone.txt") && Catch::Contains("work tree"));
    CHECK(source.read("../outside").err().code == forge::status::invalid);

    // The fingerprint follows the .forge contents and nothing else.
    const auto before = (*projects)[1].forge_tree;
    work.write("services/api/main.go", "package main // again\n");
    CHECK((*source.find_projects())[1].forge_tree == before);
    work.write("services/api/.forge/project.cue", "name: \"api2\"\n");
    CHECK((*source.find_projects())[1].forge_tree != before);

    // A symlink pointing out of the work tree is refused.
    std::filesystem::create_symlink("/etc", work.path() / "etc-link");
    CHECK(source.read("etc-link/hostname").err().code == forge::status::permission);

    auto bare = open_ok(remote.bare_path()).work_tree_files();
    REQUIRE_FALSE(bare.ok());
    CHECK(bare.err().code == forge::status::unsupported);
}
