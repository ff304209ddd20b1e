#include "discovery/repository_name.hpp"

namespace forge::discovery {

std::string name_from_url(std::string_view url) {
    while (!url.empty() && (url.back() == '/' || url.back() == '\\')) url.remove_suffix(1);
    if (url.ends_with(".git")) url.remove_suffix(4);
    while (!url.empty() && url.back() == '/') url.remove_suffix(1);
    auto cut = url.find_last_of("/:\\");
    std::string_view last = cut == std::string_view::npos ? url : url.substr(cut + 1);
    return std::string(last);
}

std::string repository_short_name(const std::optional<std::string> &configured, const std::optional<std::string> &origin_url,
                                  std::string_view directory) {
    if (configured && !configured->empty()) return *configured;
    if (origin_url) {
        std::string n = name_from_url(*origin_url);
        if (!n.empty()) return n;
    }
    std::string n = name_from_url(directory);
    return n.empty() ? std::string("repository") : n;
}

}  // namespace forge::discovery
