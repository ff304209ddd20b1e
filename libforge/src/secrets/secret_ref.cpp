#include "secrets/secret_ref.hpp"

#include <boost/json.hpp>

namespace forge::secrets {

result<ports::secret_ref> parse_secret_ref(std::string_view json) {
    boost::system::error_code ec;
    auto doc = boost::json::parse(json, ec);
    if (ec) return make_error(status::invalid, "secret reference is not valid JSON: " + ec.message());
    if (!doc.is_object()) return make_error(status::invalid, "secret reference must be a JSON object");
    const auto &obj = doc.as_object();
    const auto *provider = obj.if_contains("provider");
    if (provider == nullptr || !provider->is_string() || provider->as_string().empty())
        return make_error(status::invalid, "secret reference needs a string field \"provider\"");
    ports::secret_ref ref;
    ref.provider = std::string(provider->as_string());
    for (const auto &[key, value] : obj) {
        if (key == "provider") continue;
        ref.fields[std::string(key)] =
            value.is_string() ? std::string(value.as_string()) : boost::json::serialize(value);
    }
    return ref;
}

}  // namespace forge::secrets
