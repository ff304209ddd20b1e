#include <boost/json.hpp>

#include "cue/export.hpp"

namespace forge::cue {

vertex *export_target(vertex *v) {
    int guard = 0;
    while (v->is_disjunction && v->n_defaults == 1 && guard++ < 64) {
        for (size_t i = 0; i < v->ext().disjuncts.size(); ++i)
            if (v->ext().disjunct_default[i]) {
                v = v->ext().disjuncts[i];
                break;
            }
    }
    return v;
}

static bool exported(evaluator &ev, const vertex *a) {
    if (a->optional) return false;
    return is_regular(ev.labels().cls(a->label));
}

namespace {

struct collector {
    evaluator &ev;
    bool concrete;
    std::vector<std::string> hard, soft;
    size_t count = 0;

    void add(vertex *v, const value *e) {
        if (++count > 1000) return;
        std::string path = ev.path_of(v);
        std::string msg(e->s);
        std::string pos = ev.pos_str(e->pos);
        std::string line = path.empty() ? msg : path + ": " + msg;
        if (!pos.empty()) line += " (" + pos + ")";
        auto &dst = e->code == err_code::incomplete ? soft : hard;
        for (auto &d : dst)
            if (d == line) return;
        dst.push_back(line);
    }

    void walk(vertex *v, int depth) {
        if (depth > 10000) return;
        ev.finalize(v);
        v = export_target(v);
        if (v->err) {
            add(v, v->err);
            for (auto *e : v->ext().more_errs) add(v, e);
            if (v->err->code != err_code::incomplete) return;
        }
        if (v->is_disjunction) {
            if (concrete) add(v, ev.error(err_code::incomplete, {}, "incomplete value " + ev.vertex_str(v)));
            return;
        }
        if (v->is_struct || v->is_list) {
            if (v->is_struct && !v->has_regular_fields && v->scalar && v->scalar->is_atom()) return;
            for (vertex *a : v->arcs) {
                label_class c = ev.labels().cls(a->label);
                if (a->optional || c == label_class::let) continue;
                if (!is_regular(c)) {
                    // Definitions and hidden fields are checked for conflicts, never for concreteness.
                    collector sub{ev, false, {}, {}, 0};
                    sub.walk(a, depth + 1);
                    for (auto &h : sub.hard) hard.push_back(h);
                    continue;
                }
                walk(a, depth + 1);
            }
            return;
        }
        if (!concrete) return;
        const value *s = v->scalar;
        if (!s) {
            add(v, ev.error(err_code::incomplete, {}, "incomplete value _"));
            return;
        }
        if (!s->is_atom()) add(v, ev.error(err_code::incomplete, {}, "incomplete value " + ev.str(s)));
    }
};

const char hexdigits[] = "0123456789abcdef";

}  // namespace

std::vector<std::string> export_errors(evaluator &ev, vertex *v, bool concrete) {
    collector c{ev, concrete, {}, {}, 0};
    c.walk(v, 0);
    if (ev.over_limit()) return {std::string(ev.limit_error()->s)};
    return c.hard.empty() ? c.soft : c.hard;
}

namespace {

// Bytes that json_quote cannot copy as they are: control characters, quote, backslash, the HTML
// characters Go escapes, and every non-ASCII byte (validated as UTF-8).
struct escape_table {
    bool special[256] = {};
    constexpr escape_table() {
        for (int c = 0; c < 256; ++c)
            special[c] = c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&';
    }
};
constexpr escape_table escapes;

}  // namespace

void json_quote(std::string &out, std::string_view s) {
    out += '"';
    size_t i = 0;
    while (i < s.size()) {
        // Copy the run of characters that need no escaping in one append.
        size_t run = i;
        while (run < s.size() && !escapes.special[static_cast<unsigned char>(s[run])]) ++run;
        if (run > i) {
            out.append(s.data() + i, run - i);
            i = run;
            continue;
        }
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            switch (c) {
                case '"':
                    out += "\\\"";
                    break;
                case '\\':
                    out += "\\\\";
                    break;
                case '\n':
                    out += "\\n";
                    break;
                case '\r':
                    out += "\\r";
                    break;
                case '\t':
                    out += "\\t";
                    break;
                case '<':
                case '>':
                case '&':
                    out += "\\u00";
                    out += hexdigits[c >> 4];
                    out += hexdigits[c & 15];
                    break;
                default:
                    if (c < 0x20) {
                        out += "\\u00";
                        out += hexdigits[c >> 4];
                        out += hexdigits[c & 15];
                    } else {
                        out += static_cast<char>(c);
                    }
            }
            ++i;
            continue;
        }
        // Validate one UTF-8 sequence; invalid bytes become U+FFFD as in Go.
        size_t len = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
        bool ok = len > 0 && i + len <= s.size();
        uint32_t cp = 0;
        if (ok) {
            cp = c & (0x7f >> len);
            for (size_t k = 1; k < len; ++k) {
                unsigned char cc = static_cast<unsigned char>(s[i + k]);
                if ((cc & 0xc0) != 0x80) {
                    ok = false;
                    break;
                }
                cp = (cp << 6) | (cc & 0x3f);
            }
            if (ok && ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
                       cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)))
                ok = false;
        }
        if (!ok) {
            out += "\\ufffd";
            ++i;
            continue;
        }
        if (cp == 0x2028 || cp == 0x2029) {
            out += cp == 0x2028 ? "\\u2028" : "\\u2029";
        } else {
            out.append(s.substr(i, len));
        }
        i += len;
    }
    out += '"';
}

