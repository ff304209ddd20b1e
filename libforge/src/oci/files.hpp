// File-system primitives the image layout is built on: atomic replacement of a file, bounded
// reads, and an exclusive advisory lock.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace forge::oci::files {

// Writes bytes to a temporary file in target's directory, fsyncs it, renames it over target and
// fsyncs the directory: readers see either the old file or the whole new one, never a part. The
// temporary file is removed on every failure path. mode is applied to the new file.
status_result write_atomically(const std::filesystem::path &target, std::string_view bytes, unsigned mode = 0644);

// Reads a whole file of at most max_bytes (status::limit beyond, status::not_found if missing).
// on_piece, when given, sees the content piece by piece in order as it is read.
result<std::string> read_bounded(const std::filesystem::path &file, std::uint64_t max_bytes,
                                 const std::function<void(std::string_view)> &on_piece = {});

// An exclusive flock(2) on a lock file (created if needed), held until destruction. Serialises
// read-modify-write cycles between threads and processes on the same machine.
class exclusive_lock {
  public:
    static result<exclusive_lock> acquire(const std::filesystem::path &lock_file);
    exclusive_lock(exclusive_lock &&other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    exclusive_lock &operator=(exclusive_lock &&) = delete;
    exclusive_lock(const exclusive_lock &) = delete;
    ~exclusive_lock();

  private:
    explicit exclusive_lock(int fd) : fd_(fd) {}
    int fd_ = -1;
};

// "<what> <path>: <strerror(err)>" as status::io (status::not_found for ENOENT).
error errno_error(int err, std::string_view what, const std::filesystem::path &path);

}  // namespace forge::oci::files
