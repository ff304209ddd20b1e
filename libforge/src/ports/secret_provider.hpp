// Port: resolves a secret reference ({provider: "...", ...fields}) to the secret's bytes.
// Values are resolved at the point of use and must never be logged or stored by the caller.
#pragma once

#include <map>
#include <string>

#include "core/error.hpp"

namespace forge::ports {

struct secret_ref {
    std::string provider;
    std::map<std::string, std::string> fields;  // every other member of the reference, as text

    const std::string *get(const std::string &key) const {
        auto it = fields.find(key);
        return it == fields.end() ? nullptr : &it->second;
    }
};

class secret_provider {
  public:
    virtual ~secret_provider() = default;
    virtual result<std::string> resolve(const secret_ref &ref) = 0;
};

}  // namespace forge::ports
