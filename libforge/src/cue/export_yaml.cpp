// YAML output in the style of `cue export --out yaml` (go-yaml v3): block style, 4-space
// indentation inside mappings... as measured: nested mappings indent by 4, sequences are not
// indented relative to their key, and strings are quoted only when plain style would change them.
#include <cctype>
#include <cstring>

#include "cue/export.hpp"

namespace forge::cue {

namespace {

bool looks_like_number(std::string_view s) {
    if (s.empty()) return false;
    size_t i = 0;
    if (s[0] == '+' || s[0] == '-') i = 1;
    if (i >= s.size()) return false;
    std::string_view r = s.substr(i);
    if (r == ".inf" || r == ".Inf" || r == ".INF") return true;
    if (s == ".nan" || s == ".NaN" || s == ".NAN") return true;
    if (r.starts_with("0x") || r.starts_with("0o") || r.starts_with("0b")) return r.size() > 2;
    bool digit = false, dot = false, exp = false;
    for (size_t k = 0; k < r.size(); ++k) {
        char c = r[k];
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '_') {
            digit = digit || c != '_';
        } else if (c == '.' && !dot && !exp) {
            dot = true;
        } else if ((c == 'e' || c == 'E') && digit && !exp) {
            exp = true;
            if (k + 1 < r.size() && (r[k + 1] == '+' || r[k + 1] == '-')) ++k;
            if (k + 1 >= r.size()) return false;
        } else {
            return false;
        }
    }
    return digit;
}

bool is_special_word(std::string_view s) {
    static const char *words[] = {"true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL", "~",
                                  "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
                                  "y", "Y", "n", "N", "=", "<<"};
    for (auto *w : words)
        if (s == w) return true;
    return false;
}

bool needs_quotes(std::string_view s) {
    if (s.empty()) return true;
    if (is_special_word(s) || looks_like_number(s)) return true;
    unsigned char c0 = static_cast<unsigned char>(s[0]);
    if (std::strchr("-?:,[]{}#&*!|>'\"%@`", c0)) {
        if ((c0 == '-' || c0 == '?' || c0 == ':') && s.size() > 1 && s[1] != ' ') {
            // "-a" is plain; "- a" is not
        } else {
            return true;
        }
    }
    if (s.front() == ' ' || s.back() == ' ' || s.front() == '\t' || s.back() == '\t') return true;
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7f) return true;
        if (c == ':' && (i + 1 == s.size() || s[i + 1] == ' ')) return true;
        if (c == '#' && i > 0 && s[i - 1] == ' ') return true;
    }
    return false;
}

void yaml_double_quoted(std::string &out, std::string_view s) {
    static const char hex[] = "0123456789ABCDEF";
    out += '"';
    for (unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default:
                if (c < 0x20 || c == 0x7f) {
                    out += "\\x";
                    out += hex[c >> 4];
                    out += hex[c & 15];
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    out += '"';
}

void yaml_string(std::string &out, std::string_view s, int indent) {
    if (s.find('\n') != std::string_view::npos) {
        bool printable = true;
        for (unsigned char c : s)
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) printable = false;
        bool trailing_space_line = false;
        for (size_t i = 0; i + 1 < s.size(); ++i)
            if (s[i] == ' ' && s[i + 1] == '\n') trailing_space_line = true;
        if (printable && !trailing_space_line && s.front() != ' ') {
            out += s.back() == '\n' ? (s.size() > 1 && s[s.size() - 2] == '\n' ? "|+" : "|") : "|-";
            std::string_view body = s;
            if (body.back() == '\n') body.remove_suffix(1);
            size_t start = 0;
            while (start <= body.size()) {
                size_t nl = body.find('\n', start);
                std::string_view line = body.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
                out += '\n';
                if (!line.empty()) {
                    out.append(static_cast<size_t>(indent + 1) * 4, ' ');
                    out += line;
                }
                if (nl == std::string_view::npos) break;
                start = nl + 1;
            }
            return;
        }
        yaml_double_quoted(out, s);
        return;
    }
    if (!needs_quotes(s)) {
        out += s;
        return;
    }
    bool printable = true;
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7f) printable = false;
    if (printable && s.find('\'') == std::string_view::npos && !is_special_word(s) && !looks_like_number(s)) {
        out += '\'';
        out += s;
        out += '\'';
        return;
    }
    yaml_double_quoted(out, s);
}

