// strings: Go's strings package as CUE v0.4 exposes it. Case mapping covers ASCII (other runes
// are kept as they are).
#include <algorithm>

#include "core/utf8.hpp"
#include "cue/pkg_support.hpp"

namespace forge::cue {
namespace {

using args = std::span<const value *const>;

// Decodes UTF-8 into code points (invalid bytes become U+FFFD, one per byte, as Go's range loop).
std::vector<uint32_t> runes(std::string_view s, std::vector<size_t> *starts = nullptr) {
    std::vector<uint32_t> out;
    size_t i = 0;
    while (i < s.size()) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        size_t len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
        uint32_t cp = 0xfffd;
        bool ok = len > 0 && i + len <= s.size();
        if (ok) {
            cp = len == 1 ? c : c & (0x7f >> len);
            for (size_t k = 1; k < len; ++k) {
                unsigned char cc = static_cast<unsigned char>(s[i + k]);
                if ((cc & 0xc0) != 0x80) ok = false;
                cp = (cp << 6) | (cc & 0x3f);
            }
        }
        if (starts) starts->push_back(i);
        if (!ok) {
            out.push_back(0xfffd);
            ++i;
            continue;
        }
        out.push_back(cp);
        i += len;
    }
    return out;
}
bool is_space(uint32_t c) {
    return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xa0 || c == 0x2000 || c == 0x3000;
}

const value *s1(evaluator &ev, args a, std::string *x, position pos) {
    return arg_string(ev, a[0], x, pos);
}
const value *s2(evaluator &ev, args a, std::string *x, std::string *y, position pos) {
    if (auto *e = arg_string(ev, a[0], x, pos)) return e;
    return arg_string(ev, a[1], y, pos);
}

#define STR2(name, body)                                     \
    const value *name(evaluator &ev, args a, position pos) { \
        std::string s, t;                                    \
        if (auto *e = s2(ev, a, &s, &t, pos)) return e;      \
        body                                                 \
    }
#define STR1(name, body)                                     \
    const value *name(evaluator &ev, args a, position pos) { \
        std::string s;                                       \
        if (auto *e = s1(ev, a, &s, pos)) return e;          \
        body                                                 \
    }

int64_t rune_index(std::string_view, size_t byte) {
    return static_cast<int64_t>(byte);
}

STR2(fn_contains, return ev.bool_value(s.find(t) != std::string::npos);)
STR2(fn_has_prefix, return ev.bool_value(s.starts_with(t));)
STR2(fn_has_suffix, return ev.bool_value(s.ends_with(t));)
STR2(fn_index, {
    size_t i = s.find(t);
    return ev.make_int(i == std::string::npos ? -1 : rune_index(s, i), pos);
})
STR2(fn_last_index, {
    size_t i = s.rfind(t);
    return ev.make_int(i == std::string::npos ? -1 : rune_index(s, i), pos);
})
STR2(fn_trim_prefix, return ev.make_str(s.starts_with(t) ? s.substr(t.size()) : s, pos);)
STR2(fn_trim_suffix, return ev.make_str(s.ends_with(t) ? s.substr(0, s.size() - t.size()) : s, pos);)
STR2(fn_equal_fold, {
    auto lower = [](std::string x) {
        for (auto &c : x) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return x;
    };
    return ev.bool_value(lower(s) == lower(t));
})

STR2(fn_count, {
    if (t.empty()) return ev.make_int(static_cast<int64_t>(runes(s).size()) + 1, pos);
    int64_t n = 0;
    for (size_t i = s.find(t); i != std::string::npos; i = s.find(t, i + t.size())) ++n;
    return ev.make_int(n, pos);
})

bool in_set(const std::vector<uint32_t> &set, uint32_t c) {
    return std::find(set.begin(), set.end(), c) != set.end();
}

STR2(fn_contains_any, {
    auto set = runes(t);
    for (uint32_t c : runes(s))
        if (in_set(set, c)) return ev.bool_value(true);
    return ev.bool_value(false);
})
STR2(fn_index_any, {
    auto set = runes(t);
    std::vector<size_t> st;
    auto r = runes(s, &st);
    for (size_t i = 0; i < r.size(); ++i)
        if (in_set(set, r[i])) return ev.make_int(static_cast<int64_t>(st[i]), pos);
    return ev.make_int(-1, pos);
})
STR2(fn_last_index_any, {
    auto set = runes(t);
    std::vector<size_t> st;
    auto r = runes(s, &st);
    for (size_t i = r.size(); i-- > 0;)
        if (in_set(set, r[i])) return ev.make_int(static_cast<int64_t>(st[i]), pos);
    return ev.make_int(-1, pos);
})

std::string trim_set(const std::string &s, const std::string &cut, bool left, bool right) {
    auto set = runes(cut);
    std::vector<size_t> st;
    auto r = runes(s, &st);
    size_t b = 0, e = r.size();
    if (left)
        while (b < e && in_set(set, r[b])) ++b;
    if (right)
        while (e > b && in_set(set, r[e - 1])) --e;
    size_t bb = b < st.size() ? st[b] : s.size(), eb = e < st.size() ? st[e] : s.size();
    return s.substr(bb, eb - bb);
}
STR2(fn_trim, return ev.make_str(trim_set(s, t, true, true), pos);)
STR2(fn_trim_left, return ev.make_str(trim_set(s, t, true, false), pos);)
STR2(fn_trim_right, return ev.make_str(trim_set(s, t, false, true), pos);)

std::string trim_space(const std::string &s) {
    std::vector<size_t> st;
    auto r = runes(s, &st);
    size_t b = 0, e = r.size();
    while (b < e && is_space(r[b])) ++b;
    while (e > b && is_space(r[e - 1])) --e;
    size_t bb = b < st.size() ? st[b] : s.size(), eb = e < st.size() ? st[e] : s.size();
    return s.substr(bb, eb - bb);
}
STR1(fn_trim_space, return ev.make_str(trim_space(s), pos);)

uint32_t upper(uint32_t c) {
    if (c >= 'a' && c <= 'z') return c - 32;
    if ((c >= 0xe0 && c <= 0xfe && c != 0xf7)) return c - 32;
    return c;
}
uint32_t lower(uint32_t c) {
    if (c >= 'A' && c <= 'Z') return c + 32;
    if ((c >= 0xc0 && c <= 0xde && c != 0xd7)) return c + 32;
    return c;
}
std::string map_runes(const std::string &s, uint32_t (*f)(uint32_t)) {
    std::string o;
    for (uint32_t c : runes(s)) append_utf8(o, f(c));
    return o;
}
STR1(fn_to_upper, return ev.make_str(map_runes(s, upper), pos);)
STR1(fn_to_lower, return ev.make_str(map_runes(s, lower), pos);)
// Title: upper-cases the first letter of each word (words separated by non-letters).
STR1(fn_title, {
    std::string o;
    uint32_t prev = ' ';
    for (uint32_t c : runes(s)) {
        bool sep = !(std::isalnum(static_cast<int>(prev < 0x80 ? prev : 'a')) || prev == '_' || prev >= 0x80);
        append_utf8(o, sep ? upper(c) : c);
        prev = c;
    }
    return ev.make_str(o, pos);
})
STR1(fn_to_camel, {
    auto r = runes(s);
    std::string o;
    if (!r.empty()) r[0] = lower(r[0]);
    for (uint32_t c : r) append_utf8(o, c);
    return ev.make_str(o, pos);
})
STR1(fn_runes, {
    std::vector<const value *> out;
    for (uint32_t c : runes(s)) out.push_back(ev.make_int(c, pos));
    return ev.make_vertex(ev.make_list(out));
})
STR1(fn_fields, {
    std::vector<std::string> out;
    std::vector<size_t> st;
    auto r = runes(s, &st);
    size_t i = 0;
    while (i < r.size()) {
        while (i < r.size() && is_space(r[i])) ++i;
        if (i >= r.size()) break;
        size_t b = i;
        while (i < r.size() && !is_space(r[i])) ++i;
        size_t eb = i < st.size() ? st[i] : s.size();
        out.push_back(s.substr(st[b], eb - st[b]));
    }
    return string_list(ev, out, pos);
})

// Go's genSplit: sep "" splits into runes; n < 0 means all.
std::vector<std::string> gen_split(const std::string &s, const std::string &sep, size_t keep, int64_t n) {
    std::vector<std::string> out;
    if (n == 0) return out;
    if (sep.empty()) {
        std::vector<size_t> st;
        auto r = runes(s, &st);
        size_t cnt = r.size();
        if (n > 0 && static_cast<size_t>(n) < cnt) cnt = static_cast<size_t>(n);
        for (size_t i = 0; i < cnt; ++i) {
            size_t e = (i + 1 < cnt) ? st[i + 1] : s.size();
            out.push_back(s.substr(st[i], e - st[i]));
        }
        return out;
    }
    size_t start = 0;
    while (n < 0 || static_cast<int64_t>(out.size()) < n - 1) {
        size_t m = s.find(sep, start);
        if (m == std::string::npos) break;
        out.push_back(s.substr(start, m - start + keep));
        start = m + sep.size();
    }
    out.push_back(s.substr(start));
    return out;
}

STR2(fn_split, return string_list(ev, gen_split(s, t, 0, -1), pos);)
STR2(fn_split_after, return string_list(ev, gen_split(s, t, t.size(), -1), pos);)
const value *fn_split_n(evaluator &ev, args a, position pos) {
    std::string s, t;
    int64_t n = 0;
    if (auto *e = s2(ev, a, &s, &t, pos)) return e;
    if (auto *e = arg_int(ev, a[2], &n, pos)) return e;
    return string_list(ev, gen_split(s, t, 0, n), pos);
}
const value *fn_split_after_n(evaluator &ev, args a, position pos) {
    std::string s, t;
    int64_t n = 0;
    if (auto *e = s2(ev, a, &s, &t, pos)) return e;
    if (auto *e = arg_int(ev, a[2], &n, pos)) return e;
    return string_list(ev, gen_split(s, t, t.size(), n), pos);
}

const value *fn_join(evaluator &ev, args a, position pos) {
    std::vector<std::string> parts;
    std::string sep;
    if (auto *e = arg_strings(ev, a[0], &parts, pos)) return e;
    if (auto *e = arg_string(ev, a[1], &sep, pos)) return e;
    std::string o;
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i) o += sep;
        o += parts[i];
    }
    return ev.make_str(o, pos);
}

