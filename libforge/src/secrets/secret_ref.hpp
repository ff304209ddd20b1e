// Secret references as they appear in configuration and in the C API: a JSON object with a
// `provider` member; every other member is a provider-specific field.
#pragma once

#include <string_view>

#include "core/error.hpp"
#include "ports/secret_provider.hpp"

namespace forge::secrets {

// Parses {"provider": "env", "name": "TOKEN"}. Non-string members are kept as their JSON text.
result<ports::secret_ref> parse_secret_ref(std::string_view json);

}  // namespace forge::secrets
