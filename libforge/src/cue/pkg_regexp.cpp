// regexp: Go's regexp functions as CUE v0.4 exposes them (Find*, Match, QuoteMeta, Valid; no
// Replace* there). RE2 implements Go's syntax. A search without a match is the error "no match".
#include <re2/re2.h>

#include <algorithm>
#include <map>

#include "cue/pkg_support.hpp"
#include "cue/regex.hpp"

namespace forge::cue {
namespace {

using args = std::span<const value *const>;

// Go's wording for a pattern that does not compile: error parsing regexp: <what>: `<arg>`.
std::string go_regexp_error(const std::string &pattern) {
    re2::RE2::Options o;
    o.set_log_errors(false);
    re2::RE2 re(pattern, o);
    const char *what = "invalid syntax";
    switch (re.error_code()) {
        case re2::RE2::ErrorMissingParen:
            what = "missing closing )";
            break;
        case re2::RE2::ErrorUnexpectedParen:
            what = "unexpected )";
            break;
        case re2::RE2::ErrorMissingBracket:
            what = "missing closing ]";
            break;
        case re2::RE2::ErrorBadEscape:
            what = "invalid escape sequence";
            break;
        case re2::RE2::ErrorBadCharClass:
            what = "invalid character class";
            break;
        case re2::RE2::ErrorBadCharRange:
            what = "invalid character class range";
            break;
        case re2::RE2::ErrorRepeatArgument:
            what = "missing argument to repetition operator";
            break;
        case re2::RE2::ErrorRepeatSize:
            what = "invalid repeat count";
            break;
        case re2::RE2::ErrorRepeatOp:
            what = "invalid nested repetition operator";
            break;
        case re2::RE2::ErrorBadPerlOp:
            what = "invalid or unsupported Perl syntax";
            break;
        case re2::RE2::ErrorBadUTF8:
            what = "invalid UTF-8";
            break;
        case re2::RE2::ErrorBadNamedCapture:
            what = "invalid named capture";
            break;
        case re2::RE2::ErrorTrailingBackslash:
            what = "trailing backslash at end of expression";
            break;
        default:
            break;
    }
    std::string arg = re.error_arg();
    if (re.error_code() == re2::RE2::ErrorMissingParen) arg = pattern;
    return "error parsing regexp: " + std::string(what) + ": `" + arg + "`";
}

const value *compile(evaluator &ev, const value *v, const char *fn, const re2::RE2 **re, position pos) {
    std::string pattern, err;
    if (auto *e = arg_string(ev, v, &pattern, pos)) return e;
    *re = thread_regex_cache().get(pattern, &err);
    if (!*re) return call_error(ev, pos, fn, go_regexp_error(pattern));
    return nullptr;
}

// Go's allMatches: successive leftmost matches; an empty match right after a previous match is
// skipped. Each match is its groups' spans (absent groups have data() == nullptr).
std::vector<std::vector<std::string_view>> all_matches(const re2::RE2 *re, std::string_view s, int64_t n) {
    std::vector<std::vector<std::string_view>> out;
    int ngroups = 1 + re->NumberOfCapturingGroups();
    std::vector<re2::StringPiece> m(static_cast<size_t>(ngroups));
    size_t pos = 0;
    int64_t prev_end = -1;
    while ((n < 0 || static_cast<int64_t>(out.size()) < n) && pos <= s.size()) {
        if (!re->Match(s, pos, s.size(), re2::RE2::UNANCHORED, m.data(), ngroups)) break;
        size_t b = static_cast<size_t>(m[0].data() - s.data()), e = b + m[0].size();
        bool accept = true;
        if (e == pos) {
            if (static_cast<int64_t>(b) == prev_end) accept = false;
            if (pos < s.size()) {
                unsigned char c = static_cast<unsigned char>(s[pos]);
                size_t w = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 1;
                pos += std::min(w, s.size() - pos);
            } else {
                pos += 1;
            }
        } else {
            pos = e;
        }
        prev_end = static_cast<int64_t>(e);
        if (accept) {
            std::vector<std::string_view> groups;
            for (auto &g : m) groups.emplace_back(g.data(), g.size());
            out.push_back(std::move(groups));
        }
    }
    return out;
}

const value *strings_of(evaluator &ev, const std::vector<std::string_view> &m, position pos) {
    std::vector<std::string> s;
    for (auto g : m) s.emplace_back(g.data() ? std::string(g) : std::string());
    return string_list(ev, s, pos);
}

// Named groups of a match, by name (Go returns a map; CUE orders its fields by name).
const value *named_of(evaluator &ev, const re2::RE2 *re, const std::vector<std::string_view> &m, position pos) {
    std::map<std::string, std::string> named;
    for (auto &[name, idx] : re->NamedCapturingGroups())
        named[name] = m[static_cast<size_t>(idx)].data() ? std::string(m[static_cast<size_t>(idx)]) : std::string();
    std::vector<std::pair<std::string, const value *>> fields;
    for (auto &[k, v] : named) fields.emplace_back(k, ev.make_str(v, pos));
    return ev.make_vertex(ev.make_struct(fields));
}

enum class shape { text, groups, named };

template <shape S, bool All>
const value *fn_find(evaluator &ev, args a, position pos) {
    static const char *names[2][3] = {{"regexp.Find", "regexp.FindSubmatch", "regexp.FindNamedSubmatch"},
                                      {"regexp.FindAll", "regexp.FindAllSubmatch", "regexp.FindAllNamedSubmatch"}};
    const char *fn = names[All][static_cast<int>(S)];
    const re2::RE2 *re = nullptr;
    std::string s;
    int64_t n = 1;
    if (auto *e = compile(ev, a[0], fn, &re, pos)) return e;
    if (auto *e = arg_string(ev, a[1], &s, pos)) return e;
    if (All)
        if (auto *e = arg_int(ev, a[2], &n, pos)) return e;
    auto matches = all_matches(re, s, n);
    if (matches.empty()) return call_error(ev, pos, fn, "no match");
    auto one = [&](const std::vector<std::string_view> &m) -> const value * {
        if (S == shape::text) return ev.make_str(m[0], pos);
        if (S == shape::groups) return strings_of(ev, m, pos);
        return named_of(ev, re, m, pos);
    };
    if (!All) return one(matches[0]);
    std::vector<const value *> out;
    for (auto &m : matches) out.push_back(one(m));
    return ev.make_vertex(ev.make_list(out));
}

const value *fn_match(evaluator &ev, args a, position pos) {
    const re2::RE2 *re = nullptr;
    std::string s;
    if (auto *e = compile(ev, a[0], "regexp.Match", &re, pos)) return e;
    if (auto *e = arg_string(ev, a[1], &s, pos)) return e;
    return ev.bool_value(regex_match(re, s));
}

const value *fn_valid(evaluator &ev, args a, position pos) {
    const re2::RE2 *re = nullptr;
    if (auto *e = compile(ev, a[0], "regexp.Valid", &re, pos)) return e;
    return ev.bool_value(true);
}

// Go's QuoteMeta escapes exactly these characters.
const value *fn_quote_meta(evaluator &ev, args a, position pos) {
    std::string s, out;
    if (auto *e = arg_string(ev, a[0], &s, pos)) return e;
    for (char c : s) {
        if (std::string_view("\\.+*?()|[]{}^$").find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
    return ev.make_str(out, pos);
}

const builtin table[] = {
    {"regexp", "Find", 2, fn_find<shape::text, false>},
    {"regexp", "FindAll", 3, fn_find<shape::text, true>},
    {"regexp", "FindAllNamedSubmatch", 3, fn_find<shape::named, true>},
    {"regexp", "FindAllSubmatch", 3, fn_find<shape::groups, true>},
    {"regexp", "FindNamedSubmatch", 2, fn_find<shape::named, false>},
    {"regexp", "FindSubmatch", 2, fn_find<shape::groups, false>},
    {"regexp", "Match", 2, fn_match},
    {"regexp", "QuoteMeta", 1, fn_quote_meta},
    {"regexp", "Valid", 1, fn_valid, true},
};

}  // namespace

std::span<const builtin> pkg_regexp() {
    return table;
}

}  // namespace forge::cue
