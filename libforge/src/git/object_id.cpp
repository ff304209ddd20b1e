#include "git/object_id.hpp"

namespace forge::git {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::string object_id::hex() const {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(bytes.size() * 2, '0');
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 0xf];
    }
    return out;
}

bool object_id::is_zero() const {
    for (auto b : bytes)
        if (b != 0) return false;
    return true;
}

result<object_id> object_id::parse(std::string_view hex) {
    object_id id;
    if (hex.size() != id.bytes.size() * 2)
        return make_error(status::invalid, "object id '" + std::string(hex) + "' is not 40 hex digits");
    for (std::size_t i = 0; i < id.bytes.size(); ++i) {
        int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return make_error(status::invalid, "object id '" + std::string(hex) + "' is not 40 hex digits");
        id.bytes[i] = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    return id;
}

}  // namespace forge::git
