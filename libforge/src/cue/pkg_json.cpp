// encoding/json: Marshal, MarshalStream, Unmarshal, Valid, Compact, Indent, HTMLEscape, Validate.
#include <cstdio>

#include "core/quoting.hpp"
#include "core/utf8.hpp"
#include "cue/export.hpp"
#include "cue/pkg_support.hpp"

namespace forge::cue {

// ---------------------------------------------------------------- shared helpers

const value *arg_data(evaluator &ev, const value *v, vertex **out, position pos) {
    if (v->is_bottom()) return v;
    v = ev.resolve_default(v);
    if (v->is_bottom()) return v;
    vertex *x = ev.vertex_of(v);
    ev.finalize(x);
    auto errs = export_errors(ev, x);
    if (!errs.empty()) {
        bool incomplete = errs.front().find("incomplete value") != std::string::npos ||
                          errs.front().find("non-concrete") != std::string::npos;
        return ev.error(incomplete ? err_code::incomplete : err_code::eval, pos, errs.front());
    }
    *out = export_target(x);
    return nullptr;
}

const value *string_list(evaluator &ev, const std::vector<std::string> &items, position pos) {
    std::vector<const value *> elems;
    elems.reserve(items.size());
    for (auto &s : items) elems.push_back(ev.make_str(s, pos));
    return ev.make_vertex(ev.make_list(elems));
}

std::string go_quote(std::string_view s) {
    std::string out;
    quoting::append_double_quoted(out, s);  // Go's %q escapes these bytes the same way
    return out;
}

namespace {

// ---------------------------------------------------------------- JSON scanning

std::string quote_char(char c) {
    if (c == '\'') return "'\\''";
    if (c == '"') return "'\"'";
    if (static_cast<unsigned char>(c) < 0x20) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "'\\x%02x'", static_cast<unsigned char>(c));
        return buf;
    }
    return std::string("'") + c + "'";
}

// A validating JSON reader. With an evaluator it also builds CUE values.
struct json_reader {
    std::string_view s;
    evaluator *ev;
    position pos;
    size_t i = 0;
    std::string err;
    int depth = 0;

    void ws() {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    }
    bool fail(const std::string &context) {
        if (err.empty()) {
            if (i >= s.size())
                err = "unexpected end of JSON input";
            else
                err = "invalid character " + quote_char(s[i]) + " " + context;
        }
        return false;
    }

