// YAML output exactly as `cue export --out yaml` of CUE v0.4 prints it. The reference builds
// go-yaml v3 nodes (strings via Node.SetString, indentation 2) and runs them through go-yaml's
// port of the libyaml emitter; this file is a small emitter with the same decisions:
//  - block mappings; block sequences indented by 2 except directly under a mapping key
//    ("key:\n- a"); empty collections in flow style ("[]", "{}");
//  - scalar style from libyaml's scalar analysis: plain when the text reads back as the same string
//    (YAML 1.2 core resolution, so "true", "123", "1_000", "0o17", ".5", "2001-12-14" and "" are
//    quoted while "yes", "on", "12:30" stay plain), single quotes for indicators and leading or
//    trailing spaces, double quotes (with escapes) for non-printable characters, literal blocks
//    ("|", "|-", "|+", "|2") for multi-line text that allows them;
//  - long plain and quoted scalars folded at spaces once past column 80;
//  - bytes: as a string when valid UTF-8, else "!!binary <base64>".
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cue/export.hpp"

namespace forge::cue {

namespace {

constexpr int best_indent = 2;
constexpr int best_width = 80;

// ---------------------------------------------------------------- character classes (libyaml)

size_t char_width(unsigned char c) {
    if ((c & 0x80) == 0) return 1;
    if ((c & 0xE0) == 0xC0) return 2;
    if ((c & 0xF0) == 0xE0) return 3;
    if ((c & 0xF8) == 0xF0) return 4;
    return 1;
}

unsigned char at(std::string_view s, size_t i) {
    return i < s.size() ? static_cast<unsigned char>(s[i]) : 0;
}

bool is_space(std::string_view s, size_t i) {
    return at(s, i) == ' ';
}

bool is_break(std::string_view s, size_t i) {
    unsigned char c = at(s, i);
    return c == '\r' || c == '\n' || (c == 0xC2 && at(s, i + 1) == 0x85) ||
           (c == 0xE2 && at(s, i + 1) == 0x80 && (at(s, i + 2) == 0xA8 || at(s, i + 2) == 0xA9));
}

bool is_blankz(std::string_view s, size_t i) {
    return i >= s.size() || at(s, i) == ' ' || at(s, i) == '\t' || at(s, i) == 0 || is_break(s, i);
}

// As go-yaml defines it: looks at the start of the text whatever i is, so a string starting with a
// byte order mark gets every character escaped in double quotes (the reference does).
bool is_bom(std::string_view s, size_t /*i*/) {
    return at(s, 0) == 0xEF && at(s, 1) == 0xBB && at(s, 2) == 0xBF;
}

bool is_printable(std::string_view s, size_t i) {
    unsigned char c = at(s, i), c1 = at(s, i + 1), c2 = at(s, i + 2);
    return c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c == 0xC2 && c1 >= 0xA0) || (c > 0xC2 && c < 0xED) ||
           (c == 0xED && c1 < 0xA0) || c == 0xEE ||
           (c == 0xEF && !(c1 == 0xBB && c2 == 0xBF) && !(c1 == 0xBF && (c2 == 0xBE || c2 == 0xBF)));
}

bool valid_utf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        unsigned char c = at(s, i);
        size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (len == 0 || i + len > s.size()) return false;
        uint32_t cp = len == 1 ? c : c & (0x7F >> len);
        for (size_t k = 1; k < len; ++k) {
            unsigned char cc = at(s, i + k);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

// ---------------------------------------------------------------- YAML 1.2 resolution (go-yaml v3)

bool all_of(std::string_view s, bool (*pred)(char)) {
    if (s.empty()) return false;
    for (char c : s)
        if (!pred(c)) return false;
    return true;
}

bool dec(char c) {
    return c >= '0' && c <= '9';
}
bool hex(char c) {
    return dec(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool oct(char c) {
    return c >= '0' && c <= '7';
}
bool bin(char c) {
    return c == '0' || c == '1';
}

// Go's strconv.ParseInt(s, 0, 64) syntax after go-yaml removed underscores (range ignored: a
// value too large still resolves to a float or int in go-yaml).
bool go_int_syntax(std::string_view s) {
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) return all_of(s.substr(2), hex);
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) return all_of(s.substr(2), oct);
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) return all_of(s.substr(2), bin);
    if (s.size() > 1 && s[0] == '0') return all_of(s.substr(1), oct);
    return all_of(s, dec);
}

// go-yaml's float pattern ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool yaml_float_syntax(std::string_view s) {
    size_t i = 0;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t digits = 0;
    while (i < s.size() && dec(s[i])) ++i, ++digits;
    if (i < s.size() && s[i] == '.') {
        ++i;
        size_t frac = 0;
        while (i < s.size() && dec(s[i])) ++i, ++frac;
        if (digits == 0 && frac == 0) return false;
    } else if (digits == 0) {
        return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        if (!all_of(s.substr(i), dec)) return false;
        return true;
    }
    return i == s.size();
}