bool is_collection(vertex *v) {
    v = export_target(v);
    if (v->is_list) return !v->arcs.empty();
    if (v->is_struct && !(!v->has_regular_fields && v->scalar && v->scalar->is_atom())) {
        return true;
    }
    return false;
}

bool has_fields(evaluator &ev, vertex *v) {
    for (vertex *a : v->arcs)
        if (!a->optional && is_regular(ev.labels().cls(a->label))) return true;
    return false;
}

void write(evaluator &ev, vertex *v, std::string &out, int indent);

void write_scalar(evaluator &, vertex *v, std::string &out, int indent) {
    v = export_target(v);
    if (v->is_list) {
        out += "[]";
        return;
    }
    if (v->is_struct && !(!v->has_regular_fields && v->scalar && v->scalar->is_atom())) {
        out += "{}";
        return;
    }
    const value *s = v->scalar;
    if (!s) {
        out += "null";
        return;
    }
    switch (s->k) {
        case vk::null_: out += "null"; break;
        case vk::bool_: out += s->b ? "true" : "false"; break;
        case vk::num: s->num.append_to(out); break;
        case vk::str: yaml_string(out, s->s, indent); break;
        case vk::bytes: out += base64_encode(s->s); break;
        default: out += "null"; break;
    }
}

void write_key(std::string &out, std::string_view k) {
    if (needs_quotes(k)) {
        yaml_string(out, k, 0);
    } else {
        out += k;
    }
}

// Writes a mapping or sequence whose first line starts at the current position (after "key:\n"
// indentation has been emitted by the caller).
void write(evaluator &ev, vertex *v, std::string &out, int indent) {
    v = export_target(v);
    std::string pad(static_cast<size_t>(indent) * 4, ' ');
    if (v->is_list) {
        bool first = true;
        for (vertex *a : v->arcs) {
            if (!first) out += pad;
            first = false;
            out += "- ";
            vertex *t = export_target(a);
            if (is_collection(t) && !(t->is_struct && !has_fields(ev, t))) {
                if (t->is_list) {
                    // nested sequence: "- - x"
                    std::string sub;
                    write(ev, t, sub, indent + 1);
                    out += sub;
                } else {
                    std::string sub;
                    write(ev, t, sub, indent + 1);
                    out += sub;
                }
            } else {
                write_scalar(ev, t, out, indent + 1);
                out += '\n';
            }
        }
        return;
    }
    bool first = true;
    for (vertex *a : v->arcs) {
        if (a->optional || !is_regular(ev.labels().cls(a->label))) continue;
        if (!first) out += pad;
        first = false;
        write_key(out, ev.labels().name(a->label));
        out += ':';
        vertex *t = export_target(a);
        if (t->is_list && !t->arcs.empty()) {
            out += '\n';
            out += pad;
            write(ev, t, out, indent);
        } else if (is_collection(t) && has_fields(ev, t)) {
            out += '\n';
            out += pad;
            out += "    ";
            write(ev, t, out, indent + 1);
        } else {
            out += ' ';
            write_scalar(ev, t, out, indent);
            out += '\n';
        }
    }
}

}  // namespace

std::string export_yaml(evaluator &ev, vertex *v) {
    std::string out;
    vertex *t = export_target(v);
    if ((t->is_struct && has_fields(ev, t)) || (t->is_list && !t->arcs.empty())) {
        write(ev, t, out, 0);
    } else {
        write_scalar(ev, t, out, 0);
        out += '\n';
    }
    return out;
}

}  // namespace forge::cue
