// Reads one blob of an image layout piece by piece, so a large layer can be uploaded without
// holding it in memory. Opening checks that the file has the descriptor's size; the digest is
// checked by whoever consumes the bytes (the registry client hashes what it sends and stops before
// the last byte on a mismatch).
#pragma once

#include <cstddef>
#include <filesystem>

#include "core/error.hpp"
#include "oci/layout.hpp"
#include "oci/types.hpp"

namespace forge::oci {

class blob_file {
  public:
    static result<blob_file> open(const image_layout &layout, const descriptor &desc);

    blob_file(blob_file &&other) noexcept : fd_(other.fd_), path_(std::move(other.path_)) { other.fd_ = -1; }
    blob_file &operator=(blob_file &&) = delete;
    blob_file(const blob_file &) = delete;
    ~blob_file();

    // Up to capacity bytes from the current position; 0 at the end.
    result<std::size_t> read(char *buffer, std::size_t capacity);
    // Back to the first byte.
    status_result rewind();

  private:
    blob_file(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
    int fd_ = -1;
    std::filesystem::path path_;
};

}  // namespace forge::oci