    bool string(std::string *out) {
        ++i;  // opening quote
        while (true) {
            if (i >= s.size()) return fail("");
            unsigned char c = static_cast<unsigned char>(s[i]);
            if (c == '"') {
                ++i;
                return true;
            }
            if (c < 0x20) return fail("in string literal");
            if (c != '\\') {
                if (out) *out += static_cast<char>(c);
                ++i;
                continue;
            }
            ++i;
            if (i >= s.size()) return fail("");
            char e = s[i++];
            switch (e) {
                case '"':
                    if (out) *out += '"';
                    break;
                case '\\':
                    if (out) *out += '\\';
                    break;
                case '/':
                    if (out) *out += '/';
                    break;
                case 'b':
                    if (out) *out += '\b';
                    break;
                case 'f':
                    if (out) *out += '\f';
                    break;
                case 'n':
                    if (out) *out += '\n';
                    break;
                case 'r':
                    if (out) *out += '\r';
                    break;
                case 't':
                    if (out) *out += '\t';
                    break;
                case 'u': {
                    auto hex4 = [&](uint32_t *cp) {
                        if (i + 4 > s.size()) return false;
                        uint32_t v = 0;
                        for (int k = 0; k < 4; ++k) {
                            char h = s[i + static_cast<size_t>(k)];
                            v <<= 4;
                            if (h >= '0' && h <= '9')
                                v |= static_cast<uint32_t>(h - '0');
                            else if (h >= 'a' && h <= 'f')
                                v |= static_cast<uint32_t>(h - 'a' + 10);
                            else if (h >= 'A' && h <= 'F')
                                v |= static_cast<uint32_t>(h - 'A' + 10);
                            else {
                                i += static_cast<size_t>(k);
                                return false;
                            }
                        }
                        i += 4;
                        *cp = v;
                        return true;
                    };
                    uint32_t cp = 0;
                    if (!hex4(&cp)) return fail("in \\u hexadecimal character escape");
                    if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < s.size() && s[i] == '\\' && s[i + 1] == 'u') {
                        size_t save = i;
                        i += 2;
                        uint32_t lo = 0;
                        if (hex4(&lo) && lo >= 0xdc00 && lo < 0xe000)
                            cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                        else
                            i = save;
                    }
                    if (cp >= 0xd800 && cp < 0xe000) cp = 0xfffd;
                    if (out) append_utf8(*out, cp);
                    break;
                }
                default:
                    --i;
                    return fail("in string escape code");
            }
        }
    }
    bool num(const value **out) {
        size_t start = i;
        bool neg = false;
        if (s[i] == '-') {
            neg = true;
            ++i;
            if (i >= s.size()) return fail("");
            if (!(s[i] >= '0' && s[i] <= '9')) return fail("in numeric literal");
        }
        auto digits = [&] {
            size_t b = i;
            while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
            return i - b;
        };
        if (s[i] == '0')
            ++i;
        else
            digits();
        bool is_float = false;
        if (i < s.size() && s[i] == '.') {
            ++i;
            is_float = true;
            if (digits() == 0) return fail("after decimal point in numeric literal");
        }
        if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
            ++i;
            is_float = true;
            if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
            if (digits() == 0) return fail("in exponent of numeric literal");
        }
        (void)is_float;
        if (out && ev) {
            std::string_view text = s.substr(start + (neg ? 1 : 0), i - start - (neg ? 1 : 0));
            auto n = number::parse_literal(text);
            if (!n.ok()) {
                err = n.err().message;
                return false;
            }
            number v = std::move(n).value();
            if (neg) v = -v;
            *out = ev->make_num(std::move(v), pos);
        }
        return true;
    }

    bool literal(std::string_view word, const value *v, const value **out) {
        for (size_t k = 0; k < word.size(); ++k, ++i)
            if (i >= s.size() || s[i] != word[k])
                return fail(k == 0 ? "looking for beginning of value"
                                   : "in literal " + std::string(word) + " (expecting " + quote_char(word[k]) + ")");
        if (out) *out = v;
        return true;
    }

    bool val(const value **out) {
        ws();
        if (i >= s.size()) return fail("");
        if (++depth > 10000) {
            err = "exceeded max depth";
            return false;
        }
        bool ok = val_inner(out);
        --depth;
        return ok;
    }

    bool val_inner(const value **out) {
        char c = s[i];
        if (c == '{') {
            ++i;
            std::vector<std::pair<std::string, const value *>> fields;
            ws();
            if (i < s.size() && s[i] == '}') {
                ++i;
                if (out && ev) *out = ev->make_vertex(ev->make_struct(fields));
                return true;
            }
            while (true) {
                ws();
                if (i >= s.size() || s[i] != '"') return fail("looking for beginning of object key string");
                std::string key;
                if (!string(&key)) return false;
                ws();
                if (i >= s.size() || s[i] != ':') return fail("after object key");
                ++i;
                const value *v = nullptr;
                if (!val(out ? &v : nullptr)) return false;
                if (out) {
                    bool dup = false;
                    for (auto &f : fields)
                        if (f.first == key) {
                            f.second = v;  // a repeated key: the last one wins, as in Go
                            dup = true;
                        }
                    if (!dup) fields.emplace_back(std::move(key), v);
                }
                ws();
                if (i < s.size() && s[i] == ',') {
                    ++i;
                    continue;
                }
                if (i < s.size() && s[i] == '}') {
                    ++i;
                    break;
                }
                return fail("after object key:value pair");
            }
            if (out && ev) *out = ev->make_vertex(ev->make_struct(fields));
            return true;
        }
        if (c == '[') {
            ++i;
            std::vector<const value *> elems;
            ws();
            if (i < s.size() && s[i] == ']') {
                ++i;
                if (out && ev) *out = ev->make_vertex(ev->make_list(elems));
                return true;
            }
            while (true) {
                const value *v = nullptr;
                if (!val(out ? &v : nullptr)) return false;
                if (out) elems.push_back(v);
                ws();
                if (i < s.size() && s[i] == ',') {
                    ++i;
                    continue;
                }
                if (i < s.size() && s[i] == ']') {
                    ++i;
                    break;
                }
                return fail("after array element");
            }
            if (out && ev) *out = ev->make_vertex(ev->make_list(elems));
            return true;
        }
        if (c == '"') {
            std::string str;
            if (!string(out ? &str : nullptr)) return false;
            if (out && ev) *out = ev->make_str(str, pos);
            return true;
        }
        if (c == '-' || (c >= '0' && c <= '9')) return num(out);
        if (c == 't') return literal("true", ev ? ev->bool_value(true) : nullptr, out);
        if (c == 'f') return literal("false", ev ? ev->bool_value(false) : nullptr, out);
        if (c == 'n') return literal("null", ev ? ev->null_value() : nullptr, out);
        return fail("looking for beginning of value");
    }

    bool document(const value **out) {
        if (!val(out)) return false;
        ws();
        if (i < s.size()) return fail("after top-level value");
        return true;
    }
};

