// Canonical JSON for everything libforge writes into an image: object keys sorted by their UTF-8
// bytes, no insignificant whitespace, integers only (no floating point). The same value therefore
// always gives the same bytes, and the same inputs always give the same manifest digest.
#pragma once

#include <boost/json/value.hpp>
#include <string>

#include "core/error.hpp"

namespace forge::oci {

// Fails (status::invalid) only for a floating-point number anywhere in the value: their textual
// form is not canonical across implementations, so image documents never carry them.
result<std::string> canonical_json(const boost::json::value &value);

// Parses JSON text with a depth bound; errors name the byte offset. `what` names the document.
result<boost::json::value> parse_json(std::string_view text, std::string_view what);

}  // namespace forge::oci
