#pragma once
// A source_tree over files held in memory, for discovery tests that need no git repository.
#include <map>
#include <string>

#include "discovery/evaluation_cache.hpp"
#include "git/source_tree.hpp"

namespace forge::discovery::testing {

class memory_source final : public git::source_tree {
  public:
    std::map<std::string, std::string> files;

    result<std::string> read(std::string_view path) const override {
        auto it = files.find(std::string(path));
        if (it == files.end()) return make_error(status::not_found, std::string(path) + ": not found in memory");
        return it->second;
    }
    result<std::vector<git::project_location>> find_projects() const override {
        std::vector<git::project_location> out;
        for (const auto &[path, text] : files) {
            constexpr std::string_view suffix = ".forge/project.cue";
            if (!path.ends_with(suffix)) continue;
            std::string dir = path.substr(0, path.size() - suffix.size());
            if (!dir.empty()) dir.pop_back();  // the '/'
            git::project_location loc{dir, path, {}};
            // A stand-in for the tree id: changes with the file's content.
            std::string d = digest_of({text});
            for (std::size_t i = 0; i < loc.forge_tree.bytes.size(); ++i)
                loc.forge_tree.bytes[i] = static_cast<std::uint8_t>(std::stoi(d.substr(i * 2, 2), nullptr, 16));
            out.push_back(loc);
        }
        return out;
    }
    std::string describe() const override { return "memory"; }
};

inline const char *basic_repo_cue = R"(package repo

forgeVersion: "0.1.0"
name: "acme"
phases: {
	validate: {group: 1}
	test: {group: 1, timeout: "15m", required: true}
	build: {group: 2}
}
publishers: {
	docker: type: "docker"
	releases: {type: "s3", bucket: "b"}
}
)";

}  // namespace forge::discovery::testing