// YYYY-MM-DD, optionally followed by a time in one of the layouts go-yaml accepts.
bool timestamp_syntax(std::string_view s) {
    auto digits = [&](size_t from, size_t n) {
        if (from + n > s.size()) return false;
        for (size_t k = from; k < from + n; ++k)
            if (!dec(s[k])) return false;
        return true;
    };
    if (!(digits(0, 4) && at(s, 4) == '-')) return false;
    // The date part: month and day with one or two digits (Go layout "2006-1-2").
    size_t i = 5;
    auto num = [&](size_t &p) {
        size_t start = p;
        while (p < s.size() && dec(s[p]) && p - start < 2) ++p;
        return p > start;
    };
    if (!num(i) || at(s, i) != '-') return false;
    ++i;
    if (!num(i)) return false;
    if (i == s.size()) return true;
    char sep = s[i];
    if (sep != 'T' && sep != 't' && sep != ' ' && sep != '\t') return false;
    ++i;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (!num(i) || at(s, i) != ':') return false;
    ++i;
    if (!digits(i, 2)) return false;
    i += 2;
    if (at(s, i) != ':') return false;
    ++i;
    if (!digits(i, 2)) return false;
    i += 2;
    if (at(s, i) == '.') {
        ++i;
        size_t st = i;
        while (i < s.size() && dec(s[i])) ++i;
        if (i == st) return false;
    }
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i == s.size()) return true;
    if (s.substr(i) == "Z" || s.substr(i) == "z") return true;
    if (s[i] != '+' && s[i] != '-') return false;
    ++i;
    size_t st = i;
    while (i < s.size() && dec(s[i])) ++i;
    if (i - st < 1 || i - st > 2) return false;
    if (i == s.size()) return true;
    if (s[i] != ':') return false;
    return digits(i + 1, 2) && i + 3 == s.size();
}

// True when go-yaml v3 would read the plain scalar s as something other than the string s.
bool resolves_to_non_string(std::string_view s) {
    if (s.empty()) return true;  // null
    static const char *words[] = {"true",  "True",  "TRUE",  "false", "False", "FALSE", "null",  "Null",
                                  "NULL",  "~",     ".inf",  ".Inf",  ".INF",  "+.inf", "+.Inf", "+.INF",
                                  "-.inf", "-.Inf", "-.INF", ".nan",  ".NaN",  ".NAN"};
    for (auto *w : words)
        if (s == w) return true;
    char c = s[0];
    if (!(dec(c) || c == '+' || c == '-' || c == '.')) return false;
    std::string plain;
    for (char ch : s)
        if (ch != '_') plain += ch;
    if (go_int_syntax(plain)) return true;
    if (yaml_float_syntax(plain)) return true;
    if (dec(c) && timestamp_syntax(s)) return true;
    return false;
}

// ---------------------------------------------------------------- scalar analysis (libyaml)

struct analysis {
    bool multiline = false;
    bool flow_plain_allowed = false, block_plain_allowed = false;
    bool single_quoted_allowed = false, block_allowed = false;
};

