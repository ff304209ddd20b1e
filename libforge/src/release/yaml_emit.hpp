// JSON values as block-style YAML, deterministically: keys in the object's order, strings quoted
// whenever a plain scalar could be read back as something else (numbers, booleans, null, special
// characters), so the YAML parses to exactly the JSON it came from.
#pragma once

#include <boost/json/value.hpp>
#include <string>

namespace forge::release {

std::string to_yaml(const boost::json::value &v);

}  // namespace forge::release