const value *fn_repeat(evaluator &ev, args a, position pos) {
    std::string s;
    int64_t n = 0;
    if (auto *e = s1(ev, a, &s, pos)) return e;
    if (auto *e = arg_int(ev, a[1], &n, pos)) return e;
    if (n < 0) return call_error(ev, pos, "strings.Repeat", "strings: negative Repeat count");
    if (s.size() * static_cast<size_t>(n) > (64u << 20))
        return ev.error(err_code::limit, pos, "strings.Repeat: result too large");
    std::string o;
    for (int64_t i = 0; i < n; ++i) o += s;
    return ev.make_str(o, pos);
}

const value *fn_replace(evaluator &ev, args a, position pos) {
    std::string s, from, to;
    int64_t n = 0;
    if (auto *e = s2(ev, a, &s, &from, pos)) return e;
    if (auto *e = arg_string(ev, a[2], &to, pos)) return e;
    if (auto *e = arg_int(ev, a[3], &n, pos)) return e;
    std::string o;
    if (from.empty()) {
        // Go inserts `to` before every rune and at the end, up to n times.
        std::vector<size_t> st;
        auto r = runes(s, &st);
        int64_t done = 0;
        for (size_t i = 0; i <= r.size(); ++i) {
            if (n < 0 || done < n) {
                o += to;
                ++done;
            }
            if (i < r.size()) o += s.substr(st[i], (i + 1 < st.size() ? st[i + 1] : s.size()) - st[i]);
        }
        return ev.make_str(o, pos);
    }
    size_t start = 0;
    int64_t done = 0;
    while (n < 0 || done < n) {
        size_t m = s.find(from, start);
        if (m == std::string::npos) break;
        o += s.substr(start, m - start);
        o += to;
        start = m + from.size();
        ++done;
    }
    o += s.substr(start);
    return ev.make_str(o, pos);
}