analysis analyze(std::string_view v) {
    analysis a;
    if (v.empty()) {
        a.block_plain_allowed = a.single_quoted_allowed = true;
        return a;
    }
    bool block_ind = false, flow_ind = false, line_breaks = false, special = false, tabs = false;
    bool leading_space = false, leading_break = false, trailing_space = false, trailing_break = false;
    bool break_space = false, space_break = false, previous_space = false, previous_break = false;
    if (v.starts_with("---") || v.starts_with("...")) block_ind = flow_ind = true;
    bool preceded_by_ws = true;
    bool followed_by_ws = is_blankz(v, char_width(at(v, 0)));
    for (size_t i = 0; i < v.size();) {
        unsigned char c = at(v, i);
        size_t w = char_width(c);
        if (i == 0) {
            switch (c) {
                case '#':
                case ',':
                case '[':
                case ']':
                case '{':
                case '}':
                case '&':
                case '*':
                case '!':
                case '|':
                case '>':
                case '\'':
                case '"':
                case '%':
                case '@':
                case '`':
                    flow_ind = block_ind = true;
                    break;
                case '?':
                case ':':
                    flow_ind = true;
                    if (followed_by_ws) block_ind = true;
                    break;
                case '-':
                    if (followed_by_ws) flow_ind = block_ind = true;
                    break;
                default:
                    break;
            }
        } else {
            switch (c) {
                case ',':
                case '?':
                case '[':
                case ']':
                case '{':
                case '}':
                    flow_ind = true;
                    break;
                case ':':
                    flow_ind = true;
                    if (followed_by_ws) block_ind = true;
                    break;
                case '#':
                    if (preceded_by_ws) flow_ind = block_ind = true;
                    break;
                default:
                    break;
            }
        }
        if (c == '\t') {
            tabs = true;  // go-yaml v3: tabs rule out plain and single-quoted, not literal blocks
        } else if (!is_printable(v, i)) {
            special = true;
        }
        if (is_space(v, i)) {
            if (i == 0) leading_space = true;
            if (i + w == v.size()) trailing_space = true;
            if (previous_break) break_space = true;
            previous_space = true;
            previous_break = false;
        } else if (is_break(v, i)) {
            line_breaks = true;
            if (i == 0) leading_break = true;
            if (i + w == v.size()) trailing_break = true;
            if (previous_space) space_break = true;
            previous_break = true;
            previous_space = false;
        } else {
            previous_space = previous_break = false;
        }
        preceded_by_ws = is_blankz(v, i);
        i += w;
        if (i < v.size()) followed_by_ws = is_blankz(v, i + char_width(at(v, i)));
    }
    a.multiline = line_breaks;
    a.flow_plain_allowed = a.block_plain_allowed = a.single_quoted_allowed = a.block_allowed = true;
    if (leading_space || leading_break || trailing_space || trailing_break)
        a.flow_plain_allowed = a.block_plain_allowed = false;
    if (trailing_space) a.block_allowed = false;
    if (break_space) a.flow_plain_allowed = a.block_plain_allowed = a.single_quoted_allowed = false;
    if (space_break || tabs || special) a.flow_plain_allowed = a.block_plain_allowed = a.single_quoted_allowed = false;
    if (space_break || special) a.block_allowed = false;
    if (line_breaks) a.flow_plain_allowed = a.block_plain_allowed = false;
    if (flow_ind) a.flow_plain_allowed = false;
    if (block_ind) a.block_plain_allowed = false;
    return a;
}

enum class style { plain, single, dbl, literal };

// ---------------------------------------------------------------- the emitter

struct emitter {
    std::string out;
    int column = 0;
    int indent = -1;
    bool whitespace = true, indention = true;
    std::vector<int> indents;

    void put(char c) {
        out += c;
        ++column;
    }
    void put_break() {
        out += '\n';
        column = 0;
    }
    void write(std::string_view s, size_t &i) {
        size_t w = char_width(at(s, i));
        out.append(s.substr(i, w));
        ++column;
        i += w;
    }
    void write_break(std::string_view s, size_t &i) {
        if (at(s, i) == '\n') {
            put_break();
            ++i;
        } else {
            size_t w = char_width(at(s, i));
            out.append(s.substr(i, w));
            column = 0;
            i += w;
        }
    }
    void write_indent() {
        int ind = indent >= 0 ? indent : 0;
        if (!indention || column > ind || (column == ind && !whitespace)) put_break();
        while (column < ind) put(' ');
        whitespace = indention = true;
    }
    void write_indicator(std::string_view ind, bool need_ws, bool is_ws, bool is_indention) {
        if (need_ws && !whitespace) put(' ');
        for (char c : ind) put(c);
        whitespace = is_ws;
        indention = indention && is_indention;
    }
    void increase_indent(bool flow, bool indentless) {
        indents.push_back(indent);
        if (indent < 0) {
            indent = flow ? best_indent : 0;
        } else if (!indentless) {
            indent += best_indent;
        }
    }
    void pop_indent() {
        indent = indents.back();
        indents.pop_back();
    }

    void write_plain(std::string_view v, bool allow_breaks) {
        if (!whitespace) put(' ');
        bool spaces = false, breaks = false;
        for (size_t i = 0; i < v.size();) {
            if (is_space(v, i)) {
                if (allow_breaks && !spaces && column > best_width && !is_space(v, i + 1)) {
                    write_indent();
                    ++i;
                } else {
                    write(v, i);
                }
                spaces = true;
            } else if (is_break(v, i)) {
                if (!breaks && at(v, i) == '\n') put_break();
                write_break(v, i);
                indention = breaks = true;
            } else {
                if (breaks) write_indent();
                write(v, i);
                indention = spaces = breaks = false;
            }
        }
        whitespace = indention = false;
    }

