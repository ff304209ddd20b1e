// A blob written into an image layout piece by piece, without holding it in memory (pulls of large
// layers). The bytes go to a hidden temporary file next to the blob's final name and become visible
// under the digest only by commit(); a staged blob that is destroyed uncommitted is removed, so a
// failed or refused transfer leaves nothing behind.
//
// The writer does not hash: the caller verifies the bytes on their way in (the registry client
// checks size and digest while it streams) and commits only verified content. That keeps one hash
// per byte pulled instead of two.
//
// Durability: the file's data is flushed (fdatasync) before it is renamed into place, so a blob
// name never points at lost data after a crash; writeback is started every few MiB while the bytes
// arrive, so that flush mostly overlaps the transfer. The directory entry is made durable by
// sync_blob_directory() once for a batch of commits rather than once per blob.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

#include "core/error.hpp"
#include "oci/layout.hpp"
#include "oci/types.hpp"

namespace forge::oci {

class staged_blob {
  public:
    // Opens a temporary file for the blob in the layout's blob directory.
    static result<staged_blob> create(const image_layout &layout, const descriptor &desc);

    staged_blob(staged_blob &&other) noexcept;
    staged_blob &operator=(staged_blob &&) = delete;
    staged_blob(const staged_blob &) = delete;
    ~staged_blob();

    status_result write(std::string_view bytes);
    // Drops what was written (a transfer that starts over).
    status_result restart();
    std::uint64_t written() const noexcept { return written_; }

    // Flushes the data and renames the file to the blob's name. Only for bytes the caller has
    // verified against the descriptor; the size is checked here once more.
    status_result commit_verified();

  private:
    staged_blob(int fd, std::filesystem::path temp, std::filesystem::path target, std::int64_t size)
        : fd_(fd), temp_(std::move(temp)), target_(std::move(target)), size_(size) {}
    void discard() noexcept;

    int fd_ = -1;
    std::filesystem::path temp_, target_;
    std::int64_t size_ = 0;
    std::uint64_t written_ = 0;
    std::uint64_t flushed_ = 0;  // writeback started up to here
};

// Makes the directory entries of blobs committed in this layout durable (one fsync of the blob
// directory for a whole batch).
status_result sync_blob_directory(const image_layout &layout);

}  // namespace forge::oci
