#include "release/render.hpp"

#include <boost/json.hpp>
#include <cctype>
#include <cstdio>

#include "release/yaml_emit.hpp"

namespace forge::release {

namespace json = boost::json;

namespace {

constexpr std::string_view marker = "@artifact(";

// Replaces every "@artifact(name).field" in s; an unresolvable one is an error (or kept).
result<std::string> substitute(std::string_view s, const artifact_fields &artifacts, const render_options &options,
                               const std::string &where) {
    std::string out;
    std::size_t pos = 0;
    while (true) {
        auto at = s.find(marker, pos);
        if (at == std::string_view::npos) break;
        out.append(s.substr(pos, at - pos));
        auto close = s.find(')', at + marker.size());
        if (close == std::string_view::npos) {
            out.append(s.substr(at));
            pos = s.size();
            break;
        }
        std::string name(s.substr(at + marker.size(), close - at - marker.size()));
        std::size_t end = close + 1;
        std::string field;
        if (end < s.size() && s[end] == '.') {
            std::size_t f = end + 1;
            while (f < s.size() && (std::isalnum(static_cast<unsigned char>(s[f])) || s[f] == '_')) ++f;
            field = std::string(s.substr(end + 1, f - end - 1));
            end = f;
        }
        const auto art = artifacts.find(name);
        const std::string *value = nullptr;
        if (art != artifacts.end()) {
            auto it = art->second.find(field);
            if (it != art->second.end()) value = &it->second;
        }
        if (value != nullptr) {
            out += *value;
        } else if (options.require_all) {
            if (art == artifacts.end())
                return make_error(status::invalid,
                                  where + ": @artifact(\"" + name + "\") names no artifact of this release");
            return make_error(status::invalid, where + ": artifact \"" + name + "\" has no field \"" + field + "\"");
        } else {
            out.append(s.substr(at, end - at));
        }
        pos = end;
    }
    out.append(s.substr(pos));
    return out;
}

result<json::value> resolve(const json::value &v, const artifact_fields &artifacts, const render_options &options,
                            const std::string &where) {
    if (v.is_string()) {
        FORGE_TRY_ASSIGN(auto s, substitute(v.as_string(), artifacts, options, where));
        return json::value(json::string(s));
    }
    if (v.is_object()) {
        json::object o;
        for (const auto &kv : v.as_object()) {
            FORGE_TRY_ASSIGN(auto x, resolve(kv.value(), artifacts, options, where + "." + std::string(kv.key())));
            o.emplace(kv.key(), std::move(x));
        }
        return json::value(std::move(o));
    }
    if (v.is_array()) {
        json::array a;
        const auto &in = v.as_array();
        for (std::size_t i = 0; i < in.size(); ++i) {
            FORGE_TRY_ASSIGN(auto x, resolve(in[i], artifacts, options, where + "[" + std::to_string(i) + "]"));
            a.push_back(std::move(x));
        }
        return json::value(std::move(a));
    }
    return v;
}

std::string file_part(std::string_view s) {
    std::string out;
    for (char c : s) {
        char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        bool ok = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '.' || l == '_';
        out += ok ? l : '-';
    }
    if (out.size() > 80) out.resize(80);
    return out;
}

}  // namespace

result<std::vector<oci::resource_file>> render_resources(const json::array &resources, const artifact_fields &artifacts,
                                                         const render_options &options) {
    if (resources.size() > 1000) return make_error(status::limit, "deploy.resources has over 1000 objects");
    std::vector<oci::resource_file> files;
    for (std::size_t i = 0; i < resources.size(); ++i) {
        const std::string where = "deploy.resources[" + std::to_string(i) + "]";
        const auto *o = resources[i].if_object();
        if (o == nullptr) return make_error(status::invalid, where + ": must be an object");
        auto str = [&](const json::object &obj, std::string_view key) -> std::string {
            const auto *v = obj.if_contains(key);
            return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
        };
        if (str(*o, "apiVersion").empty())
            return make_error(status::invalid, where + ".apiVersion: must be a non-empty string");
        const std::string kind = str(*o, "kind");
        if (kind.empty()) return make_error(status::invalid, where + ".kind: must be a non-empty string");
        const auto *meta = o->if_contains("metadata");
        const std::string name = meta != nullptr && meta->is_object() ? str(meta->as_object(), "name") : std::string();
        if (name.empty()) return make_error(status::invalid, where + ".metadata.name: must be a non-empty string");
        FORGE_TRY_ASSIGN(auto resolved, resolve(resources[i], artifacts, options, where));
        char index[24];
        std::snprintf(index, sizeof index, "%02zu", i);
        files.push_back(
            {std::string(index) + "-" + file_part(kind) + "-" + file_part(name) + ".yaml", to_yaml(resolved)});
    }
    return files;
}

std::string resources_stream(const std::vector<oci::resource_file> &files) {
    std::string out;
    for (const auto &f : files) {
        out += "---\n# " + f.name + "\n";
        out += f.yaml;
    }
    return out;
}

}  // namespace forge::release