    void write_single(std::string_view v, bool allow_breaks) {
        write_indicator("'", true, false, false);
        bool spaces = false, breaks = false;
        for (size_t i = 0; i < v.size();) {
            if (is_space(v, i)) {
                if (allow_breaks && !spaces && column > best_width && i > 0 && i + 1 < v.size() &&
                    !is_space(v, i + 1)) {
                    write_indent();
                    ++i;
                } else {
                    write(v, i);
                }
                spaces = true;
            } else if (is_break(v, i)) {
                if (!breaks && at(v, i) == '\n') put_break();
                write_break(v, i);
                indention = breaks = true;
            } else {
                if (breaks) write_indent();
                if (at(v, i) == '\'') put('\'');
                write(v, i);
                indention = spaces = breaks = false;
            }
        }
        write_indicator("'", false, false, false);
        whitespace = indention = false;
    }

    void write_double(std::string_view v, bool allow_breaks) {
        write_indicator("\"", true, false, false);
        bool spaces = false;
        for (size_t i = 0; i < v.size();) {
            unsigned char c = at(v, i);
            if (!is_printable(v, i) || is_bom(v, i) || is_break(v, i) || c == '"' || c == '\\') {
                size_t w = char_width(c);
                uint32_t cp = w == 1 ? c : c & (0x7F >> w);
                for (size_t k = 1; k < w; ++k) cp = (cp << 6) | (at(v, i + k) & 0x3F);
                i += w;
                put('\\');
                switch (cp) {
                    case 0x00:
                        put('0');
                        break;
                    case 0x07:
                        put('a');
                        break;
                    case 0x08:
                        put('b');
                        break;
                    case 0x09:
                        put('t');
                        break;
                    case 0x0A:
                        put('n');
                        break;
                    case 0x0B:
                        put('v');
                        break;
                    case 0x0C:
                        put('f');
                        break;
                    case 0x0D:
                        put('r');
                        break;
                    case 0x1B:
                        put('e');
                        break;
                    case 0x22:
                        put('"');
                        break;
                    case 0x5C:
                        put('\\');
                        break;
                    case 0x85:
                        put('N');
                        break;
                    case 0xA0:
                        put('_');
                        break;
                    case 0x2028:
                        put('L');
                        break;
                    case 0x2029:
                        put('P');
                        break;
                    default: {
                        int digits = cp <= 0xFF ? 2 : cp <= 0xFFFF ? 4 : 8;
                        put(digits == 2 ? 'x' : digits == 4 ? 'u' : 'U');
                        for (int k = (digits - 1) * 4; k >= 0; k -= 4) put("0123456789ABCDEF"[(cp >> k) & 0xF]);
                    }
                }
                spaces = false;
            } else if (is_space(v, i)) {
                if (allow_breaks && !spaces && column > best_width && i != 0 && i + 1 != v.size()) {
                    write_indent();
                    if (is_space(v, i + 1)) put('\\');
                    ++i;
                } else {
                    write(v, i);
                }
                spaces = true;
            } else {
                write(v, i);
                spaces = false;
            }
        }
        write_indicator("\"", false, false, false);
        whitespace = indention = false;
    }

    void write_literal(std::string_view v) {
        write_indicator("|", true, false, false);
        if (is_space(v, 0) || is_break(v, 0))
            write_indicator(std::string(1, char('0' + best_indent)), false, false, false);
        char chomp = 0;
        if (v.empty()) {
            chomp = '-';
        } else {
            size_t i = v.size() - 1;
            while (i > 0 && (at(v, i) & 0xC0) == 0x80) --i;
            if (!is_break(v, i)) {
                chomp = '-';
            } else if (i == 0) {
                chomp = '+';
            } else {
                --i;
                while (i > 0 && (at(v, i) & 0xC0) == 0x80) --i;
                if (is_break(v, i)) chomp = '+';
            }
        }
        if (chomp) write_indicator(std::string(1, chomp), false, false, false);
        put_break();
        indention = whitespace = true;
        bool breaks = true;
        for (size_t i = 0; i < v.size();) {
            if (is_break(v, i)) {
                write_break(v, i);
                indention = breaks = true;
            } else {
                if (breaks) write_indent();
                write(v, i);
                indention = breaks = false;
            }
        }
    }

