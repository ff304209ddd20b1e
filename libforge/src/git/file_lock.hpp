// An exclusive advisory lock (flock) on a file, held for the object's lifetime. Used to serialise
// processes that clone into, fetch into or write through one cache directory.
#pragma once

#include <filesystem>

#include "core/error.hpp"

namespace forge::git {

class file_lock {
  public:
    // Creates the file if needed and blocks until the lock is ours.
    static result<file_lock> acquire(const std::filesystem::path &path);

    file_lock(file_lock &&other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    file_lock &operator=(file_lock &&other) noexcept;
    file_lock(const file_lock &) = delete;
    file_lock &operator=(const file_lock &) = delete;
    ~file_lock();

  private:
    explicit file_lock(int fd) : fd_(fd) {}
    int fd_ = -1;
};

}  // namespace forge::git
