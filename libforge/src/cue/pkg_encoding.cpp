// encoding/base64 and encoding/hex.
#include <cstdio>

#include "cue/export.hpp"
#include "cue/pkg_support.hpp"

namespace forge::cue {
namespace {

// The encoding argument of base64 functions: only null (standard encoding) exists in CUE v0.4.
const value *check_encoding(evaluator &ev, const value *v, position pos) {
    v = ev.resolve_default(v);
    if (v->is_bottom()) return v;
    if (v->k != vk::null_)
        return ev.error(err_code::eval, pos,
                        "base64: unsupported encoding: cannot use value " + ev.str(v) + ", must be null");
    return nullptr;
}

int b64_index(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

// Go's base64.StdEncoding.DecodeString: padding required, newlines ignored.
bool b64_decode(std::string_view in, std::string *out, size_t *bad) {
    std::string s;
    std::vector<size_t> at;
    for (size_t i = 0; i < in.size(); ++i)
        if (in[i] != '\n' && in[i] != '\r') {
            s += in[i];
            at.push_back(i);
        }
    size_t i = 0;
    while (i < s.size()) {
        int q[4];
        size_t n = 0;
        for (; n < 4; ++n) {
            if (i + n >= s.size()) {
                *bad = at.empty() ? 0 : (i + n >= s.size() ? in.size() : at[i + n]);
                *bad = in.size() - (s.size() - i);
                if (n == 0) return true;
                *bad = at[i];
                return false;
            }
            char c = s[i + n];
            if (c == '=') break;
            q[n] = b64_index(c);
            if (q[n] < 0) {
                *bad = at[i + n];
                return false;
            }
        }
        if (n < 4) {
            // padding: n == 2 needs "==", n == 3 needs "="
            if (n < 2) {
                *bad = at[i + n];
                return false;
            }
            size_t pads = 4 - n;
            for (size_t k = 0; k < pads; ++k)
                if (i + n + k >= s.size() || s[i + n + k] != '=') {
                    *bad = i + n + k >= s.size() ? in.size() : at[i + n + k];
                    return false;
                }
            if (i + 4 != s.size()) {
                *bad = at[i + 4];
                return false;
            }
        }
        uint32_t v = 0;
        for (size_t k = 0; k < 4; ++k) v = (v << 6) | static_cast<uint32_t>(k < n ? q[k] : 0);
        *out += static_cast<char>((v >> 16) & 0xff);
        if (n > 2) *out += static_cast<char>((v >> 8) & 0xff);
        if (n > 3) *out += static_cast<char>(v & 0xff);
        i += 4;
    }
    return true;
}

const value *b64_encode(evaluator &ev, std::span<const value *const> a, position pos) {
    if (auto *e = check_encoding(ev, a[0], pos)) return e;
    std::string s;
    if (auto *e = arg_bytes(ev, a[1], &s, pos)) return e;
    return ev.make_str(base64_encode(s), pos);
}

const value *b64_decode_fn(evaluator &ev, std::span<const value *const> a, position pos) {
    if (auto *e = check_encoding(ev, a[0], pos)) return e;
    std::string s, out;
    if (auto *e = arg_bytes(ev, a[1], &s, pos)) return e;
    size_t bad = 0;
    if (!b64_decode(s, &out, &bad))
        return call_error(ev, pos, "encoding/base64.Decode",
                          "illegal base64 data at input byte " + std::to_string(bad));
    return ev.make_bytes(out, pos);
}

const value *b64_encoded_len(evaluator &ev, std::span<const value *const> a, position pos) {
    if (auto *e = check_encoding(ev, a[0], pos)) return e;
    int64_t n = 0;
    if (auto *e = arg_int(ev, a[1], &n, pos)) return e;
    return ev.make_int((n + 2) / 3 * 4, pos);
}

const value *b64_decoded_len(evaluator &ev, std::span<const value *const> a, position pos) {
    if (auto *e = check_encoding(ev, a[0], pos)) return e;
    int64_t n = 0;
    if (auto *e = arg_int(ev, a[1], &n, pos)) return e;
    return ev.make_int(n / 4 * 3, pos);
}

const value *hex_encode(evaluator &ev, std::span<const value *const> a, position pos) {
    static const char digits[] = "0123456789abcdef";
    std::string s, out;
    if (auto *e = arg_bytes(ev, a[0], &s, pos)) return e;
    for (unsigned char c : s) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return ev.make_str(out, pos);
}

int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

const value *hex_decode(evaluator &ev, std::span<const value *const> a, position pos) {
    std::string s, out;
    if (auto *e = arg_string(ev, a[0], &s, pos)) return e;
    for (size_t i = 0; i + 1 < s.size() + 1; i += 2) {
        if (i >= s.size()) break;
        int hi = hexval(s[i]);
        int lo = i + 1 < s.size() ? hexval(s[i + 1]) : 0;
        char badc = hi < 0 ? s[i] : (i + 1 < s.size() && lo < 0 ? s[i + 1] : 0);
        if (badc) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "encoding/hex: invalid byte: U+%04X '%c'", static_cast<unsigned char>(badc),
                          badc);
            return call_error(ev, pos, "encoding/hex.Decode", buf);
        }
        if (i + 1 >= s.size()) return call_error(ev, pos, "encoding/hex.Decode", "encoding/hex: odd length hex string");
        out += static_cast<char>(hi * 16 + lo);
    }
    return ev.make_bytes(out, pos);
}

const value *hex_encoded_len(evaluator &ev, std::span<const value *const> a, position pos) {
    int64_t n = 0;
    if (auto *e = arg_int(ev, a[0], &n, pos)) return e;
    return ev.make_int(n * 2, pos);
}

const value *hex_decoded_len(evaluator &ev, std::span<const value *const> a, position pos) {
    int64_t n = 0;
    if (auto *e = arg_int(ev, a[0], &n, pos)) return e;
    return ev.make_int(n / 2, pos);
}

const builtin b64_table[] = {
    {"encoding/base64", "Encode", 2, b64_encode},
    {"encoding/base64", "Decode", 2, b64_decode_fn},
    {"encoding/base64", "EncodedLen", 2, b64_encoded_len},
    {"encoding/base64", "DecodedLen", 2, b64_decoded_len},
};

const builtin hex_table[] = {
    {"encoding/hex", "Encode", 1, hex_encode},
    {"encoding/hex", "Decode", 1, hex_decode},
    {"encoding/hex", "EncodedLen", 1, hex_encoded_len},
    {"encoding/hex", "DecodedLen", 1, hex_decoded_len},
};

}  // namespace

std::span<const builtin> pkg_base64() {
    return b64_table;
}
std::span<const builtin> pkg_hex() {
    return hex_table;
}

}  // namespace forge::cue
