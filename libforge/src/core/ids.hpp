// Identifiers and timestamps as the platform API shows them.
#pragma once

#include <chrono>
#include <string>

namespace forge {

// A random (version 4) UUID in its canonical lower-case form, from OpenSSL's CSPRNG.
std::string make_uuid_v4();

// RFC 3339 in UTC with milliseconds: 2024-05-01T12:00:00.123Z.
std::string format_timestamp(std::chrono::system_clock::time_point t);

}  // namespace forge
