// URL parsing and header maps: the plain half of the HTTP client (no Beast here, so it compiles fast).
#include <algorithm>
#include <cctype>
#include <charconv>

#include "http/client.hpp"

namespace forge::http {

namespace {
char lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

std::uint16_t default_port(std::string_view scheme) {
    return scheme == "https" ? 443 : 80;
}

bool valid_host_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' || c == '~' || c == '%';
}

// Removes "." and ".." segments (RFC 3986 §5.2.4) from an absolute path.
std::string remove_dot_segments(std::string_view path) {
    std::vector<std::string_view> out;
    std::size_t i = 1;
    bool trailing_slash = false;
    while (i <= path.size()) {
        std::size_t j = path.find('/', i);
        if (j == std::string_view::npos) j = path.size();
        std::string_view seg = path.substr(i, j - i);
        trailing_slash = (j == path.size() && (seg == "." || seg == ".."));
        if (seg == "..") {
            if (!out.empty()) out.pop_back();
        } else if (seg != ".") {
            out.push_back(seg);
        }
        i = j + 1;
    }
    std::string result;
    for (auto seg : out) {
        result += '/';
        result += seg;
    }
    if (trailing_slash || result.empty()) result += '/';
    return result;
}
}  // namespace

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

void header_map::add(std::string name, std::string value) {
    fields_.emplace_back(std::move(name), std::move(value));
}

void header_map::set(std::string name, std::string value) {
    remove(name);
    add(std::move(name), std::move(value));
}

void header_map::remove(std::string_view name) {
    fields_.erase(std::remove_if(fields_.begin(), fields_.end(), [&](const auto &f) { return iequals(f.first, name); }),
                  fields_.end());
}

std::optional<std::string> header_map::get(std::string_view name) const {
    for (const auto &f : fields_)
        if (iequals(f.first, name)) return f.second;
    return std::nullopt;
}

std::vector<std::string> header_map::get_all(std::string_view name) const {
    std::vector<std::string> values;
    for (const auto &f : fields_)
        if (iequals(f.first, name)) values.push_back(f.second);
    return values;
}

std::string url::authority() const {
    std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    if (port != default_port(scheme)) h += ":" + std::to_string(port);
    return h;
}

std::string url::origin() const {
    return scheme + "://" + authority();
}

result<url> parse_url(std::string_view text) {
    auto bad = [&](const std::string &why) {
        return make_error(status::invalid, "URL \"" + std::string(text) + "\": " + why);
    };
    const auto colon = text.find("://");
    if (colon == std::string_view::npos) return bad("must be absolute (scheme://host/...)");
    url u;
    for (char c : text.substr(0, colon)) u.scheme += lower(c);
    if (u.scheme != "http" && u.scheme != "https") return bad("scheme must be http or https");
    std::string_view rest = text.substr(colon + 3);
    if (auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
    const auto path_start = rest.find_first_of("/?");
    std::string_view authority = rest.substr(0, path_start);
    u.target = path_start == std::string_view::npos ? "/" : std::string(rest.substr(path_start));
    if (u.target[0] == '?') u.target.insert(0, "/");
    if (authority.find('@') != std::string_view::npos) return bad("user information in URLs is not supported");
    std::string_view port_text;
    if (!authority.empty() && authority[0] == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) return bad("unterminated IPv6 literal");
        u.host = std::string(authority.substr(1, close - 1));
        std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after[0] != ':') return bad("unexpected characters after the IPv6 literal");
            port_text = after.substr(1);
        }
        if (u.host.empty() || u.host.find_first_not_of("0123456789abcdefABCDEF:.") != std::string::npos)
            return bad("invalid IPv6 literal");
    } else {
        const auto pc = authority.rfind(':');
        if (pc != std::string_view::npos) {
            port_text = authority.substr(pc + 1);
            authority = authority.substr(0, pc);
        }
        for (char c : authority) {
            if (!valid_host_char(c)) return bad("invalid character in host");
            u.host += lower(c);
        }
    }
    if (u.host.empty()) return bad("missing host");
    u.port = default_port(u.scheme);
    if (!port_text.empty()) {
        unsigned value = 0;
        auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
        if (ec != std::errc() || end != port_text.data() + port_text.size() || value == 0 || value > 65535)
            return bad("invalid port \"" + std::string(port_text) + "\"");
        u.port = static_cast<std::uint16_t>(value);
    }
    for (char c : u.target)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return bad("control character or space in path");
    return u;
}

result<url> resolve_url(const url &base, std::string_view location) {
    if (location.find("://") != std::string_view::npos && location.find("://") < location.find_first_of("/?"))
        return parse_url(location);
    if (location.substr(0, 2) == "//") return parse_url(base.scheme + ":" + std::string(location));
    url u = base;
    if (location.empty()) return u;
    if (auto hash = location.find('#'); hash != std::string_view::npos) location = location.substr(0, hash);
    if (location[0] == '?') {
        u.target = u.target.substr(0, u.target.find('?')) + std::string(location);
    } else {
        std::string_view path = location, query;
        if (auto q = location.find('?'); q != std::string_view::npos) {
            path = location.substr(0, q);
            query = location.substr(q);
        }
        std::string merged;
        if (path[0] == '/') {
            merged = std::string(path);
        } else {
            std::string base_path = base.target.substr(0, base.target.find('?'));
            merged = base_path.substr(0, base_path.rfind('/') + 1) + std::string(path);
        }
        u.target = remove_dot_segments(merged) + std::string(query);
    }
    for (char c : u.target)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            return make_error(status::invalid, "redirect location contains a control character or space");
    return u;
}

std::string percent_encode(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += char(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace forge::http
