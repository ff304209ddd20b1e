#include "discovery/directory_source.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "discovery/evaluation_cache.hpp"

namespace forge::discovery {

namespace fs = std::filesystem;

result<std::string> directory_source::read(std::string_view path) const {
    fs::path p = root_ / fs::path(std::string(path));
    std::error_code ec;
    if (!fs::is_regular_file(p, ec)) return make_error(status::not_found, std::string(path) + ": not found in " + describe());
    std::ifstream in(p, std::ios::binary);
    if (!in) return make_error(status::io, "cannot read " + p.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

result<std::vector<git::project_location>> directory_source::find_projects() const {
    std::vector<git::project_location> out;
    std::error_code ec;
    fs::recursive_directory_iterator it(root_, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) return make_error(status::io, "cannot list " + root_.string() + ": " + ec.message());
    for (; it != end; it.increment(ec)) {
        if (ec) return make_error(status::io, "cannot list " + root_.string() + ": " + ec.message());
        const fs::path &p = it->path();
        std::string name = p.filename().string();
        if (it->is_directory(ec) && !name.empty() && name[0] == '.' && name != ".forge") {
            it.disable_recursion_pending();
            continue;
        }
        if (name != "project.cue" || p.parent_path().filename() != ".forge" || !it->is_regular_file(ec)) continue;
        std::string rel = p.lexically_relative(root_).generic_string();
        std::string dir = fs::path(rel).parent_path().parent_path().generic_string();
        git::project_location loc{dir, rel, {}};
        // A fingerprint of the .forge directory's files, standing in for a git tree id.
        std::string listing;
        std::vector<fs::path> files;
        for (auto &f : fs::recursive_directory_iterator(p.parent_path(), ec))
            if (f.is_regular_file(ec)) files.push_back(f.path());
        std::sort(files.begin(), files.end());
        for (const auto &f : files) {
            auto content = read(f.lexically_relative(root_).generic_string());
            listing += f.lexically_relative(root_).generic_string() + '\0' + (content.ok() ? *content : "") + '\0';
        }
        std::string d = digest_of({listing});
        for (std::size_t i = 0; i < loc.forge_tree.bytes.size(); ++i)
            loc.forge_tree.bytes[i] = static_cast<std::uint8_t>(std::stoi(d.substr(i * 2, 2), nullptr, 16));
        out.push_back(std::move(loc));
    }
    std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.config_path < b.config_path; });
    return out;
}

}  // namespace forge::discovery
