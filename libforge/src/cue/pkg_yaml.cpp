// encoding/yaml: Marshal, MarshalStream, Unmarshal, Validate, ValidatePartial. YAML is read with
// yaml-cpp; plain scalars are typed as CUE v0.4's YAML decoder does (YAML 1.1 numbers such as 012
// octal and 1_000, but only true/false as booleans).
#include <yaml-cpp/yaml.h>

#include <regex>

#include "cue/export.hpp"
#include "cue/pkg_support.hpp"

namespace forge::cue {
namespace {

std::string strip_underscores(std::string_view s) {
    std::string o;
    for (char c : s)
        if (c != '_') o += c;
    return o;
}

// Types a plain scalar: returns the CUE value, or null for a string; *err for an invalid number.
const value *plain_scalar(evaluator &ev, const std::string &s, position pos, std::string *err) {
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return ev.null_value();
    if (s == "true" || s == "True" || s == "TRUE") return ev.bool_value(true);
    if (s == "false" || s == "False" || s == "FALSE") return ev.bool_value(false);
    static const std::regex int_re("[-+]?(0b[01_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)");
    static const std::regex float_re("[-+]?(\\.[0-9]+|[0-9][0-9_]*\\.[0-9_]*)([eE][-+][0-9]+)?");
    static const std::regex special_re("[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");
    bool is_int = std::regex_match(s, int_re), is_float = !is_int && std::regex_match(s, float_re);
    if (std::regex_match(s, special_re)) {
        *err = "illegal number start \"" + s + "\"";
        return nullptr;
    }
    if (!is_int && !is_float) return nullptr;
    bool neg = s[0] == '-';
    std::string body =
        strip_underscores(s[0] == '-' || s[0] == '+' ? std::string_view(s).substr(1) : std::string_view(s));
    if (s[0] == '+') {
        *err = "illegal number start \"" + s + "\"";
        return nullptr;
    }
    if (is_int) {
        int base = 10;
        std::string_view digits = body;
        if (body.size() > 1 && body[0] == '0') {
            if (body[1] == 'x')
                base = 16, digits = digits.substr(2);
            else if (body[1] == 'o')
                base = 8, digits = digits.substr(2);
            else if (body[1] == 'b')
                base = 2, digits = digits.substr(2);
            else
                base = 8, digits = digits.substr(1);
        }
        auto b = bigint::parse(digits, base);
        if (!b) {
            *err = "illegal integer number \"" + s + "\"";
            return nullptr;
        }
        bigint v = neg ? -*b : *b;
        return ev.make_num(number::from_int(v), pos);
    }
    if (body[0] == '.') body = "0" + body;
    if (body.back() == '.') body += "0";
    auto n = number::parse_literal(body);
    if (!n.ok()) {
        *err = n.err().message;
        return nullptr;
    }
    number v = std::move(n).value();
    if (neg) v = -v;
    return ev.make_num(std::move(v), pos);
}

// `marks`: take each node's position from its YAML mark (in file pos.file) instead of `pos`.
const value *from_yaml(evaluator &ev, const YAML::Node &n, position pos, std::string *err, int depth,
                       bool marks = false) {
    if (marks && n.Mark().line >= 0)
        pos = position{pos.file, static_cast<std::uint32_t>(n.Mark().line + 1),
                       static_cast<std::uint32_t>(n.Mark().column + 1), static_cast<std::uint32_t>(n.Mark().pos)};
    if (depth > 10000) {
        *err = "YAML nesting too deep";
        return nullptr;
    }
    switch (n.Type()) {
        case YAML::NodeType::Undefined:
        case YAML::NodeType::Null:
            return ev.null_value();
        case YAML::NodeType::Scalar: {
            const std::string &s = n.Scalar();
            const std::string &tag = n.Tag();
            if (tag == "!" || tag == "tag:yaml.org,2002:str") return ev.make_str(s, pos);
            if (tag == "?") {
                const value *v = plain_scalar(ev, s, pos, err);
                if (v) return v;
                if (!err->empty()) return nullptr;
                return ev.make_str(s, pos);
            }
            const value *v = plain_scalar(ev, s, pos, err);
            if (v) return v;
            if (!err->empty()) return nullptr;
            return ev.make_str(s, pos);
        }
        case YAML::NodeType::Sequence: {
            std::vector<const value *> elems;
            for (const auto &e : n) {
                const value *v = from_yaml(ev, e, pos, err, depth + 1, marks);
                if (!v) return nullptr;
                elems.push_back(v);
            }
            return ev.make_vertex(ev.make_list(elems));
        }
        case YAML::NodeType::Map: {
            std::vector<std::pair<std::string, const value *>> fields;
            for (const auto &kv : n) {
                if (!kv.first.IsScalar()) {
                    *err = "invalid map key: only scalar keys are supported";
                    return nullptr;
                }
                const value *v = from_yaml(ev, kv.second, pos, err, depth + 1, marks);
                if (!v) return nullptr;
                std::string key = kv.first.Scalar();
                if (key == "<<") {
                    *err = "merge keys are not supported";
                    return nullptr;
                }
                bool dup = false;
                for (auto &f : fields)
                    if (f.first == key) dup = true;
                if (dup) {
                    *err = "mapping key \"" + key + "\" already defined";
                    return nullptr;
                }
                fields.emplace_back(std::move(key), v);
            }
            return ev.make_vertex(ev.make_struct(fields));
        }
    }
    return ev.null_value();
}

const value *decode(evaluator &ev, const std::string &text, position pos, std::string_view fn) {
    std::vector<YAML::Node> docs;
    try {
        docs = YAML::LoadAll(text);
    } catch (const YAML::Exception &e) {
        return call_error(ev, pos, fn, "yaml: line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
    if (docs.empty()) return ev.null_value();
    if (docs.size() > 1) return call_error(ev, pos, fn, "expected a single YAML document");
    std::string err;
    const value *v = from_yaml(ev, docs[0], pos, &err, 0);
    if (!v) return call_error(ev, pos, fn, err);
    return v;
}

// ---------------------------------------------------------------- writing (as CUE v0.4's yaml.Marshal)

// Whether a plain scalar with this text would read back as something other than a string.
bool resolves_non_string(const std::string &s) {
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return true;
    if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE") return true;
    static const std::regex num_re(
        "[-+]?(0b[01_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)|"
        "[-+]?(\\.[0-9_]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?|"
        "[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)|"
        "[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?|"
        "[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?([Tt ].*)?");
    return std::regex_match(s, num_re);
}

bool plain_allowed(const std::string &s) {
    if (s.empty()) return false;
    unsigned char f = static_cast<unsigned char>(s[0]);
    if (std::string_view("#,[]{}&*!|>'\"%@`").find(static_cast<char>(f)) != std::string_view::npos) return false;
    if ((f == '-' || f == '?' || f == ':') && (s.size() == 1 || s[1] == ' ')) return false;
    if (s.front() == ' ' || s.back() == ' ' || s.back() == ':') return false;
    if (s.find(": ") != std::string::npos || s.find(" #") != std::string::npos) return false;
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7f) return false;
    return true;
}

void double_quoted(std::string &out, const std::string &s) {
    static const char hex[] = "0123456789ABCDEF";
    out += '"';
    for (unsigned char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\n':
                out += "\\n";
                break;
            case 0:
                out += "\\0";
                break;
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

void scalar_string(std::string &out, const std::string &s, int indent) {
    if (s.find('\n') != std::string::npos) {
        size_t trail = 0;
        while (trail < s.size() && s[s.size() - 1 - trail] == '\n') ++trail;
        out += trail == 0 ? "|-" : trail == 1 ? "|" : "|+";
        std::string body = trail ? s.substr(0, s.size() - 1) : s;
        size_t start = 0;
        while (true) {
            size_t nl = body.find('\n', start);
            std::string line = body.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
            out += '\n';
            if (!line.empty()) out.append(static_cast<size_t>(indent + 2), ' ');
            out += line;
            if (nl == std::string::npos) break;
            start = nl + 1;
        }
        return;
    }
    if (!resolves_non_string(s) && plain_allowed(s)) {
        out += s;
        return;
    }
    bool printable = true;
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7f) printable = false;
    if (!resolves_non_string(s) && printable) {
        out += '\'';
        for (char c : s) {
            if (c == '\'') out += '\'';
            out += c;
        }
        out += '\'';
        return;
    }
    double_quoted(out, s);
}

bool is_map(evaluator &, vertex *v) {
    return v->is_struct && !(!v->has_regular_fields && v->scalar && v->scalar->is_atom()) && !v->is_list;
}

std::vector<vertex *> fields_of(evaluator &ev, vertex *v) {
    std::vector<vertex *> out;
    for (vertex *a : v->arcs)
        if (!a->optional && is_regular(ev.labels().cls(a->label))) out.push_back(a);
    return out;
}

void write_node(evaluator &ev, vertex *v, std::string &out, int indent);

// Writes the value after "key:" or "- ": a scalar or flow-empty collection on the same line, else a
// block on the next lines (maps indented, sequences inside maps not indented).
void write_child(evaluator &ev, vertex *v, std::string &out, int indent, bool in_seq) {
    v = export_target(v);
    if (v->is_list && !v->arcs.empty()) {
        if (in_seq) {
            out += ' ';
            write_node(ev, v, out, indent + 2);
        } else {
            out += '\n';
            out.append(static_cast<size_t>(indent), ' ');
            write_node(ev, v, out, indent);
        }
        return;
    }
    if (is_map(ev, v) && !fields_of(ev, v).empty()) {
        if (in_seq) {
            out += ' ';
            write_node(ev, v, out, indent + 2);
        } else {
            out += '\n';
            out.append(static_cast<size_t>(indent + 2), ' ');
            write_node(ev, v, out, indent + 2);
        }
        return;
    }
    out += ' ';
    write_node(ev, v, out, indent);
}

// Writes v at the current position (the first line's indentation is already written).
void write_node(evaluator &ev, vertex *v, std::string &out, int indent) {
    v = export_target(v);
    if (v->is_list) {
        if (v->arcs.empty()) {
            out += "[]";
            return;
        }
        bool first = true;
        for (vertex *a : v->arcs) {
            if (!first) {
                out += '\n';
                out.append(static_cast<size_t>(indent), ' ');
            }
            first = false;
            out += '-';
            write_child(ev, a, out, indent, true);
        }
        return;
    }
    if (is_map(ev, v)) {
        auto fs = fields_of(ev, v);
        if (fs.empty()) {
            out += "{}";
            return;
        }
        bool first = true;
        for (vertex *a : fs) {
            if (!first) {
                out += '\n';
                out.append(static_cast<size_t>(indent), ' ');
            }
            first = false;
            scalar_string(out, std::string(ev.labels().name(a->label)), indent);
            out += ':';
            write_child(ev, a, out, indent, false);
        }
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
            out += s->num.to_yaml_string();
            break;
        case vk::str:
            scalar_string(out, std::string(s->s), indent);
            break;
        case vk::bytes:
            out += "!!binary " + base64_encode(s->s);
            break;
        default:
            out += "null";
    }
}

std::string marshal(evaluator &ev, vertex *v) {
    std::string out;
    write_node(ev, v, out, 0);
    out += '\n';
    return out;
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
    for (size_t i = 0; i < elems.size(); ++i) {
        vertex *v = nullptr;
        if (auto *e = arg_data(ev, elems[i], &v, pos)) return e;
        if (i) out += "---\n";
        out += marshal(ev, v);
    }
    return ev.make_str(out, pos);
}

const value *fn_unmarshal(evaluator &ev, std::span<const value *const> a, position pos) {
    std::string s;
    if (auto *e = arg_bytes(ev, a[0], &s, pos)) return e;
    return decode(ev, s, pos, "encoding/yaml.Unmarshal");
}

const value *validate(evaluator &ev, std::span<const value *const> a, position pos, bool concrete,
                      std::string_view fn) {
    std::string s;
    if (auto *e = arg_bytes(ev, a[0], &s, pos)) return e;
    const value *v = decode(ev, s, pos, fn);
    if (v->is_bottom()) return v;
    const value *u = ev.unify_all({v, a[1]}, pos);
    if (u->is_bottom()) return u;
    vertex *x = ev.vertex_of(u);
    ev.finalize(x);
    auto errs = export_errors(ev, x, concrete);
    if (!errs.empty()) return ev.error(err_code::eval, pos, errs.front());
    return ev.bool_value(true);
}

const value *fn_validate(evaluator &ev, std::span<const value *const> a, position pos) {
    return validate(ev, a, pos, true, "encoding/yaml.Validate");
}
const value *fn_validate_partial(evaluator &ev, std::span<const value *const> a, position pos) {
    return validate(ev, a, pos, false, "encoding/yaml.ValidatePartial");
}

const builtin table[] = {
    {"encoding/yaml", "Marshal", 1, fn_marshal},
    {"encoding/yaml", "MarshalStream", 1, fn_marshal_stream},
    {"encoding/yaml", "Unmarshal", 1, fn_unmarshal},
    {"encoding/yaml", "Validate", 2, fn_validate, true},
    {"encoding/yaml", "ValidatePartial", 2, fn_validate_partial, true},
};

}  // namespace

std::span<const builtin> pkg_yaml() {
    return table;
}

bool decode_yaml_documents(evaluator &ev, const std::string &text, file_id file, std::vector<const value *> *docs,
                           std::string *err) {
    std::vector<YAML::Node> nodes;
    try {
        nodes = YAML::LoadAll(text);
    } catch (const YAML::Exception &e) {
        *err = "yaml: line " + std::to_string(e.mark.line + 1) + ": " + e.msg;
        return false;
    }
    for (const auto &n : nodes) {
        const value *v = from_yaml(ev, n, position{file, 1, 1, 0}, err, 0, true);
        if (!v) return false;
        docs->push_back(v);
    }
    return true;
}

}  // namespace forge::cue