bool json_valid(std::string_view s, std::string *err) {
    json_reader r{s, nullptr, {}, 0, {}, 0};
    bool ok = r.document(nullptr);
    if (!ok && err) *err = r.err;
    return ok;
}

// Go's json.Compact / json.Indent over valid input: whitespace outside strings is rewritten.
std::string reformat(std::string_view s, bool indent, std::string_view prefix, std::string_view ind) {
    std::string out;
    int depth = 0;
    bool need_nl = false;  // an opening bracket waits for its first element
    auto newline = [&] {
        out += '\n';
        out += prefix;
        for (int k = 0; k < depth; ++k) out += ind;
    };
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
        if (indent && need_nl && c != ']' && c != '}') {
            need_nl = false;
            ++depth;
            newline();
        }
        if (c == '"') {
            size_t j = i + 1;
            while (j < s.size() && s[j] != '"') j += s[j] == '\\' ? 2 : 1;
            if (need_nl) need_nl = false;
            out.append(s.substr(i, j - i + 1));
            i = j;
            continue;
        }
        switch (c) {
            case '{':
            case '[':
                out += c;
                if (indent) need_nl = true;
                break;
            case ',':
                out += c;
                if (indent) newline();
                break;
            case ':':
                out += c;
                if (indent) out += ' ';
                break;
            case '}':
            case ']':
                if (indent) {
                    if (need_nl) {
                        need_nl = false;  // empty: "[]"
                    } else {
                        --depth;
                        newline();
                    }
                }
                out += c;
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string marshal(evaluator &ev, vertex *v) {
    std::string pretty = export_json(ev, v);
    return reformat(pretty, false, "", "");
}

const value *fn_marshal(evaluator &ev, std::span<const value *const> a, position pos) {
    vertex *v = nullptr;
    if (auto *e = arg_data(ev, a[0], &v, pos)) return e;
    return ev.make_str(marshal(ev, v), pos);
}

const value *fn_marshal_stream(evaluator &ev, std::span<const value *const> a, position pos) {
    std::vector<const value *> elems;
    if (auto *e = arg_list(ev, a[0], &elems, pos)) return e;
    std::string out;
    for (auto *x : elems) {
        vertex *v = nullptr;
        if (auto *e = arg_data(ev, x, &v, pos)) return e;
        out += marshal(ev, v);
        out += '\n';
    }
    return ev.make_str(out, pos);
}

const value *fn_unmarshal(evaluator &ev, std::span<const value *const> a, position pos) {
    std::string s;
    if (auto *e = arg_bytes(ev, a[0], &s, pos)) return e;
    std::string err;
    const value *v = parse_json(ev, s, &err, pos);
    if (!v) return call_error(ev, pos, "encoding/json.Unmarshal", "json: could not parse JSON: " + err);
    return v;
}

const value *fn_valid(evaluator &ev, std::span<const value *const> a, position pos) {
    std::string s;
    if (auto *e = arg_bytes(ev, a[0], &s, pos)) return e;
    return ev.bool_value(json_valid(s, nullptr));
}

const value *fn_compact(evaluator &ev, std::span<const value *const> a, position pos) {
    std::string s, err;
    if (auto *e = arg_bytes(ev, a[0], &s, pos)) return e;
    if (!json_valid(s, &err)) return call_error(ev, pos, "encoding/json.Compact", err);
    return ev.make_str(reformat(s, false, "", ""), pos);
}

const value *fn_indent(evaluator &ev, std::span<const value *const> a, position pos) {
    std::string s, prefix, ind, err;
    if (auto *e = arg_bytes(ev, a[0], &s, pos)) return e;
    if (auto *e = arg_string(ev, a[1], &prefix, pos)) return e;
    if (auto *e = arg_string(ev, a[2], &ind, pos)) return e;
    if (!json_valid(s, &err)) return call_error(ev, pos, "encoding/json.Indent", err);
    return ev.make_str(reformat(s, true, prefix, ind), pos);
}

const value *fn_html_escape(evaluator &ev, std::span<const value *const> a, position pos) {
    std::string s;
    if (auto *e = arg_bytes(ev, a[0], &s, pos)) return e;
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '<' || c == '>' || c == '&') {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u00%02x", c);
            out += buf;
        } else if (c == 0xe2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(s[i + 2]) & ~1u) == 0xa8) {
            out += static_cast<unsigned char>(s[i + 2]) == 0xa8 ? "\\u2028" : "\\u2029";
            i += 2;
        } else {
            out += static_cast<char>(c);
        }
    }
    return ev.make_str(out, pos);
}

