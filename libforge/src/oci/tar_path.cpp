#include "oci/tar_path.hpp"

#include <vector>

namespace forge::oci {

namespace {
bool portable(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("._+@=,-").find(c) != std::string_view::npos;
}
}  // namespace

result<std::string> normalize_tar_path(std::string_view raw, const tar_path_rules &rules) {
    if (raw.empty()) return make_error(status::invalid, "empty path");
    if (raw.size() > rules.max_bytes)
        return make_error(status::limit, "path of " + std::to_string(raw.size()) + " bytes is longer than " +
                                             std::to_string(rules.max_bytes));
    if (raw.front() == '/') return make_error(status::invalid, "absolute paths are not allowed");
    for (char c : raw) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) return make_error(status::invalid, "control characters are not allowed in paths");
        if (c == '\\') return make_error(status::invalid, "backslashes are not allowed in paths");
        if (rules.portable_only && c != '/' && !portable(c))
            return make_error(status::invalid, std::string("character '") + c +
                                                   "' is not allowed (only A-Z a-z 0-9 . _ + @ = , - and /)");
    }
    std::vector<std::string_view> components;
    std::size_t start = 0;
    while (start <= raw.size()) {
        std::size_t end = raw.find('/', start);
        if (end == std::string_view::npos) end = raw.size();
        const std::string_view part = raw.substr(start, end - start);
        if (part == "..") return make_error(status::invalid, "'..' components are not allowed");
        if (!part.empty() && part != ".") components.push_back(part);
        start = end + 1;
    }
    if (components.empty()) return make_error(status::invalid, "path names no file");
    if (components.size() > rules.max_components)
        return make_error(status::limit, "path has more than " + std::to_string(rules.max_components) + " components");
    std::string out;
    for (const auto part : components) {
        if (!out.empty()) out += '/';
        out += part;
    }
    return out;
}

bool has_yaml_extension(std::string_view path) {
    auto ends_with = [&](std::string_view suffix) {
        return path.size() > suffix.size() && path.substr(path.size() - suffix.size()) == suffix;
    };
    const auto slash = path.rfind('/');
    const std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
    if (base == ".yaml" || base == ".yml") return false;
    return ends_with(".yaml") || ends_with(".yml");
}

}  // namespace forge::oci
