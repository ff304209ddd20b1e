#include "gitops/pointer.hpp"

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdio>
#include <ctime>

#include "core/quoting.hpp"
#include "gitops/names.hpp"

namespace forge::gitops {

namespace {

struct field_error {
    std::string source;
    error at(const YAML::Node &node, const std::string &field, const std::string &why) const {
        auto mark = node.Mark();
        std::string where = source;
        if (!mark.is_null()) where += ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
        return make_error(status::invalid, where + ": field " + field + ": " + why);
    }
};

result<std::string> string_field(const YAML::Node &parent, const char *key, const std::string &field,
                                 const field_error &fe) {
    YAML::Node n = parent[key];
    // A missing key gives an invalid node: only IsDefined may be asked of it.
    if (!n.IsDefined() || !n.IsScalar()) return fe.at(n.IsDefined() ? n : parent, field, "must be a string");
    return n.Scalar();
}

status_result only_keys(const YAML::Node &map, std::initializer_list<std::string_view> allowed,
                        const std::string &parent, const field_error &fe) {
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (!it->first.IsScalar()) return fe.at(it->first, parent, "keys must be strings");
        const std::string &k = it->first.Scalar();
        bool ok = false;
        for (auto a : allowed) ok = ok || a == k;
        if (!ok)
            return fe.at(it->first, (parent.empty() ? "" : parent + ".") + k, "is not allowed in a ReleasePointer");
    }
    return {};
}

result<release_pointer> parse_node(const YAML::Node &root, const field_error &fe) {
    if (!root.IsMap()) return fe.at(root, "(document)", "a ReleasePointer must be a mapping");
    FORGE_TRY(only_keys(root, {"apiVersion", "kind", "metadata", "spec"}, "", fe));
    FORGE_TRY_ASSIGN(auto api, string_field(root, "apiVersion", "apiVersion", fe));
    if (api != pointer_api_version)
        return fe.at(root["apiVersion"], "apiVersion", "must be " + std::string(pointer_api_version));
    FORGE_TRY_ASSIGN(auto kind, string_field(root, "kind", "kind", fe));
    if (kind != pointer_kind) return fe.at(root["kind"], "kind", "must be ReleasePointer, not " + kind);
    YAML::Node meta = root["metadata"];
    if (!meta.IsDefined() || !meta.IsMap())
        return fe.at(meta.IsDefined() ? meta : root, "metadata", "must be a mapping with name");
    FORGE_TRY(only_keys(meta, {"name"}, "metadata", fe));
    release_pointer p;
    FORGE_TRY_ASSIGN(p.name, string_field(meta, "name", "metadata.name", fe));
    if (auto ok = check_name(p.name, "project"); !ok) return fe.at(meta["name"], "metadata.name", ok.err().message);

    YAML::Node spec = root["spec"];
    if (!spec.IsDefined() || !spec.IsMap()) return fe.at(spec.IsDefined() ? spec : root, "spec", "must be a mapping");
    FORGE_TRY(
        only_keys(spec, {"release", "aliases", "deployedAt", "deployedBy", "approvedBy", "approvedAt"}, "spec", fe));
    FORGE_TRY_ASSIGN(p.release, string_field(spec, "release", "spec.release", fe));
    if (!is_commit_sha(p.release))
        return fe.at(spec["release"], "spec.release",
                     "\"" + p.release + "\" is not a full commit SHA (40 lowercase hex)");
    if (YAML::Node al = spec["aliases"]; al.IsDefined() && !al.IsNull()) {
        if (!al.IsMap()) return fe.at(al, "spec.aliases", "must be a mapping");
        FORGE_TRY(only_keys(al, {"numeric", "tag", "branch"}, "spec.aliases", fe));
        if (YAML::Node n = al["numeric"]; n.IsDefined()) {
            std::int64_t v = 0;
            if (!n.IsScalar() || !YAML::convert<std::int64_t>::decode(n, v) || v < 1)
                return fe.at(n, "spec.aliases.numeric", "must be an integer >= 1");
            p.aliases.numeric = v;
        }
        if (al["tag"].IsDefined()) {
            FORGE_TRY_ASSIGN(auto t, string_field(al, "tag", "spec.aliases.tag", fe));
            p.aliases.tag = t;
        }
        if (al["branch"].IsDefined()) {
            FORGE_TRY_ASSIGN(auto b, string_field(al, "branch", "spec.aliases.branch", fe));
            p.aliases.branch = b;
        }
    }
    if (spec["deployedAt"].IsDefined()) {
        FORGE_TRY_ASSIGN(p.deployed_at, string_field(spec, "deployedAt", "spec.deployedAt", fe));
        if (!is_rfc3339(p.deployed_at)) return fe.at(spec["deployedAt"], "spec.deployedAt", "is not an RFC 3339 time");
    }
    if (spec["deployedBy"].IsDefined()) {
        FORGE_TRY_ASSIGN(p.deployed_by, string_field(spec, "deployedBy", "spec.deployedBy", fe));
    }
    if (spec["approvedBy"].IsDefined()) {
        FORGE_TRY_ASSIGN(auto a, string_field(spec, "approvedBy", "spec.approvedBy", fe));
        p.approved_by = a;
    }
    if (spec["approvedAt"].IsDefined()) {
        FORGE_TRY_ASSIGN(auto a, string_field(spec, "approvedAt", "spec.approvedAt", fe));
        if (!is_rfc3339(a)) return fe.at(spec["approvedAt"], "spec.approvedAt", "is not an RFC 3339 time");
        p.approved_at = a;
    }
    return p;
}

bool digits(std::string_view s, std::size_t from, std::size_t n) {
    if (from + n > s.size()) return false;
    for (std::size_t i = from; i < from + n; ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

}  // namespace

result<release_pointer> parse_pointer(std::string_view yaml, std::string_view source) {
    field_error fe{std::string(source)};
    try {
        YAML::Node root = YAML::Load(std::string(yaml));
        return parse_node(root, fe);
    } catch (const YAML::Exception &e) {
        std::string where = fe.source;
        if (!e.mark.is_null()) where += ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1);
        return make_error(status::invalid, where + ": " + e.msg);
    }
}

std::string yaml_quote(std::string_view text) {
    std::string out;
    quoting::append_double_quoted(out, text);
    return out;
}

std::string pointer_yaml(const release_pointer &p) {
    std::string y;
    y += "apiVersion: " + std::string(pointer_api_version) + "\n";
    y += "kind: " + std::string(pointer_kind) + "\n";
    y += "metadata:\n  name: " + yaml_quote(p.name) + "\n";
    y += "spec:\n  release: " + yaml_quote(p.release) + "\n";
    if (!p.aliases.empty()) {
        y += "  aliases:\n";
        if (p.aliases.numeric) y += "    numeric: " + std::to_string(*p.aliases.numeric) + "\n";
        if (p.aliases.tag) y += "    tag: " + yaml_quote(*p.aliases.tag) + "\n";
        if (p.aliases.branch) y += "    branch: " + yaml_quote(*p.aliases.branch) + "\n";
    }
    if (!p.deployed_at.empty()) y += "  deployedAt: " + yaml_quote(p.deployed_at) + "\n";
    if (!p.deployed_by.empty()) y += "  deployedBy: " + yaml_quote(p.deployed_by) + "\n";
    if (p.approved_by) y += "  approvedBy: " + yaml_quote(*p.approved_by) + "\n";
    if (p.approved_at) y += "  approvedAt: " + yaml_quote(*p.approved_at) + "\n";
    return y;
}

bool is_rfc3339(std::string_view s) {
    // YYYY-MM-DDTHH:MM:SS(.fraction)?(Z|+HH:MM|-HH:MM)
    if (!digits(s, 0, 4) || s.size() < 20 || s[4] != '-' || !digits(s, 5, 2) || s[7] != '-' || !digits(s, 8, 2) ||
        s[10] != 'T' || !digits(s, 11, 2) || s[13] != ':' || !digits(s, 14, 2) || s[16] != ':' || !digits(s, 17, 2))
        return false;
    std::size_t i = 19;
    if (i < s.size() && s[i] == '.') {
        ++i;
        std::size_t start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        if (i == start) return false;
    }
    if (i < s.size() && s[i] == 'Z') return i + 1 == s.size();
    if (i < s.size() && (s[i] == '+' || s[i] == '-'))
        return i + 6 == s.size() && digits(s, i + 1, 2) && s[i + 3] == ':' && digits(s, i + 4, 2);
    return false;
}

std::string rfc3339_utc(std::optional<std::int64_t> epoch_seconds) {
    std::time_t t = epoch_seconds ? std::time_t(*epoch_seconds)
                                  : std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace forge::gitops
