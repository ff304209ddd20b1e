// Small helpers shared by the exec and pipeline unit tests: a scratch directory, a unique marker
// for finding leftover processes in /proc, and a clock for timing assertions.
#pragma once

#include <dirent.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace forge::test_exec {

class scratch_dir {
  public:
    scratch_dir() {
        const char *base = std::getenv("TMPDIR");
        std::string tmpl = std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/forge-unit-XXXXXX";
        if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = tmpl;
    }
    ~scratch_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    scratch_dir(const scratch_dir &) = delete;
    scratch_dir &operator=(const scratch_dir &) = delete;
    const std::filesystem::path &path() const { return path_; }
    std::string str() const { return path_.string(); }

  private:
    std::filesystem::path path_;
};

// A sleep duration no other process on the machine uses, e.g. "1000.4821937": it appears in the
// sleeping process's command line, so /proc tells whether that process is still alive.
inline std::string unique_sleep_marker() {
    std::random_device rd;
    return "1000." + std::to_string(100000 + rd() % 900000) + std::to_string(getpid() % 1000);
}

// Pids of live (non-zombie) processes whose command line contains `needle`.
inline std::vector<int> processes_with(const std::string &needle) {
    std::vector<int> out;
    DIR *d = ::opendir("/proc");
    if (d == nullptr) return out;
    while (dirent *e = ::readdir(d)) {
        char *end = nullptr;
        long pid = std::strtol(e->d_name, &end, 10);
        if (end == e->d_name || *end != '\0') continue;
        std::ifstream cmd("/proc/" + std::string(e->d_name) + "/cmdline", std::ios::binary);
        std::stringstream ss;
        ss << cmd.rdbuf();
        std::string text = ss.str();
        if (text.find(needle) == std::string::npos) continue;
        std::ifstream stat("/proc/" + std::string(e->d_name) + "/stat");
        std::string s((std::istreambuf_iterator<char>(stat)), {});
        auto paren = s.rfind(')');
        if (paren != std::string::npos && paren + 2 < s.size() && s[paren + 2] == 'Z') continue;
        out.push_back(static_cast<int>(pid));
    }
    ::closedir(d);
    return out;
}

inline std::string read_file(const std::filesystem::path &p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace forge::test_exec