    // A string scalar (key or value). Keys are simple keys: no folding, no block styles.
    void scalar(std::string_view text, std::string_view tag, bool simple_key) {
        analysis a = analyze(text);
        style st = text.find('\n') != std::string_view::npos     ? style::literal
                   : tag.empty() && resolves_to_non_string(text) ? style::dbl
                                                                 : style::plain;
        if (st == style::plain) {
            if (!a.block_plain_allowed) st = style::single;
            if (text.empty() && simple_key) st = style::single;
        }
        if (st == style::single && !a.single_quoted_allowed) st = style::dbl;
        if (st == style::literal && (!a.block_allowed || simple_key)) st = style::dbl;
        if (!tag.empty()) {
            write_indicator("!!", true, false, false);
            for (char c : tag) put(c);
            whitespace = indention = false;
        }
        increase_indent(true, false);
        switch (st) {
            case style::plain:
                write_plain(text, !simple_key);
                break;
            case style::single:
                write_single(text, !simple_key);
                break;
            case style::dbl:
                write_double(text, !simple_key);
                break;
            case style::literal:
                write_literal(text);
                break;
        }
        pop_indent();
    }

    // A number, bool or null: plain, never quoted.
    void atom(std::string_view text) {
        increase_indent(true, false);
        write_plain(text, true);
        pop_indent();
    }
};

// ---------------------------------------------------------------- walking the value

struct yaml_writer {
    evaluator &ev;
    emitter em;

    bool exported(vertex *a) { return !a->optional && is_regular(ev.labels().cls(a->label)); }

    bool is_map(vertex *v) { return v->is_struct && !(!v->has_regular_fields && v->scalar && v->scalar->is_atom()); }

    void string_or_bytes(std::string_view s, bool bytes) {
        if (bytes && !valid_utf8(s)) {
            // go-yaml's encodeBase64: lines of 70 characters once the text is that long.
            std::string b64 = base64_encode(s), text;
            if (b64.size() >= 70) {
                for (size_t i = 0; i < b64.size(); i += 70) {
                    text += b64.substr(i, 70);
                    text += '\n';
                }
            } else {
                text = b64;
            }
            em.scalar(text, "binary", false);
            return;
        }
        em.scalar(s, "", false);
    }

    void scalar(vertex *v) {
        const value *s = v->scalar;
        if (!s) {
            em.atom("null");
            return;
        }
        switch (s->k) {
            case vk::null_:
                em.atom("null");
                break;
            case vk::bool_:
                em.atom(s->b ? "true" : "false");
                break;
            case vk::num:
                em.atom(s->num.to_yaml_string());
                break;
            case vk::str:
                string_or_bytes(s->s, false);
                break;
            case vk::bytes:
                string_or_bytes(s->s, true);
                break;
            default:
                em.atom("null");
                break;
        }
    }

    void node(vertex *v, bool mapping_context, int depth) {
        v = export_target(v);
        if (depth > 10000) {
            em.atom("null");
            return;
        }
        if (v->is_list) {
            if (v->arcs.empty()) {
                flow_empty("[", "]");
                return;
            }
            em.increase_indent(false, mapping_context && !em.indention);
            for (vertex *a : v->arcs) {
                em.write_indent();
                em.write_indicator("-", true, false, true);
                node(a, false, depth + 1);
            }
            em.pop_indent();
            return;
        }
        if (is_map(v)) {
            bool any = false;
            for (vertex *a : v->arcs) any = any || exported(a);
            if (!any) {
                flow_empty("{", "}");
                return;
            }
            em.increase_indent(false, false);
            std::vector<vertex *> order;
            for (vertex *a : ordered_arcs(v, order)) {
                if (!exported(a)) continue;
                em.write_indent();
                std::string_view key = ev.labels().name(a->label);
                if (key.size() <= 128 && key.find_first_of("\n\r") == std::string_view::npos &&
                    key.find("\xC2\x85") == std::string_view::npos &&
                    key.find("\xE2\x80\xA8") == std::string_view::npos &&
                    key.find("\xE2\x80\xA9") == std::string_view::npos) {
                    em.scalar(key, "", true);
                    em.write_indicator(":", false, false, false);
                } else {
                    // Not usable as a simple key: "? key" then ": value" on its own line.
                    em.write_indicator("?", true, false, true);
                    em.scalar(key, "", false);
                    em.write_indent();
                    em.write_indicator(":", true, false, true);
                }
                node(a, true, depth + 1);
            }
            em.pop_indent();
            return;
        }
        scalar(v);
    }

    void flow_empty(const char *open, const char *close) {
        em.write_indicator(open, true, true, false);
        em.write_indicator(close, false, false, false);
    }
};

}  // namespace

std::string export_yaml(evaluator &ev, vertex *v) {
    yaml_writer w{ev, {}};
    w.node(v, false, 0);
    // Document end: finish the last line.
    w.em.write_indent();
    if (w.em.column != 0) w.em.put_break();
    std::string out = std::move(w.em.out);
    if (out.empty() || out.back() != '\n') out += '\n';
    return out;
}

}  // namespace forge::cue
