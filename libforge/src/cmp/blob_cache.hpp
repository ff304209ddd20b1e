// A content-addressed blob cache: <dir>/blobs/sha256/<hex>, written atomically (a reader sees the
// whole blob or nothing), verified against its digest on every read (a damaged entry is removed
// and reported as a miss). Concurrent processes sharing the directory are safe: two writers of one
// digest write the same bytes and the last rename wins.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "oci/digest.hpp"

namespace forge::cmp {

class blob_cache {
  public:
    explicit blob_cache(std::filesystem::path dir) : dir_(std::move(dir)) {}

    const std::filesystem::path &dir() const noexcept { return dir_; }
    std::filesystem::path path_of(const oci::digest &d) const;

    // The verified bytes, or nullopt on a miss.
    result<std::optional<std::string>> get(const oci::digest &d, std::uint64_t max_bytes) const;
    status_result put(const oci::digest &d, std::string_view bytes) const;

  private:
    std::filesystem::path dir_;
};

}  // namespace forge::cmp
