// Object store "fs": keys are files under a root directory (the embedded default).
//
// Keys are '/'-separated relative paths; absolute keys, "." and ".." segments, empty segments, NUL
// and backslashes are refused, so no key can name a file outside the root. Writes go to a temporary
// file in the target directory and are renamed into place: a reader sees the old object or the new
// one, never half of one.
#pragma once

#include <filesystem>

#include "ports/object_store.hpp"

namespace forge::adapters {

class fs_object_store final : public ports::object_store {
  public:
    explicit fs_object_store(std::filesystem::path root);

    status_result put(std::string_view key, std::string_view data) override;
    result<std::string> get(std::string_view key) override;
    result<std::vector<std::string>> list(std::string_view prefix) override;
    status_result remove(std::string_view key) override;  // removing an absent key is not an error
    result<std::string> presign_get(std::string_view key, std::chrono::seconds ttl) override;

    const std::filesystem::path &root() const { return root_; }

    // The check every key passes (exposed for tests): ok, or invalid naming the problem.
    static status_result validate_key(std::string_view key);

  private:
    result<std::filesystem::path> path_of(std::string_view key) const;
    std::filesystem::path root_;
};

}  // namespace forge::adapters
