// The source_tree of a plain directory that is not (inside) a git repository, so `forge validate`
// also works on a folder that was never committed. Hidden directories other than .forge are not
// searched (.git, .cache, ...).
#pragma once

#include <filesystem>

#include "git/source_tree.hpp"

namespace forge::discovery {

class directory_source final : public git::source_tree {
  public:
    explicit directory_source(std::filesystem::path root) : root_(std::move(root)) {}
    result<std::string> read(std::string_view path) const override;
    result<std::vector<git::project_location>> find_projects() const override;
    std::string describe() const override { return "directory " + root_.string(); }

  private:
    std::filesystem::path root_;
};

}  // namespace forge::discovery
