// The scalar part of the value lattice: unification of atoms, types, bounds, validators,
// conjunctions and disjunctions, and checking a concrete value against a constraint.
#include <re2/re2.h>

#include <algorithm>

#include "cue/builtin.hpp"
#include "cue/evaluator.hpp"
#include "cue/regex.hpp"

namespace forge::cue {

namespace {

kind_mask bound_mask(const value *b) {
    if (b->op == ast::op::neq) return k_top;
    if (b->op == ast::op::mat || b->op == ast::op::nmat) return k_string | k_bytes;
    if (!b->arg) return k_top;
    switch (b->arg->k) {
        case vk::num:
            return k_number;
        case vk::str:
            return k_string;
        case vk::bytes:
            return k_bytes;
        default:
            return k_top;
    }
}

kind_mask constraint_mask(const value *v) {
    switch (v->k) {
        case vk::basic:
            return v->mask;
        case vk::bound:
            return bound_mask(v);
        case vk::validator:
            return v->mask ? v->mask : k_top;
        case vk::conj:
            return v->mask;
        default:
            return v->mask;
    }
}

}  // namespace

std::string kind_name(kind_mask m) {
    static const std::pair<kind_mask, const char *> names[] = {
        {k_null, "null"},     {k_bool, "bool"},   {k_int, "int"},   {k_float, "float"},
        {k_string, "string"}, {k_bytes, "bytes"}, {k_list, "list"}, {k_struct, "struct"}};
    if (m == k_top) return "_";
    if (m == k_number) return "number";
    std::vector<std::string> parts;
    kind_mask rest = m;
    if ((m & k_number) == k_number) {
        parts.push_back("number");
        rest &= ~k_number;
    }
    for (auto &[bit, name] : names)
        if (rest & bit) parts.push_back(name);
    if (parts.empty()) return "_|_";
    if (parts.size() == 1) return parts[0];
    std::string out = "(";
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i) out += "|";
        out += parts[i];
    }
    return out + ")";
}

static kind_mask atom_kind(const value *v) {
    switch (v->k) {
        case vk::null_:
            return k_null;
        case vk::bool_:
            return k_bool;
        case vk::num:
            return v->num.is_int() ? k_int : k_float;
        case vk::str:
            return k_string;
        case vk::bytes:
            return k_bytes;
        case vk::vertex:
            return v->mask;
        default:
            return v->mask;
    }
}

bool evaluator::equal_atoms(const value *a, const value *b) {
    if (a->k != b->k) return false;
    switch (a->k) {
        case vk::null_:
            return true;
        case vk::bool_:
            return a->b == b->b;
        case vk::num:
            return numerically_equal(a->num, b->num);
        case vk::str:
        case vk::bytes:
            return a->s == b->s;
        default:
            return false;
    }
}

static std::string mismatch(const value *, const value *, kind_mask ka, kind_mask kb) {
    return " (mismatched types " + kind_name(ka) + " and " + kind_name(kb) + ")";
}

const value *evaluator::check(const value *c, const value *atom) {
    switch (c->k) {
        case vk::top:
            return atom;
        case vk::bottom:
            return c;
        case vk::basic: {
            kind_mask k = atom_kind(atom);
            if (k & c->mask) return atom;
            return error(err_code::eval, atom->pos,
                         "conflicting values " + str(c) + " and " + str(atom) + mismatch(c, atom, c->mask, k));
        }
        case vk::bound: {
            const value *arg = c->arg;
            if (c->op == ast::op::neq) {
                if (atom->k == arg->k && equal_atoms(atom, arg))
                    return error(err_code::eval, atom->pos,
                                 "invalid value " + str(atom) + " (out of bound " + str(c) + ")");
                return atom;
            }
            if (c->op == ast::op::mat || c->op == ast::op::nmat) {
                if (atom->k != vk::str && atom->k != vk::bytes)
                    return error(err_code::eval, atom->pos,
                                 "conflicting values " + str(c) + " and " + str(atom) +
                                     mismatch(c, atom, k_string, atom_kind(atom)));
                bool m = c->re && regex_match(static_cast<const re2::RE2 *>(c->re), atom->s);
                if (m == (c->op == ast::op::mat)) return atom;
                return error(err_code::eval, atom->pos,
                             "invalid value " + str(atom) + " (out of bound " + str(c) + ")");
            }
            int cmp = 0;
            if (atom->k == vk::num && arg->k == vk::num) {
                cmp = compare(atom->num, arg->num);
            } else if ((atom->k == vk::str && arg->k == vk::str) || (atom->k == vk::bytes && arg->k == vk::bytes)) {
                cmp = atom->s < arg->s ? -1 : (atom->s == arg->s ? 0 : 1);
            } else {
                return error(err_code::eval, atom->pos,
                             "conflicting values " + str(c) + " and " + str(atom) +
                                 mismatch(c, atom, bound_mask(c), atom_kind(atom)));
            }
            bool ok = false;
            switch (c->op) {
                case ast::op::lss:
                    ok = cmp < 0;
                    break;
                case ast::op::leq:
                    ok = cmp <= 0;
                    break;
                case ast::op::gtr:
                    ok = cmp > 0;
                    break;
                case ast::op::geq:
                    ok = cmp >= 0;
                    break;
                default:
                    ok = false;
            }
            if (ok) return atom;
            return error(err_code::eval, atom->pos, "invalid value " + str(atom) + " (out of bound " + str(c) + ")");
        }
        case vk::validator: {
            std::vector<const value *> args;
            args.push_back(atom);
            for (auto *a : c->elems) args.push_back(a);
            const value *r = c->fn->fn(*this, args, c->pos);
            if (r->is_bottom()) {
                if (r->code == err_code::incomplete) return r;
                // Validators report their own specific message when they have one.
                return error(r->code, atom->pos, std::string(r->s));
            }
            if (r->k == vk::bool_ && !r->b)
                return error(err_code::eval, atom->pos,
                             "invalid value " + str(atom) + " (does not satisfy " + str(c) + ")");
            return atom;
        }
        case vk::conj: {
            kind_mask k = atom_kind(atom);
            if (!(k & c->mask))
                return error(err_code::eval, atom->pos,
                             "conflicting values " + str(c) + " and " + str(atom) + mismatch(c, atom, c->mask, k));
            for (auto *e : c->elems) {
                const value *r = check(e, atom);
                if (r->is_bottom()) return r;
            }
            return atom;
        }
        case vk::disj: {
            const value *first = nullptr;
            for (auto *e : c->elems) {
                const value *r = unify(e, atom);
                if (!r->is_bottom()) return atom;
                if (!first) first = r;
            }
            return first ? first : error(err_code::eval, atom->pos, "empty disjunction");
        }
        default:
            return unify(c, atom);
    }
}

