#include "adapters/file/file_secret_provider.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

namespace forge::adapters {

namespace {
constexpr std::size_t max_secret_file = 1 << 20;
}

result<std::string> file_secret_provider::resolve(const ports::secret_ref &ref) {
    const std::string *path = ref.get("path");
    if (path == nullptr || path->empty())
        return make_error(status::invalid, "file secret reference needs a \"path\" field");
    std::ifstream in(*path, std::ios::binary);
    if (!in) return make_error(status::not_found, "secret file " + *path + " cannot be read");
    std::ostringstream buf;
    buf << in.rdbuf();
    std::string content = std::move(buf).str();
    if (content.size() > max_secret_file)
        return make_error(status::limit, "secret file " + *path + " is larger than 1 MiB");

    const std::string *key = ref.get("key");
    if (key == nullptr) {
        if (!content.empty() && content.back() == '\n') content.pop_back();
        return content;
    }
    boost::system::error_code ec;
    auto doc = boost::json::parse(content, ec);
    if (ec || !doc.is_object())
        return make_error(status::invalid, "secret file " + *path + " is not a JSON object (needed for \"key\")");
    const auto *member = doc.as_object().if_contains(*key);
    if (member == nullptr || !member->is_string())
        return make_error(status::not_found, "secret file " + *path + " has no string member \"" + *key + "\"");
    return std::string(member->as_string());
}

}  // namespace forge::adapters
