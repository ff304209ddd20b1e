#include "registry/reference.hpp"

namespace forge::registry {

namespace {
bool lower_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*
bool valid_component(std::string_view c) {
    if (c.empty() || !lower_alnum(c.front()) || !lower_alnum(c.back())) return false;
    for (std::size_t i = 0; i < c.size();) {
        if (lower_alnum(c[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < c.size() && !lower_alnum(c[j])) ++j;
        std::string_view sep = c.substr(i, j - i);
        const bool ok = sep == "." || sep == "_" || sep == "__" || sep.find_first_not_of('-') == std::string_view::npos;
        if (!ok) return false;
        i = j;
    }
    return true;
}

bool valid_host(std::string_view host) {
    if (host.empty()) return false;
    for (char c : host)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
              c == ':' || c == '[' || c == ']'))
            return false;
    return true;
}
}  // namespace

bool is_valid_repository(std::string_view name) {
    if (name.empty() || name.size() > 255) return false;
    std::size_t start = 0;
    for (;;) {
        const auto slash = name.find('/', start);
        if (!valid_component(name.substr(start, slash == std::string_view::npos ? slash : slash - start))) return false;
        if (slash == std::string_view::npos) return true;
        start = slash + 1;
    }
}

std::string reference::ref() const {
    if (digest) return digest->str();
    return tag ? *tag : std::string("latest");
}

std::string reference::str() const {
    std::string s = registry + "/" + repository;
    if (tag) s += ":" + *tag;
    if (digest) s += "@" + digest->str();
    return s;
}

result<reference> parse_reference(std::string_view text) {
    auto bad = [&](const std::string &why) {
        return make_error(status::invalid, "image reference \"" + std::string(text) + "\": " + why);
    };
    reference r;
    std::string_view rest = text;
    if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
        auto d = oci::digest::parse(rest.substr(at + 1));
        if (!d.ok()) return bad(d.err().message);
        r.digest = *d;
        rest = rest.substr(0, at);
    }
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos)
        return bad("must be host[:port]/repository[:tag|@digest] (no registry host given)");
    const std::string_view host = rest.substr(0, slash);
    if (!(host.find('.') != std::string_view::npos || host.find(':') != std::string_view::npos || host == "localhost"))
        return bad("\"" + std::string(host) +
                   "\" is not a registry host (it needs a '.', a ':port' or to be localhost)");
    if (!valid_host(host)) return bad("invalid registry host \"" + std::string(host) + "\"");
    r.registry = std::string(host);
    std::string_view name = rest.substr(slash + 1);
    const auto last_slash = name.rfind('/');
    const auto colon = name.rfind(':');
    if (colon != std::string_view::npos && (last_slash == std::string_view::npos || colon > last_slash)) {
        const std::string_view tag = name.substr(colon + 1);
        if (!oci::is_valid_tag(tag)) return bad("invalid tag \"" + std::string(tag) + "\"");
        r.tag = std::string(tag);
        name = name.substr(0, colon);
    }
    if (!is_valid_repository(name))
        return bad("invalid repository name \"" + std::string(name) +
                   "\" (lowercase letters and digits, separated by '.', '_', '__', '-' or '/')");
    r.repository = std::string(name);
    return r;
}

result<location> parse_location(std::string_view text) {
    if (text.substr(0, 4) == "oci:") {
        FORGE_TRY_ASSIGN(auto layout, oci::parse_layout_reference(text));
        return location(std::move(layout));
    }
    FORGE_TRY_ASSIGN(auto ref, parse_reference(text));
    return location(std::move(ref));
}

std::string to_string(const location &loc) {
    if (const auto *r = std::get_if<reference>(&loc)) return r->str();
    return std::get<oci::layout_reference>(loc).str();
}

}  // namespace forge::registry