std::string base64_encode(std::string_view s) {
    static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 2 < s.size(); i += 3) {
        uint32_t n = (uint32_t(uint8_t(s[i])) << 16) | (uint32_t(uint8_t(s[i + 1])) << 8) | uint8_t(s[i + 2]);
        out += tbl[(n >> 18) & 63];
        out += tbl[(n >> 12) & 63];
        out += tbl[(n >> 6) & 63];
        out += tbl[n & 63];
    }
    if (i + 1 == s.size()) {
        uint32_t n = uint32_t(uint8_t(s[i])) << 16;
        out += tbl[(n >> 18) & 63];
        out += tbl[(n >> 12) & 63];
        out += "==";
    } else if (i + 2 == s.size()) {
        uint32_t n = (uint32_t(uint8_t(s[i])) << 16) | (uint32_t(uint8_t(s[i + 1])) << 8);
        out += tbl[(n >> 18) & 63];
        out += tbl[(n >> 12) & 63];
        out += tbl[(n >> 6) & 63];
        out += '=';
    }
    return out;
}

static void write_json(evaluator &ev, vertex *v, std::string &out, int indent) {
    v = export_target(v);
    auto nl = [&](int ind) {
        out += '\n';
        out.append(static_cast<size_t>(ind) * 4, ' ');
    };
    if (v->is_list) {
        if (v->arcs.empty()) {
            out += "[]";
            return;
        }
        out += '[';
        bool first = true;
        for (vertex *a : v->arcs) {
            if (!first) out += ',';
            first = false;
            nl(indent + 1);
            write_json(ev, a, out, indent + 1);
        }
        nl(indent);
        out += ']';
        return;
    }
    if (v->is_struct && !(!v->has_regular_fields && v->scalar && v->scalar->is_atom())) {
        bool any = false;
        std::vector<vertex *> order;
        for (vertex *a : ordered_arcs(v, order)) {
            if (!exported(ev, a)) continue;
            out += any ? "," : "{";
            any = true;
            nl(indent + 1);
            json_quote(out, ev.labels().name(a->label));
            out += ": ";
            write_json(ev, a, out, indent + 1);
        }
        if (!any) {
            out += "{}";
            return;
        }
        nl(indent);
        out += '}';
        return;
    }
    const value *s = v->scalar;
    if (!s) {
        out += "null";
        return;
    }
    switch (s->k) {
        case vk::null_:
            out += "null";
            break;
        case vk::bool_:
            out += s->b ? "true" : "false";
            break;
        case vk::num:
            s->num.append_to(out);
            break;
        case vk::str:
            json_quote(out, s->s);
            break;
        case vk::bytes:
            json_quote(out, base64_encode(s->s));
            break;
        default:
            out += "null";
            break;
    }
}

std::string export_json(evaluator &ev, vertex *v) {
    std::string out;
    write_json(ev, v, out, 0);
    out += '\n';
    return out;
}

boost::json::value to_json(evaluator &ev, vertex *v) {
    ev.finalize(v);
    v = export_target(v);
    if (v->is_list) {
        boost::json::array a;
        for (vertex *x : v->arcs) a.push_back(to_json(ev, x));
        return a;
    }
    if (v->is_struct && !(!v->has_regular_fields && v->scalar && v->scalar->is_atom())) {
        boost::json::object o;
        std::vector<vertex *> order;
        for (vertex *x : ordered_arcs(v, order))
            if (exported(ev, x)) o[ev.labels().name(x->label)] = to_json(ev, x);
        return o;
    }
    const value *s = v->scalar;
    if (!s) return nullptr;
    switch (s->k) {
        case vk::bool_:
            return s->b;
        case vk::num: {
            if (s->num.is_int()) {
                auto i = s->num.to_int64();
                if (i.ok()) return *i;
            }
            return s->num.to_double();
        }
        case vk::str:
            return boost::json::string(s->s);
        case vk::bytes:
            return boost::json::string(base64_encode(s->s));
        default:
            return nullptr;
    }
}

}  // namespace forge::cue
