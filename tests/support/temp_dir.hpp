#pragma once
// A directory under $TMPDIR (or /tmp) that is created on construction and removed with everything
// in it on destruction, so that every server's state lives and dies with its fixture.
#include <filesystem>
#include <string_view>

namespace forge::test {

class temp_dir {
 public:
  // Creates <base>/forge-test-<label>-XXXXXX with mode 0700; throws fixture_error on failure.
  explicit temp_dir(std::string_view label);
  ~temp_dir();
  temp_dir(temp_dir&& other) noexcept;
  temp_dir& operator=(temp_dir&& other) noexcept;
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // Removes the directory now (idempotent); the destructor does the same.
  void remove() noexcept;

 private:
  std::filesystem::path path_;
};

// $TMPDIR when set and non-empty, else /tmp.
std::filesystem::path temp_base();

}  // namespace forge::test
