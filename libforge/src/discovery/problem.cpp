#include "discovery/problem.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <charconv>

namespace forge::discovery {

namespace json = boost::json;

std::string format_problem(const problem &p) {
    std::string out;
    if (!p.file.empty()) {
        out += p.file;
        if (p.line > 0) {
            out += ":" + std::to_string(p.line);
            if (p.column > 0) out += ":" + std::to_string(p.column);
        }
        out += ": ";
    }
    out += p.message;
    return out;
}

std::string format_problems(const std::vector<problem> &ps) {
    std::string out;
    for (const auto &p : ps) {
        out += format_problem(p);
        out += '\n';
    }
    return out;
}

json::value to_json(const problem &p) {
    return json::object{{"message", p.message}, {"file", p.file}, {"line", p.line}, {"column", p.column}};
}

json::value to_json(const std::vector<problem> &ps) {
    json::array a;
    a.reserve(ps.size());
    for (const auto &p : ps) a.push_back(to_json(p));
    return a;
}

problem problem_from_json(const json::value &v) {
    problem p;
    const auto *o = v.if_object();
    if (o == nullptr) return p;
    if (const auto *m = o->if_contains("message"); m && m->is_string()) p.message = m->as_string();
    if (const auto *f = o->if_contains("file"); f && f->is_string()) p.file = f->as_string();
    if (const auto *l = o->if_contains("line"); l && l->is_int64()) p.line = static_cast<int>(l->as_int64());
    if (const auto *c = o->if_contains("column"); c && c->is_int64()) p.column = static_cast<int>(c->as_int64());
    return p;
}

namespace {

bool parse_int(std::string_view s, int &out) {
    if (s.empty()) return false;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && ptr == s.data() + s.size();
}

// "file:12:7" -> file, 12, 7 (the file name itself may contain ':').
bool split_position(std::string_view s, std::string &file, int &line, int &column) {
    auto c2 = s.rfind(':');
    if (c2 == std::string_view::npos || c2 == 0) return false;
    auto c1 = s.rfind(':', c2 - 1);
    if (c1 == std::string_view::npos || c1 == 0) return false;
    int l = 0, c = 0;
    if (!parse_int(s.substr(c1 + 1, c2 - c1 - 1), l) || !parse_int(s.substr(c2 + 1), c)) return false;
    file = std::string(s.substr(0, c1));
    line = l;
    column = c;
    return true;
}

// A CUE value path as the engine prints it: labels, quoted labels, #defs, [n] indexes.
bool looks_like_path(std::string_view s) {
    if (s.empty()) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char ch = s[i];
        if (ch == '"') {
            auto end = s.find('"', i + 1);
            if (end == std::string_view::npos) return false;
            i = end;
            continue;
        }
        if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '#' || ch == '$' || ch == '.' ||
            ch == '[' || ch == ']' || ch == '-')
            continue;
        return false;
    }
    return true;
}

}  // namespace

cue_message parse_cue_message(std::string_view s) {
    cue_message m;
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.remove_suffix(1);
    // Trailing " (file:line:col)".
    if (!s.empty() && s.back() == ')') {
        auto open = s.rfind(" (");
        if (open != std::string_view::npos &&
            split_position(s.substr(open + 2, s.size() - open - 3), m.file, m.line, m.column))
            s = s.substr(0, open);
    }
    // Leading "file:line:col: " (syntax errors).
    if (m.file.empty()) {
        auto sep = s.find(": ");
        while (sep != std::string_view::npos) {
            if (split_position(s.substr(0, sep), m.file, m.line, m.column)) {
                s = s.substr(sep + 2);
                break;
            }
            sep = s.find(": ", sep + 1);
        }
    }
    if (auto sep = s.find(": "); sep != std::string_view::npos && looks_like_path(s.substr(0, sep)))
        m.path = std::string(s.substr(0, sep));
    m.text = std::string(s);
    return m;
}

void sort_problems(std::vector<problem> &ps) {
    std::stable_sort(ps.begin(), ps.end(), [](const problem &a, const problem &b) {
        if (a.file != b.file) return a.file < b.file;
        if (a.line != b.line) return a.line < b.line;
        return a.column < b.column;
    });
}

}  // namespace forge::discovery
