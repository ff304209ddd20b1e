#pragma once
// Runs an executable the way Argo CD's repo-server runs a plugin: in a given working directory,
// with exactly the given environment, stdout and stderr captured separately.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace cmp_test {

struct program_result {
    int exit_code = -1;
    std::string out, err;
};

inline std::string slurp(const std::filesystem::path &p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

inline program_result run_program(const std::vector<std::string> &argv, const std::filesystem::path &cwd,
                                  const std::map<std::string, std::string> &env, const std::filesystem::path &scratch) {
    std::filesystem::create_directories(scratch);
    const auto out_file = scratch / "stdout", err_file = scratch / "stderr";
    std::vector<std::string> env_text;
    for (const auto &[k, v] : env) env_text.push_back(k + "=" + v);
    std::vector<char *> cargv, cenv;
    for (const auto &a : argv) cargv.push_back(const_cast<char *>(a.c_str()));
    cargv.push_back(nullptr);
    for (const auto &e : env_text) cenv.push_back(const_cast<char *>(e.c_str()));
    cenv.push_back(nullptr);
    pid_t pid = ::fork();
    if (pid == 0) {
        int o = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int e = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (o < 0 || e < 0 || ::dup2(o, 1) < 0 || ::dup2(e, 2) < 0 || ::chdir(cwd.c_str()) != 0) ::_exit(126);
        ::execve(cargv[0], cargv.data(), cenv.data());
        ::_exit(127);
    }
    program_result r;
    int st = 0;
    if (pid > 0 && ::waitpid(pid, &st, 0) == pid) r.exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    r.out = slurp(out_file);
    r.err = slurp(err_file);
    return r;
}

}  // namespace cmp_test