const value *evaluator::unify(const value *a, const value *b) {
    if (a == b) return a;
    if (a->k == vk::top) return b;
    if (b->k == vk::top) return a;
    if (a->is_bottom()) return a;
    if (b->is_bottom()) return b;
    if (a->k == vk::disj || b->k == vk::disj) {
        if (a->k != vk::disj) std::swap(a, b);
        std::vector<const value *> out;
        std::vector<bool> defs;
        const value *first = nullptr;
        bool any_def = false;
        for (size_t i = 0; i < a->elems.size(); ++i) {
            const value *r = unify(a->elems[i], b);
            if (r->is_bottom()) {
                if (!first) first = r;
                continue;
            }
            bool d = i < a->defaults.size() && a->defaults[i];
            bool dup = false;
            for (size_t j = 0; j < out.size(); ++j)
                if (out[j]->is_atom() && r->is_atom() && equal_atoms(out[j], r)) {
                    defs[j] = defs[j] || d;
                    dup = true;
                }
            if (dup) continue;
            out.push_back(r);
            defs.push_back(d);
            any_def = any_def || d;
        }
        if (out.empty()) return first;
        if (out.size() == 1) return out[0];
        value *d = mem().make_untracked<value>();
        d->k = vk::disj;
        d->pos = a->pos;
        kind_mask m = 0;
        for (auto *o : out) m |= o->mask;
        d->mask = m;
        d->elems = mem().copy(out);
        bool *flags = static_cast<bool *>(mem().allocate(defs.size(), 1));
        for (size_t i = 0; i < defs.size(); ++i) flags[i] = any_def ? static_cast<bool>(defs[i]) : false;
        d->defaults = {flags, defs.size()};
        return d;
    }
    if (a->is_atom() && b->is_atom()) {
        kind_mask ka = atom_kind(a), kb = atom_kind(b);
        if (ka != kb)
            return error(err_code::eval, b->pos,
                         "conflicting values " + str(a) + " and " + str(b) + mismatch(a, b, ka, kb));
        if (a->k == vk::num) {
            if (numerically_equal(a->num, b->num)) return a;
        } else if (equal_atoms(a, b)) {
            return a;
        }
        return error(err_code::eval, b->pos, "conflicting values " + str(a) + " and " + str(b));
    }
    if (a->is_atom()) return check(b, a);
    if (b->is_atom()) return check(a, b);
    if (a->k == vk::vertex || b->k == vk::vertex) {
        const value *v = a->k == vk::vertex ? a : b;
        const value *o = a->k == vk::vertex ? b : a;
        kind_mask km = constraint_mask(o);
        if (km & v->mask) return v;
        return error(err_code::eval, v->pos,
                     "conflicting values " + str(o) + " and " + str(v) + mismatch(o, v, km, v->mask));
    }
    // Two non-concrete constraints: intersect kinds, keep the bounds and validators.
    kind_mask ma = constraint_mask(a), mb = constraint_mask(b);
    kind_mask m = ma & mb;
    if (m == 0)
        return error(err_code::eval, b->pos,
                     "conflicting values " + str(a) + " and " + str(b) + mismatch(a, b, ma, mb));
    if (a->k == vk::basic && b->k == vk::basic) return basic(m, b->pos);
    std::vector<const value *> elems;
    auto add = [&](const value *v) {
        if (v->k == vk::conj) {
            for (auto *e : v->elems) elems.push_back(e);
        } else if (v->k != vk::basic) {
            for (auto *e : elems)
                if (e->k == vk::bound && v->k == vk::bound && e->op == v->op && equal_atoms(e->arg, v->arg)) return;
            elems.push_back(v);
        }
    };
    add(a);
    add(b);
    // A conjunction of kinds narrower than what its bounds imply remembers the type (">=1 & int").
    value *c = mem().make_untracked<value>();
    c->k = vk::conj;
    c->mask = m;
    c->pos = b->pos;
    c->elems = mem().copy(elems);
    if (elems.size() == 1) {
        kind_mask implied = constraint_mask(elems[0]);
        if (implied == m) return elems[0];
    }
    // >=x & <=x is x.
    for (auto *lo : elems) {
        if (lo->k != vk::bound || lo->op != ast::op::geq || lo->arg->k != vk::num) continue;
        for (auto *hi : elems) {
            if (hi->k != vk::bound || hi->op != ast::op::leq || hi->arg->k != vk::num) continue;
            if (compare(lo->arg->num, hi->arg->num) != 0) continue;
            const value *x = lo->arg;
            if (!(atom_kind(x) & m)) continue;
            for (auto *e : elems) {
                const value *r = check(e, x);
                if (r->is_bottom()) return r;
            }
            return x;
        }
    }
    return c;
}

