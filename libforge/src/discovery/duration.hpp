// Go-style durations ("90s", "10m", "1h30m", "250ms") as the configuration writes them.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace forge::discovery {

// Whole milliseconds (sub-millisecond parts are dropped); nullopt for text that is not a duration.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

}  // namespace forge::discovery