const value *rune_bound(evaluator &ev, args a, position pos, bool min) {
    std::string s;
    int64_t n = 0;
    if (auto *e = s1(ev, a, &s, pos)) return e;
    if (auto *e = arg_int(ev, a[1], &n, pos)) return e;
    int64_t c = static_cast<int64_t>(runes(s).size());
    return ev.bool_value(min ? c >= n : c <= n);
}
const value *fn_min_runes(evaluator &ev, args a, position pos) {
    return rune_bound(ev, a, pos, true);
}
const value *fn_max_runes(evaluator &ev, args a, position pos) {
    return rune_bound(ev, a, pos, false);
}

const value *fn_byte_at(evaluator &ev, args a, position pos) {
    std::string s;
    int64_t i = 0;
    if (auto *e = arg_bytes(ev, a[0], &s, pos)) return e;
    if (auto *e = arg_int(ev, a[1], &i, pos)) return e;
    if (i < 0 || static_cast<size_t>(i) >= s.size()) return call_error(ev, pos, "strings.ByteAt", "index out of range");
    return ev.make_int(static_cast<unsigned char>(s[static_cast<size_t>(i)]), pos);
}

const value *fn_byte_slice(evaluator &ev, args a, position pos) {
    std::string s;
    int64_t b = 0, e2 = 0;
    if (auto *e = arg_bytes(ev, a[0], &s, pos)) return e;
    if (auto *e = arg_int(ev, a[1], &b, pos)) return e;
    if (auto *e = arg_int(ev, a[2], &e2, pos)) return e;
    if (b < 0 || e2 < b || static_cast<size_t>(e2) > s.size())
        return call_error(ev, pos, "strings.ByteSlice", "index out of range");
    return ev.make_bytes(s.substr(static_cast<size_t>(b), static_cast<size_t>(e2 - b)), pos);
}