const value *fn_validate(evaluator &ev, std::span<const value *const> a, position pos) {
    std::string s, err;
    if (auto *e = arg_bytes(ev, a[0], &s, pos)) return e;
    const value *v = parse_json(ev, s, &err, pos);
    if (!v) return call_error(ev, pos, "encoding/json.Validate", "json: could not parse JSON: " + err);
    const value *u = ev.unify_all({v, a[1]}, pos);
    if (u->is_bottom()) return u;
    vertex *x = ev.vertex_of(u);
    ev.finalize(x);
    auto errs = export_errors(ev, x, false);
    if (!errs.empty()) return ev.error(err_code::eval, pos, errs.front());
    return ev.bool_value(true);
}

const builtin table[] = {
    {"encoding/json", "Marshal", 1, fn_marshal},        {"encoding/json", "MarshalStream", 1, fn_marshal_stream},
    {"encoding/json", "Unmarshal", 1, fn_unmarshal},    {"encoding/json", "Valid", 1, fn_valid},
    {"encoding/json", "Compact", 1, fn_compact},        {"encoding/json", "Indent", 3, fn_indent},
    {"encoding/json", "HTMLEscape", 1, fn_html_escape}, {"encoding/json", "Validate", 2, fn_validate, true},
};

}  // namespace

const value *parse_json(evaluator &ev, std::string_view text, std::string *err, position pos) {
    json_reader r{text, &ev, pos, 0, {}, 0};
    const value *out = nullptr;
    if (!r.document(&out)) {
        *err = r.err;
        return nullptr;
    }
    return out;
}

std::span<const builtin> pkg_json() {
    return table;
}

}  // namespace forge::cue
