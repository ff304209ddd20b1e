// Go's time parsing and formatting as CUE v0.4's time package exposes them: layouts written with
// the reference time (Mon Jan 2 15:04:05 MST 2006), durations such as "1h30m", and the RFC 3339
// text CUE uses for time values. Results carry Go's error wording where CUE shows it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace forge::cue::go_time {

// An instant as seconds since 1970-01-01T00:00:00Z plus nanoseconds in [0, 1e9).
struct instant {
    int64_t sec = 0;
    int32_t nsec = 0;
};

// time.ParseDuration: nanoseconds; errors as Go's ("time: invalid duration \"x\"").
result<int64_t> parse_duration(std::string_view s);

// time.ParseInLocation(layout, value, UTC).
result<instant> parse(std::string_view layout, std::string_view value);

// t.UTC().Format(time.RFC3339Nano).
std::string format_rfc3339_nano(instant t);

// time.Unix(sec, nsec) (nsec may be outside [0, 1e9)).
instant unix_time(int64_t sec, int64_t nsec);

}  // namespace forge::cue::go_time
