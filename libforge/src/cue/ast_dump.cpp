#include "cue/ast_dump.hpp"

namespace forge::cue::ast {

namespace {

void quote(std::string &out, std::string_view s) {
    out += '"';
    for (char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    static const char hex[] = "0123456789abcdef";
                    out += "\\x";
                    out += hex[(c >> 4) & 0xF];
                    out += hex[c & 0xF];
                } else {
                    out += c;
                }
        }
    }
    out += '"';
}

void emit(std::string &out, const node *n);

template <class Span>
void emit_all(std::string &out, const Span &items) {
    for (const auto *x : items) {
        out += ' ';
        emit(out, x);
    }
}

void emit_label(std::string &out, const field *f) {
    if (f->alias) {
        out += f->alias->name;
        out += '=';
    }
    switch (f->lkind) {
        case label_kind::ident:
        case label_kind::string:
        case label_kind::interpolation: emit(out, f->label); break;
        case label_kind::dynamic:
            out += '(';
            emit(out, f->label);
            out += ')';
            break;
        case label_kind::pattern:
            out += '[';
            emit(out, f->label);
            out += ']';
            break;
    }
    if (f->optional) out += '?';
}

void emit(std::string &out, const node *n) {
    if (!n) {
        out += "<nil>";
        return;
    }
    switch (n->kind) {
        case node_kind::bad_expr: out += "<bad>"; return;
        case node_kind::bad_decl: out += "<bad-decl>"; return;
        case node_kind::ident: out += static_cast<const ident *>(n)->name; return;
        case node_kind::top_lit: out += "_"; return;
        case node_kind::bottom_lit: out += "_|_"; return;
        case node_kind::null_lit: out += "null"; return;
        case node_kind::bool_lit: out += static_cast<const bool_lit *>(n)->value ? "true" : "false"; return;
        case node_kind::number_lit: {
            auto *x = static_cast<const number_lit *>(n);
            if (x->is_float) out += "float:";
            else if (x->base != 10) out += "int" + std::to_string(x->base) + ":";
            out += x->digits;
            return;
        }
        case node_kind::string_lit: {
            auto *x = static_cast<const string_lit *>(n);
            if (x->is_bytes) out += 'b';
            quote(out, x->value);
            return;
        }
        case node_kind::interpolation: {
            auto *x = static_cast<const interpolation *>(n);
            out += x->is_bytes ? "(binterp " : "(interp ";
            for (std::size_t i = 0; i < x->parts.size(); ++i) {
                if (i) {
                    out += ' ';
                    emit(out, i - 1 < x->exprs.size() ? x->exprs[i - 1] : nullptr);
                    out += ' ';
                }
                quote(out, x->parts[i]);
            }
            out += ')';
            return;
        }
        case node_kind::list_lit:
            out += "(list";
            emit_all(out, static_cast<const list_lit *>(n)->elems);
            out += ')';
            return;
        case node_kind::struct_lit: {
            auto *x = static_cast<const struct_lit *>(n);
            out += x->implicit ? "(struct-implicit" : "(struct";
            emit_all(out, x->decls);
            out += ')';
            return;
        }
        case node_kind::paren_expr:
            out += "(paren ";
            emit(out, static_cast<const paren_expr *>(n)->x);
            out += ')';
            return;
        case node_kind::selector_expr: {
            auto *x = static_cast<const selector_expr *>(n);
            out += "(. ";
            emit(out, x->x);
            out += ' ';
            emit(out, x->sel);
            out += ')';
            return;
        }
        case node_kind::index_expr: {
            auto *x = static_cast<const index_expr *>(n);
            out += "(index ";
            emit(out, x->x);
            out += ' ';
            emit(out, x->index);
            out += ')';
            return;
        }
        case node_kind::slice_expr: {
            auto *x = static_cast<const slice_expr *>(n);
            out += "(slice ";
            emit(out, x->x);
            out += ' ';
            emit(out, x->lo);
            out += ' ';
            emit(out, x->hi);
            out += ')';
            return;
        }
        case node_kind::call_expr: {
            auto *x = static_cast<const call_expr *>(n);
            out += "(call ";
            emit(out, x->fun);
            emit_all(out, x->args);
            out += ')';
            return;
        }
        case node_kind::unary_expr: {
            auto *x = static_cast<const unary_expr *>(n);
            out += '(';
            out += op_text(x->oper);
            out += ' ';
            emit(out, x->x);
            out += ')';
            return;
        }
        case node_kind::binary_expr: {
            auto *x = static_cast<const binary_expr *>(n);
            out += '(';
            out += op_text(x->oper);
            out += ' ';
            emit(out, x->x);
            out += ' ';
            emit(out, x->y);
            out += ')';
            return;
        }
        case node_kind::alias_expr: {
            auto *x = static_cast<const alias_expr *>(n);
            out += "(= ";
            emit(out, x->name);
            out += ' ';
            emit(out, x->x);
            out += ')';
            return;
        }
        case node_kind::artifact_ref:
            out += "(artifact ";
            quote(out, static_cast<const artifact_ref *>(n)->name);
            out += ')';
            return;
        case node_kind::field: {
            auto *x = static_cast<const field *>(n);
            out += "(field ";
            emit_label(out, x);
            out += ' ';
            emit(out, x->value);
            emit_all(out, x->attrs);
            out += ')';
            return;
        }
        case node_kind::let_decl: {
            auto *x = static_cast<const let_decl *>(n);
            out += "(let ";
            emit(out, x->name);
            out += ' ';
            emit(out, x->value);
            out += ')';
            return;
        }
        case node_kind::embed_decl:
            out += "(embed ";
            emit(out, static_cast<const embed_decl *>(n)->x);
            out += ')';
            return;
        case node_kind::ellipsis: {
            auto *x = static_cast<const ellipsis *>(n);
            out += "...";
            if (x->type) emit(out, x->type);
            return;
        }
        case node_kind::comprehension: {
            auto *x = static_cast<const comprehension *>(n);
            out += "(comprehension";
            emit_all(out, x->clauses);
            out += ' ';
            emit(out, x->body);
            out += ')';
            return;
        }
        case node_kind::attribute: {
            auto *x = static_cast<const attribute *>(n);
            out += '@';
            out += x->name;
            out += '(';
            out += x->body;
            out += ')';
            return;
        }
        case node_kind::for_clause: {
            auto *x = static_cast<const for_clause *>(n);
            out += "(for ";
            if (x->key) {
                emit(out, x->key);
                out += ' ';
            }
            emit(out, x->value);
            out += ' ';
            emit(out, x->source);
            out += ')';
            return;
        }
        case node_kind::if_clause:
            out += "(if ";
            emit(out, static_cast<const if_clause *>(n)->cond);
            out += ')';
            return;
        case node_kind::let_clause: {
            auto *x = static_cast<const let_clause *>(n);
            out += "(let ";
            emit(out, x->name);
            out += ' ';
            emit(out, x->value);
            out += ')';
            return;
        }
        case node_kind::import_spec: {
            auto *x = static_cast<const import_spec *>(n);
            out += "(import ";
            if (x->alias) {
                emit(out, x->alias);
                out += ' ';
            }
            quote(out, x->path);
            out += ')';
            return;
        }
        case node_kind::file: {
            auto *x = static_cast<const file *>(n);
            out += "(file";
            emit_all(out, x->attrs);
            if (x->package_name) {
                out += " (package ";
                emit(out, x->package_name);
                out += ')';
            }
            emit_all(out, x->imports);
            emit_all(out, x->decls);
            out += ')';
            return;
        }
    }
    out += "<?>";
}

}  // namespace

std::string dump(const node *n) {
    std::string out;
    emit(out, n);
    return out;
}

}  // namespace forge::cue::ast