const value *fn_slice_runes(evaluator &ev, args a, position pos) {
    std::string s;
    int64_t b = 0, e2 = 0;
    if (auto *e = s1(ev, a, &s, pos)) return e;
    if (auto *e = arg_int(ev, a[1], &b, pos)) return e;
    if (auto *e = arg_int(ev, a[2], &e2, pos)) return e;
    auto r = runes(s);
    if (b < 0 || e2 < b || static_cast<size_t>(e2) > r.size())
        return call_error(ev, pos, "strings.SliceRunes", "index out of range");
    std::string o;
    for (int64_t i = b; i < e2; ++i) append_utf8(o, r[static_cast<size_t>(i)]);
    return ev.make_str(o, pos);
}

const value *fn_index_byte(evaluator &ev, args a, position pos) {
    std::string s;
    int64_t c = 0;
    if (auto *e = s1(ev, a, &s, pos)) return e;
    if (auto *e = arg_int(ev, a[1], &c, pos)) return e;
    size_t i = s.find(static_cast<char>(c));
    return ev.make_int(i == std::string::npos ? -1 : static_cast<int64_t>(i), pos);
}

const builtin table[] = {
    {"strings", "ByteAt", 2, fn_byte_at},
    {"strings", "ByteSlice", 3, fn_byte_slice},
    {"strings", "Compare", 2,
     [](evaluator &ev, args a, position pos) -> const value * {
         std::string s, t;
         if (auto *e = s2(ev, a, &s, &t, pos)) return e;
         return ev.make_int(s < t ? -1 : s > t ? 1 : 0, pos);
     }},
    {"strings", "Contains", 2, fn_contains},
    {"strings", "ContainsAny", 2, fn_contains_any},
    {"strings", "Count", 2, fn_count},
    {"strings", "EqualFold", 2, fn_equal_fold},
    {"strings", "Fields", 1, fn_fields},
    {"strings", "HasPrefix", 2, fn_has_prefix},
    {"strings", "HasSuffix", 2, fn_has_suffix},
    {"strings", "Index", 2, fn_index},
    {"strings", "IndexAny", 2, fn_index_any},
    {"strings", "IndexByte", 2, fn_index_byte},
    {"strings", "Join", 2, fn_join},
    {"strings", "LastIndex", 2, fn_last_index},
    {"strings", "LastIndexAny", 2, fn_last_index_any},
    {"strings", "MaxRunes", 2, fn_max_runes, true},
    {"strings", "MinRunes", 2, fn_min_runes, true},
    {"strings", "Repeat", 2, fn_repeat},
    {"strings", "Replace", 4, fn_replace},
    {"strings", "Runes", 1, fn_runes},
    {"strings", "SliceRunes", 3, fn_slice_runes},
    {"strings", "Split", 2, fn_split},
    {"strings", "SplitAfter", 2, fn_split_after},
    {"strings", "SplitAfterN", 3, fn_split_after_n},
    {"strings", "SplitN", 3, fn_split_n},
    {"strings", "ToCamel", 1, fn_to_camel},
    {"strings", "ToLower", 1, fn_to_lower},
    {"strings", "ToTitle", 1, fn_title},  // CUE v0.4: word-initial upper case, like Title
    {"strings", "ToUpper", 1, fn_to_upper},
    {"strings", "Trim", 2, fn_trim},
    {"strings", "TrimLeft", 2, fn_trim_left},
    {"strings", "TrimPrefix", 2, fn_trim_prefix},
    {"strings", "TrimRight", 2, fn_trim_right},
    {"strings", "TrimSpace", 1, fn_trim_space},
    {"strings", "TrimSuffix", 2, fn_trim_suffix},
};

}  // namespace

std::span<const builtin> pkg_strings() {
    return table;
}

}  // namespace forge::cue
