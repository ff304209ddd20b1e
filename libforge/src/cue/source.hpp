// Source positions of CUE text. Lines and columns are 1-based and columns count bytes, as CUE's
// own tools do, so our messages point at the same place as `cue` would.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace forge::cue {

// Identifies one source file inside an evaluation (its index in the caller's file table).
using file_id = std::uint32_t;

struct position {
    file_id file = 0;
    std::uint32_t line = 0;    // 1-based; 0 means "no position"
    std::uint32_t column = 0;  // 1-based, in bytes
    std::uint32_t offset = 0;  // byte offset from the start of the file

    bool valid() const noexcept { return line != 0; }
    friend bool operator==(const position &, const position &) = default;
};

// "file.cue:3:7", or "file.cue" / "-" when parts are unknown.
std::string format_position(std::string_view file_name, const position &pos);

}  // namespace forge::cue
