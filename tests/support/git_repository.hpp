#pragma once
// A bare git repository in a temporary directory, reachable as a file:// URL, plus working copies
// that make commits, branches and tags with the git CLI and push them. Git runs with HOME pointing
// into the temporary directory and no system config, so the user's settings never leak in.
#include <string>
#include <utility>
#include <vector>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace forge::test {

class git_work_tree;

class git_repository {
  public:
    // Creates <tmp>/forge-test-git-XXXXXX/<name>.git with `main` as its default branch.
    explicit git_repository(const std::string &name = "repo");
    git_repository(const git_repository &) = delete;
    git_repository &operator=(const git_repository &) = delete;

    const std::filesystem::path &dir() const { return dir_.path(); }
    const std::filesystem::path &bare_path() const { return bare_path_; }
    std::string url() const { return "file://" + bare_path_.string(); }

    // A new working repository (git init -b main, origin = this repository) under dir()/work-N.
    git_work_tree work_tree();

    // Runs git with the fixture's environment in `cwd`; throws fixture_error with the output on failure.
    std::string git(const std::filesystem::path &cwd, const std::vector<std::string> &args) const;

    // The environment every git command of the fixture runs with (also useful to tests).
    const std::vector<std::pair<std::string, std::string>> &environment() const { return env_; }

  private:
    temp_dir dir_;
    std::filesystem::path bare_path_;
    std::vector<std::pair<std::string, std::string>> env_;
    int work_trees_ = 0;
};

class git_work_tree {
  public:
    git_work_tree(const git_repository &repository, std::filesystem::path path);

    const std::filesystem::path &path() const { return path_; }

    // Writes (creating directories) a file relative to the work tree.
    git_work_tree &write(const std::string &relative, const std::string &content);
    // Copies every regular file below `from` (e.g. examples/monorepo) to the same relative path.
    git_work_tree &copy_tree(const std::filesystem::path &from);
    // Stages everything and commits; returns the new commit id.
    std::string commit(const std::string &message);
    git_work_tree &branch(const std::string &name);  // create and switch to it
    git_work_tree &checkout(const std::string &name);
    git_work_tree &tag(const std::string &name, const std::string &message = "");  // annotated if message
    // git push origin <refspecs...>; with no refspec pushes all branches and tags.
    git_work_tree &push(const std::vector<std::string> &refspecs = {});
    std::string head() const;  // commit id of HEAD
    std::string git(const std::vector<std::string> &args) const;

  private:
    const git_repository *repository_;
    std::filesystem::path path_;
};

}  // namespace forge::test
