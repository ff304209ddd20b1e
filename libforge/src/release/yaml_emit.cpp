#include "release/yaml_emit.hpp"

#include <boost/json.hpp>
#include <cstdio>

#include "core/quoting.hpp"

namespace forge::release {

namespace json = boost::json;

namespace {

bool looks_like_number(std::string_view s) {
    if (s.empty()) return false;
    std::size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    if (i == s.size()) return false;
    bool digit = false;
    for (; i < s.size(); ++i) {
        char c = s[i];
        if (c >= '0' && c <= '9')
            digit = true;
        else if (c != '.' && c != 'e' && c != 'E' && c != '_' && c != 'x' && c != 'o' && c != '-' && c != '+' &&
                 !(c >= 'a' && c <= 'f') && !(c >= 'A' && c <= 'F'))
            return false;
    }
    return digit || s == ".inf" || s == ".nan";
}

bool needs_quotes(std::string_view s) {
    if (s.empty()) return true;
    static const char *const keywords[] = {"true", "false", "null", "yes",  "no",   "on",    "off",  "y",   "n",   "~",
                                           "True", "False", "Null", "NULL", "TRUE", "FALSE", "Yes",  "No",  "YES", "NO",
                                           "On",   "Off",   "ON",   "OFF",  "Y",    "N",     ".inf", ".nan"};
    for (const char *k : keywords)
        if (s == k) return true;
    if (looks_like_number(s)) return true;
    for (char c : s) {
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                     c == '-' || c == '.' || c == '/' || c == '@' || c == '+' || c == '=';
        if (!plain) return true;
    }
    return s.front() == '-' || s.front() == '@' || s.front() == '.' || s.front() == '+' || s.front() == '=';
}

void scalar_string(std::string &out, std::string_view s) {
    if (!needs_quotes(s)) {
        out += s;
        return;
    }
    quoting::append_double_quoted(out, s);
}

bool is_scalar(const json::value &v) {
    if (v.is_object()) return v.as_object().empty();
    if (v.is_array()) return v.as_array().empty();
    return true;
}

void scalar(std::string &out, const json::value &v) {
    switch (v.kind()) {
        case json::kind::null:
            out += "null";
            break;
        case json::kind::bool_:
            out += v.as_bool() ? "true" : "false";
            break;
        case json::kind::int64:
            out += std::to_string(v.as_int64());
            break;
        case json::kind::uint64:
            out += std::to_string(v.as_uint64());
            break;
        case json::kind::double_:
            out += json::serialize(v);
            break;
        case json::kind::string:
            scalar_string(out, v.as_string());
            break;
        case json::kind::object:
            out += "{}";
            break;
        case json::kind::array:
            out += "[]";
            break;
    }
}

void block(std::string &out, const json::value &v, int indent);

void object_body(std::string &out, const json::object &o, int indent, bool first_inline) {
    bool first = true;
    for (const auto &kv : o) {
        if (!(first && first_inline)) out.append(static_cast<std::size_t>(indent), ' ');
        first = false;
        scalar_string(out, kv.key());
        out += ':';
        if (is_scalar(kv.value())) {
            out += ' ';
            scalar(out, kv.value());
            out += '\n';
        } else {
            out += '\n';
            // Sequences under a key sit at the key's indentation, as kubectl writes them.
            block(out, kv.value(), kv.value().is_array() ? indent : indent + 2);
        }
    }
}

void block(std::string &out, const json::value &v, int indent) {
    if (v.is_object()) {
        object_body(out, v.as_object(), indent, false);
        return;
    }
    for (const auto &item : v.as_array()) {
        out.append(static_cast<std::size_t>(indent), ' ');
        out += "- ";
        if (is_scalar(item)) {
            scalar(out, item);
            out += '\n';
        } else if (item.is_object()) {
            object_body(out, item.as_object(), indent + 2, true);
        } else {
            out += '\n';
            block(out, item, indent + 2);
        }
    }
}

}  // namespace

std::string to_yaml(const json::value &v) {
    std::string out;
    if (is_scalar(v)) {
        scalar(out, v);
        out += '\n';
        return out;
    }
    block(out, v, 0);
    return out;
}

}  // namespace forge::release
