#include "adapters/env/env_secret_provider.hpp"

#include <cstdlib>

namespace forge::adapters {

result<std::string> env_secret_provider::resolve(const ports::secret_ref &ref) {
    const std::string *name = ref.get("name");
    if (name == nullptr || name->empty())
        return make_error(status::invalid, "env secret reference needs a \"name\" field");
    const char *value = std::getenv(name->c_str());
    if (value == nullptr)
        return make_error(status::not_found, "environment variable " + *name + " is not set");
    return std::string(value);
}

}  // namespace forge::adapters
