// The calling thread's last error: what forge_last_error() returns, and what a caller-provided
// C callback sets with forge_error_set() to explain a failure.
#pragma once

#include <string_view>

#include "core/error.hpp"

namespace forge::thread_error {

void clear() noexcept;
void set(status code, std::string_view message) noexcept;
const error &get() noexcept;

}  // namespace forge::thread_error
