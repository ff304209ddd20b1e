#include "support/git_repository.hpp"

#include <fstream>
#include <sstream>

#include "support/fixture_error.hpp"

namespace forge::test {
namespace {

std::string trim_newline(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
}

}  // namespace

git_repository::git_repository(const std::string &name) : dir_("git") {
    find_program("git");  // a clear failure when git is missing
    const auto home = dir_.path() / "home";
    std::filesystem::create_directory(home);
    env_ = {{"HOME", home.string()},
            {"XDG_CONFIG_HOME", (home / ".config").string()},
            {"GIT_CONFIG_NOSYSTEM", "1"},
            {"GIT_TERMINAL_PROMPT", "0"},
            {"GIT_AUTHOR_NAME", "Forge Test"},
            {"GIT_AUTHOR_EMAIL", "forge-test@example.invalid"},
            {"GIT_COMMITTER_NAME", "Forge Test"},
            {"GIT_COMMITTER_EMAIL", "forge-test@example.invalid"},
            {"LC_ALL", "C"}};
    bare_path_ = dir_.path() / (name + ".git");
    git(dir_.path(), {"init", "--quiet", "--bare", "--initial-branch=main", bare_path_.string()});
}

std::string git_repository::git(const std::filesystem::path &cwd, const std::vector<std::string> &args) const {
    spawn_options options;
    options.argv = {"git"};
    options.argv.insert(options.argv.end(), args.begin(), args.end());
    options.working_dir = cwd;
    options.env = env_;
    return run_checked(options);
}

git_work_tree git_repository::work_tree() {
    const auto path = dir_.path() / ("work-" + std::to_string(++work_trees_));
    git(dir_.path(), {"init", "--quiet", "--initial-branch=main", path.string()});
    git(path, {"remote", "add", "origin", url()});
    return git_work_tree(*this, path);
}

git_work_tree::git_work_tree(const git_repository &repository, std::filesystem::path path)
    : repository_(&repository), path_(std::move(path)) {}

std::string git_work_tree::git(const std::vector<std::string> &args) const {
    return repository_->git(path_, args);
}

git_work_tree &git_work_tree::write(const std::string &relative, const std::string &content) {
    const auto file = path_ / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out) throw fixture_error("cannot write " + file.string());
    return *this;
}

git_work_tree &git_work_tree::copy_tree(const std::filesystem::path &from) {
    for (const auto &e : std::filesystem::recursive_directory_iterator(from)) {
        if (!e.is_regular_file()) continue;
        std::ifstream in(e.path(), std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        write(e.path().lexically_relative(from).generic_string(), text.str());
    }
    return *this;
}

std::string git_work_tree::commit(const std::string &message) {
    git({"add", "--all"});
    git({"commit", "--quiet", "--allow-empty", "-m", message});
    return head();
}

git_work_tree &git_work_tree::branch(const std::string &name) {
    git({"checkout", "--quiet", "-b", name});
    return *this;
}

git_work_tree &git_work_tree::checkout(const std::string &name) {
    git({"checkout", "--quiet", name});
    return *this;
}

git_work_tree &git_work_tree::tag(const std::string &name, const std::string &message) {
    if (message.empty()) {
        git({"tag", name});
    } else {
        git({"tag", "-a", name, "-m", message});
    }
    return *this;
}

git_work_tree &git_work_tree::push(const std::vector<std::string> &refspecs) {
    std::vector<std::string> args{"push", "--quiet", "origin"};
    if (refspecs.empty()) {
        args.push_back("--all");
        git(args);
        git({"push", "--quiet", "origin", "--tags"});
    } else {
        args.insert(args.end(), refspecs.begin(), refspecs.end());
        git(args);
    }
    return *this;
}

std::string git_work_tree::head() const {
    return trim_newline(git({"rev-parse", "HEAD"}));
}

}  // namespace forge::test
