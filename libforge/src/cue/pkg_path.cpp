// path: slash-separated path manipulation (Go's path/filepath with the os argument; only the Unix
// conventions are implemented, the os argument defaults to path.Unix as in CUE v0.4).
#include "cue/pkg_support.hpp"

namespace forge::cue {
namespace {

std::string clean(std::string_view p) {
    if (p.empty()) return ".";
    bool rooted = p[0] == '/';
    std::vector<std::string> parts;
    size_t i = 0;
    while (i < p.size()) {
        size_t j = p.find('/', i);
        if (j == std::string_view::npos) j = p.size();
        std::string_view seg = p.substr(i, j - i);
        i = j + 1;
        if (seg.empty() || seg == ".") continue;
        if (seg == "..") {
            if (!parts.empty() && parts.back() != "..")
                parts.pop_back();
            else if (!rooted)
                parts.emplace_back("..");
            continue;
        }
        parts.emplace_back(seg);
    }
    std::string out = rooted ? "/" : "";
    for (size_t k = 0; k < parts.size(); ++k) {
        if (k) out += '/';
        out += parts[k];
    }
    return out.empty() ? "." : out;
}

std::pair<std::string, std::string> split(std::string_view p) {
    size_t i = p.rfind('/');
    if (i == std::string_view::npos) return {"", std::string(p)};
    return {std::string(p.substr(0, i + 1)), std::string(p.substr(i + 1))};
}

std::string base(std::string_view p) {
    if (p.empty()) return ".";
    while (p.size() > 1 && p.back() == '/') p.remove_suffix(1);
    if (p == "/") return "/";
    size_t i = p.rfind('/');
    return std::string(i == std::string_view::npos ? p : p.substr(i + 1));
}

std::string dir(std::string_view p) {
    auto [d, f] = split(p);
    return clean(d);
}

std::string ext(std::string_view p) {
    for (size_t i = p.size(); i-- > 0 && p[i] != '/';)
        if (p[i] == '.') return std::string(p.substr(i));
    return "";
}

// Checks the argument count (n required, plus the optional os) and the os value.
const value *check_args(evaluator &ev, std::span<const value *const> a, size_t n, std::string_view fn, position pos) {
    if (a.size() < n || a.size() > n + 1)
        return ev.error(err_code::eval, pos,
                        std::string(a.size() < n ? "not enough" : "too many") + " arguments in call to path." +
                            std::string(fn) + " (have " + std::to_string(a.size()) + ", want " + std::to_string(n + 1) +
                            ")");
    for (auto *x : a)
        if (x->is_bottom()) return x;
    if (a.size() == n + 1) {
        std::string os;
        if (auto *e = arg_string(ev, a[n], &os, pos)) return e;
        if (os != "unix" && os != "plan9" && os != "js" && os != "linux" && os != "darwin")
            return ev.error(err_code::eval, pos, "path: operating system " + go_quote(os) + " is not supported");
    }
    return nullptr;
}

template <std::string (*F)(std::string_view)>
const value *unary(evaluator &ev, std::span<const value *const> a, position pos, std::string_view name) {
    if (auto *e = check_args(ev, a, 1, name, pos)) return e;
    std::string s;
    if (auto *e = arg_string(ev, a[0], &s, pos)) return e;
    return ev.make_str(F(s), pos);
}

std::string same(std::string_view s) {
    return std::string(s);
}

const value *fn_base(evaluator &ev, std::span<const value *const> a, position pos) {
    return unary<base>(ev, a, pos, "Base");
}
const value *fn_dir(evaluator &ev, std::span<const value *const> a, position pos) {
    return unary<dir>(ev, a, pos, "Dir");
}
const value *fn_ext(evaluator &ev, std::span<const value *const> a, position pos) {
    return unary<ext>(ev, a, pos, "Ext");
}
const value *fn_clean(evaluator &ev, std::span<const value *const> a, position pos) {
    return unary<clean>(ev, a, pos, "Clean");
}
const value *fn_to_slash(evaluator &ev, std::span<const value *const> a, position pos) {
    return unary<same>(ev, a, pos, "ToSlash");
}
const value *fn_from_slash(evaluator &ev, std::span<const value *const> a, position pos) {
    return unary<same>(ev, a, pos, "FromSlash");
}

const value *fn_volume(evaluator &ev, std::span<const value *const> a, position pos) {
    if (auto *e = check_args(ev, a, 1, "VolumeName", pos)) return e;
    std::string s;
    if (auto *e = arg_string(ev, a[0], &s, pos)) return e;
    return ev.make_str("", pos);
}

const value *fn_is_abs(evaluator &ev, std::span<const value *const> a, position pos) {
    if (auto *e = check_args(ev, a, 1, "IsAbs", pos)) return e;
    std::string s;
    if (auto *e = arg_string(ev, a[0], &s, pos)) return e;
    return ev.bool_value(!s.empty() && s[0] == '/');
}

const value *fn_split(evaluator &ev, std::span<const value *const> a, position pos) {
    if (auto *e = check_args(ev, a, 1, "Split", pos)) return e;
    std::string s;
    if (auto *e = arg_string(ev, a[0], &s, pos)) return e;
    auto [d, f] = split(s);
    return string_list(ev, {d, f}, pos);
}

const value *fn_split_list(evaluator &ev, std::span<const value *const> a, position pos) {
    if (auto *e = check_args(ev, a, 1, "SplitList", pos)) return e;
    std::string s;
    if (auto *e = arg_string(ev, a[0], &s, pos)) return e;
    std::vector<std::string> out;
    if (!s.empty()) {
        size_t i = 0;
        while (true) {
            size_t j = s.find(':', i);
            out.push_back(s.substr(i, j == std::string::npos ? std::string::npos : j - i));
            if (j == std::string::npos) break;
            i = j + 1;
        }
    }
    return string_list(ev, out, pos);
}

const value *fn_join(evaluator &ev, std::span<const value *const> a, position pos) {
    if (auto *e = check_args(ev, a, 1, "Join", pos)) return e;
    std::vector<std::string> parts;
    if (auto *e = arg_strings(ev, a[0], &parts, pos)) return e;
    std::string joined;
    bool any = false;
    for (auto &p : parts) {
        if (p.empty() && !any) continue;
        if (any) joined += '/';
        joined += p;
        any = true;
    }
    return ev.make_str(any ? clean(joined) : "", pos);
}

const value *fn_rel(evaluator &ev, std::span<const value *const> a, position pos) {
    if (auto *e = check_args(ev, a, 2, "Rel", pos)) return e;
    std::string bp, tp;
    if (auto *e = arg_string(ev, a[0], &bp, pos)) return e;
    if (auto *e = arg_string(ev, a[1], &tp, pos)) return e;
    std::string b = clean(bp), t = clean(tp);
    if (b == t) return ev.make_str(".", pos);
    if (b == ".") b = "";
    bool babs = !b.empty() && b[0] == '/', tabs = !t.empty() && t[0] == '/';
    if (babs != tabs) return call_error(ev, pos, "path.Rel", "Rel: can't make " + tp + " relative to " + bp);
    auto segs = [](const std::string &s) {
        std::vector<std::string> out;
        size_t i = 0;
        while (i <= s.size()) {
            size_t j = s.find('/', i);
            if (j == std::string::npos) j = s.size();
            if (j > i) out.push_back(s.substr(i, j - i));
            i = j + 1;
        }
        return out;
    };
    auto bs = segs(b), ts = segs(t);
    size_t k = 0;
    while (k < bs.size() && k < ts.size() && bs[k] == ts[k]) ++k;
    for (size_t m = k; m < bs.size(); ++m)
        if (bs[m] == "..") return call_error(ev, pos, "path.Rel", "Rel: can't make " + tp + " relative to " + bp);
    std::string out;
    for (size_t m = k; m < bs.size(); ++m) out += out.empty() ? ".." : "/..";
    for (size_t m = k; m < ts.size(); ++m) {
        if (!out.empty()) out += '/';
        out += ts[m];
    }
    return ev.make_str(out.empty() ? "." : out, pos);
}

template <const char *S>
const value *constant(evaluator &ev, std::span<const value *const>, position pos) {
    return ev.make_str(S, pos);
}
constexpr char k_unix[] = "unix", k_windows[] = "windows", k_plan9[] = "plan9", k_js[] = "js";

const builtin table[] = {
    {"path", "Base", -1, fn_base},
    {"path", "Dir", -1, fn_dir},
    {"path", "Ext", -1, fn_ext},
    {"path", "Clean", -1, fn_clean},
    {"path", "ToSlash", -1, fn_to_slash},
    {"path", "FromSlash", -1, fn_from_slash},
    {"path", "VolumeName", -1, fn_volume},
    {"path", "IsAbs", -1, fn_is_abs},
    {"path", "Split", -1, fn_split},
    {"path", "SplitList", -1, fn_split_list},
    {"path", "Join", -1, fn_join},
    {"path", "Rel", -1, fn_rel},
    {"path", "Unix", 0, constant<k_unix>},
    {"path", "Windows", 0, constant<k_windows>},
    {"path", "Plan9", 0, constant<k_plan9>},
    {"path", "JS", 0, constant<k_js>},
};

}  // namespace

std::span<const builtin> pkg_path() {
    return table;
}

}  // namespace forge::cue
