#include "oci/canonical_json.hpp"

#include <algorithm>
#include <boost/json/stream_parser.hpp>
#include <vector>

#include "core/json_text.hpp"

namespace forge::oci {

namespace {
status_result append(std::string &out, const boost::json::value &v, const std::string &path) {
    switch (v.kind()) {
        case boost::json::kind::null:
            out += "null";
            return {};
        case boost::json::kind::bool_:
            out += v.get_bool() ? "true" : "false";
            return {};
        case boost::json::kind::int64:
            out += std::to_string(v.get_int64());
            return {};
        case boost::json::kind::uint64:
            out += std::to_string(v.get_uint64());
            return {};
        case boost::json::kind::double_:
            return make_error(status::invalid, "field " + path + ": floating-point numbers are not allowed");
        case boost::json::kind::string:
            json_text::append_string(out, v.get_string());
            return {};
        case boost::json::kind::array: {
            out += '[';
            const auto &array = v.get_array();
            for (std::size_t i = 0; i < array.size(); ++i) {
                if (i) out += ',';
                FORGE_TRY(append(out, array[i], path + "[" + std::to_string(i) + "]"));
            }
            out += ']';
            return {};
        }
        case boost::json::kind::object: {
            const auto &object = v.get_object();
            std::vector<const boost::json::key_value_pair *> members;
            members.reserve(object.size());
            for (const auto &member : object) members.push_back(&member);
            // Byte order of the keys; boost::json::object keeps keys unique.
            std::sort(members.begin(), members.end(), [](const auto *a, const auto *b) { return a->key() < b->key(); });
            out += '{';
            bool first = true;
            for (const auto *member : members) {
                if (!first) out += ',';
                first = false;
                json_text::append_string(out, member->key());
                out += ':';
                FORGE_TRY(append(out, member->value(), path + "." + std::string(member->key())));
            }
            out += '}';
            return {};
        }
    }
    return make_error(status::internal, "unknown JSON kind");
}
}  // namespace

result<std::string> canonical_json(const boost::json::value &value) {
    std::string out;
    FORGE_TRY(append(out, value, "$"));
    return out;
}

result<boost::json::value> parse_json(std::string_view text, std::string_view what) {
    boost::json::parse_options options;
    options.max_depth = 64;
    boost::system::error_code ec;
    boost::json::stream_parser parser({}, options);
    const std::size_t consumed = parser.write_some(text.data(), text.size(), ec);
    if (!ec && consumed != text.size())
        return make_error(status::invalid, std::string(what) + ": unexpected data after the JSON value at byte " +
                                               std::to_string(consumed));
    if (!ec) parser.finish(ec);
    if (ec) {
        return make_error(status::invalid, std::string(what) + ": invalid JSON at byte " + std::to_string(consumed) +
                                               ": " + ec.message());
    }
    return parser.release();
}

}  // namespace forge::oci
