#include "discovery/duration.hpp"

#include <cctype>

namespace forge::discovery {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view s) {
    if (s.empty()) return std::nullopt;
    double total_ns = 0;
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t start = i;
        double value = 0;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) value = value * 10 + (s[i++] - '0');
        if (i < s.size() && s[i] == '.') {
            ++i;
            double scale = 0.1;
            while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
                value += (s[i++] - '0') * scale;
                scale /= 10;
            }
        }
        if (i == start) return std::nullopt;
        std::size_t unit_start = i;
        while (i < s.size() && !std::isdigit(static_cast<unsigned char>(s[i])) && s[i] != '.') ++i;
        std::string_view unit = s.substr(unit_start, i - unit_start);
        double ns_per_unit = 0;
        if (unit == "ns") ns_per_unit = 1;
        else if (unit == "us" || unit == "\xC2\xB5s") ns_per_unit = 1e3;
        else if (unit == "ms") ns_per_unit = 1e6;
        else if (unit == "s") ns_per_unit = 1e9;
        else if (unit == "m") ns_per_unit = 60e9;
        else if (unit == "h") ns_per_unit = 3600e9;
        else return std::nullopt;
        total_ns += value * ns_per_unit;
    }
    if (total_ns > 1e18) return std::nullopt;  // beyond any sensible timeout
    return std::chrono::milliseconds(static_cast<long long>(total_ns / 1e6));
}

}  // namespace forge::discovery