static void quote_go(std::string &out, std::string_view s, char q) {
    out += q;
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char ch = static_cast<unsigned char>(s[i]);
        switch (ch) {
            case '\n':
                out += "\\n";
                continue;
            case '\t':
                out += "\\t";
                continue;
            case '\r':
                out += "\\r";
                continue;
            case '\\':
                out += "\\\\";
                continue;
            default:
                break;
        }
        if (ch == static_cast<unsigned char>(q)) {
            out += '\\';
            out += q;
        } else if (ch < 0x20 || ch == 0x7f) {
            out += "\\x";
            out += hex[ch >> 4];
            out += hex[ch & 15];
        } else {
            out += static_cast<char>(ch);
        }
    }
    out += q;
}

std::string evaluator::str(const value *v) {
    if (!v) return "_";
    std::string out;
    switch (v->k) {
        case vk::bottom:
            return "_|_";
        case vk::top:
            return "_";
        case vk::null_:
            return "null";
        case vk::bool_:
            return v->b ? "true" : "false";
        case vk::num:
            return v->num.to_string();
        case vk::str:
            quote_go(out, v->s, '"');
            return out;
        case vk::bytes:
            quote_go(out, v->s, '\'');
            return out;
        case vk::basic:
            return kind_name(v->mask);
        case vk::bound:
            return std::string(ast::op_text(v->op)) + str(v->arg);
        case vk::validator: {
            out = builtin_name(v->fn);
            if (!v->elems.empty() || v->fn->params > 1) {
                out += "(";
                for (size_t i = 0; i < v->elems.size(); ++i) {
                    if (i) out += ", ";
                    out += str(v->elems[i]);
                }
                out += ")";
            }
            return out;
        }
        case vk::conj: {
            kind_mask implied = k_top;
            for (size_t i = 0; i < v->elems.size(); ++i) {
                if (i) out += " & ";
                out += str(v->elems[i]);
                implied &= constraint_mask(v->elems[i]);
            }
            if (implied != v->mask) {
                if (!out.empty()) out += " & ";
                out += kind_name(v->mask);
            }
            return out;
        }
        case vk::disj: {
            for (size_t i = 0; i < v->elems.size(); ++i) {
                if (i) out += " | ";
                if (i < v->defaults.size() && v->defaults[i]) out += "*";
                out += str(v->elems[i]);
            }
            return out;
        }
        case vk::vertex:
            return vertex_str(v->vx);
    }
    return "_";
}

std::string evaluator::vertex_str(vertex *v, int depth) {
    if (depth > 8) return "...";
    if (v->is_disjunction) {
        std::string out;
        for (size_t i = 0; i < v->ext().disjuncts.size(); ++i) {
            if (i) out += " | ";
            if (v->n_defaults && v->ext().disjunct_default[i]) out += "*";
            out += vertex_str(v->ext().disjuncts[i], depth + 1);
        }
        return out;
    }
    if (v->is_list) {
        std::string out = "[";
        bool first = true;
        for (vertex *a : v->arcs) {
            if (!first) out += ",";
            first = false;
            out += a->is_struct || a->is_list || a->is_disjunction ? vertex_str(a, depth + 1) : str(a->scalar);
        }
        if (v->list_open && !v->ext().ellipses.empty()) out += first ? "..." : ",...";
        return out + "]";
    }
    if (v->is_struct) {
        std::string out = "{";
        bool first = true;
        for (vertex *a : v->arcs) {
            label_class c = labels().cls(a->label);
            if (c == label_class::let || a->optional) continue;
            if (!first) out += ",";
            first = false;
            out += labels().str(a->label);
            out += ":";
            out += a->is_struct || a->is_list || a->is_disjunction ? vertex_str(a, depth + 1) : str(a->scalar);
        }
        return out + "}";
    }
    return str(v->scalar);
}

}  // namespace forge::cue
