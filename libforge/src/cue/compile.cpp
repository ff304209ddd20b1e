#include "cue/compile.hpp"

#include <unordered_map>

#include "cue/builtin.hpp"

namespace forge::cue {

namespace {

struct scope_entry {
    label_t label;
    bool label_alias = false;  // [X=...]: the matched label
    // X=(expr): v — an alias of a dynamic field: the field of the enclosing struct named by expr
    const ast::node *dynamic_label = nullptr;
};

struct scope {
    std::unordered_map<std::string_view, scope_entry> names;
};

class compiler {
  public:
    compiler(evaluator &ev, const import_resolver &ri) : ev_(ev), resolve_import_(ri) {}

    std::vector<scope> scopes;
    std::unordered_map<std::string_view, std::string_view> imports;  // alias -> path (current file)

    const expr *compile(const ast::node *n);
    const x_struct *compile_struct(const ast::struct_lit *s, const ast::file *file);
    int dynamic_alias_depth_ = 0;
    std::string_view self_alias;  // value alias of the struct literal compiled next (`a: X={...}`)
    void collect(scope &sc, std::span<ast::node *const> decls);

  private:
    template <class T>
    T *mk(xk k, position pos) {
        T *t = ev_.mem().make<T>();
        t->kind = k;
        t->pos = pos;
        return t;
    }
    const expr *bad(position pos, std::string msg) {
        auto *b = mk<x_bad>(xk::bad, pos);
        b->message = ev_.mem().copy(msg);
        return b;
    }
    const expr *literal(const value *v, position pos) {
        auto *l = mk<x_literal>(xk::literal, pos);
        l->v = v;
        return l;
    }
    const expr *ident(const ast::ident *id);
    const expr *selector(const ast::selector_expr *s);
    void flatten(const ast::node *n, ast::op op, std::vector<const ast::node *> &out);
    const x_comprehension *comprehension(const ast::comprehension *c);
    label_t label_of(const ast::node *n, bool *ok);

    evaluator &ev_;
    const import_resolver &resolve_import_;
};

label_t compiler::label_of(const ast::node *n, bool *ok) {
    *ok = true;
    if (auto *id = ast::as<ast::ident>(n)) return ev_.labels().intern(id->name);
    if (auto *s = ast::as<ast::string_lit>(n)) return ev_.labels().intern(s->value);
    *ok = false;
    return no_label;
}

void compiler::collect(scope &sc, std::span<ast::node *const> decls) {
    for (const ast::node *d : decls) {
        if (auto *f = ast::as<ast::field>(d)) {
            label_t l = no_label;
            if (f->lkind == ast::label_kind::ident) {
                auto *id = ast::as<ast::ident>(f->label);
                l = ev_.labels().intern(id->name);
                sc.names[id->name] = {l};
            } else if (f->lkind == ast::label_kind::string) {
                l = ev_.labels().intern(ast::as<ast::string_lit>(f->label)->value);
            }
            if (f->alias && l != no_label) sc.names[f->alias->name] = {l};
            if (f->alias && l == no_label &&
                (f->lkind == ast::label_kind::dynamic || f->lkind == ast::label_kind::interpolation)) {
                const ast::node *le = f->label;
                if (auto *al = ast::as<ast::alias_expr>(le)) le = al->x;
                sc.names[f->alias->name] = {no_label, false, le};
            }
            if (auto *al = ast::as<ast::alias_expr>(f->value); al && l != no_label && !ast::is<ast::struct_lit>(al->x))
                sc.names[al->name->name] = {l};
        } else if (auto *ld = ast::as<ast::let_decl>(d)) {
            // The let label is created when compiling the declaration; reserve the name now.
            sc.names[ld->name->name] = {ev_.labels().make_let(ld->name->name)};
        }
    }
}

const expr *compiler::ident(const ast::ident *id) {
    std::string_view name = id->name;
    uint32_t up = 0;
    for (auto it = scopes.rbegin(); it != scopes.rend(); ++it, ++up) {
        auto f = it->names.find(name);
        if (f == it->names.end()) continue;
        if (f->second.label_alias) {
            auto *r = mk<x_label_ref>(xk::label_ref, id->pos);
            r->up = up;
            return r;
        }
        if (f->second.dynamic_label) {
            // The struct that declares the field, indexed by the label expression (compiled here,
            // at the reference, so that its own references resolve from this scope).
            if (dynamic_alias_depth_ > 8) return bad(id->pos, "alias \"" + std::string(name) + "\" refers to itself");
            auto *self = mk<x_ref>(xk::ref, id->pos);
            self->up = up;
            self->label = no_label;
            self->name = name;
            auto *x = mk<x_index>(xk::index, id->pos);
            x->x = self;
            ++dynamic_alias_depth_;
            x->index = compile(f->second.dynamic_label);
            --dynamic_alias_depth_;
            return x;
        }
        auto *r = mk<x_ref>(xk::ref, id->pos);
        r->up = up;
        r->label = f->second.label;
        r->name = name;
        return r;
    }
    if (auto it = imports.find(name); it != imports.end()) {
        auto *imp = mk<x_import>(xk::import_ref, id->pos);
        imp->path = it->second;
        if (!is_std_package(it->second)) {
            std::string err;
            imp->pkg = resolve_import_(it->second, &err);
            if (!imp->pkg)
                return bad(id->pos, err.empty() ? "package \"" + std::string(it->second) + "\" not found" : err);
        }
        return imp;
    }
    if (name == "int") return literal(ev_.basic(k_int, id->pos), id->pos);
    if (name == "float") return literal(ev_.basic(k_float, id->pos), id->pos);
    if (name == "number") return literal(ev_.basic(k_number, id->pos), id->pos);
    if (name == "string") return literal(ev_.basic(k_string, id->pos), id->pos);
    if (name == "bytes") return literal(ev_.basic(k_bytes, id->pos), id->pos);
    if (name == "bool") return literal(ev_.basic(k_bool, id->pos), id->pos);
    if (name == "null") return literal(ev_.null_value(), id->pos);
    if (name == "true") return literal(ev_.bool_value(true), id->pos);
    if (name == "false") return literal(ev_.bool_value(false), id->pos);
    if (const builtin *b = find_builtin("", name)) {
        auto *x = mk<x_builtin>(xk::builtin_ref, id->pos);
        x->fn = b;
        return x;
    }
    return bad(id->pos, "reference \"" + std::string(name) + "\" not found");
}

const expr *compiler::selector(const ast::selector_expr *s) {
    bool ok = false;
    label_t l = label_of(s->sel, &ok);
    if (!ok) return bad(s->pos, "invalid selector");
    // A stdlib package selector names a builtin.
    if (auto *id = ast::as<ast::ident>(s->x)) {
        bool shadowed = false;
        for (auto &sc : scopes)
            if (sc.names.count(id->name)) shadowed = true;
        auto it = imports.find(id->name);
        if (!shadowed && it != imports.end() && is_std_package(it->second)) {
            std::string_view fname = ev_.labels().name(l);
            const builtin *b = find_builtin(it->second, fname);
            if (!b) return bad(s->sel->pos, "undefined: " + std::string(id->name) + "." + std::string(fname));
            auto *x = mk<x_builtin>(xk::builtin_ref, s->pos);
            x->fn = b;
            return x;
        }
    }
    auto *x = mk<x_selector>(xk::selector, s->pos);
    x->x = compile(s->x);
    x->label = l;
    x->sel_pos = s->sel->pos;
    return x;
}

void compiler::flatten(const ast::node *n, ast::op op, std::vector<const ast::node *> &out) {
    if (auto *b = ast::as<ast::binary_expr>(n); b && b->oper == op) {
        flatten(b->x, op, out);
        flatten(b->y, op, out);
        return;
    }
    out.push_back(n);
}

const x_comprehension *compiler::comprehension(const ast::comprehension *c) {
    auto *x = mk<x_comprehension>(xk::comprehension, c->pos);
    std::vector<clause> clauses;
    size_t pushed = 0;
    for (const ast::node *cl : c->clauses) {
        clause k{};
        k.pos = cl->pos;
        k.key = no_label;
        k.value = no_label;
        if (auto *f = ast::as<ast::for_clause>(cl)) {
            k.kind = ck::for_;
            k.x = compile(f->source);
            scope sc;
            if (f->key) {
                k.key = ev_.labels().make_let(f->key->name);
                sc.names[f->key->name] = {k.key};
            }
            k.value = ev_.labels().make_let(f->value->name);
            sc.names[f->value->name] = {k.value};
            scopes.push_back(std::move(sc));
            ++pushed;
        } else if (auto *i = ast::as<ast::if_clause>(cl)) {
            k.kind = ck::if_;
            k.x = compile(i->cond);
        } else if (auto *l = ast::as<ast::let_clause>(cl)) {
            k.kind = ck::let_;
            k.x = compile(l->value);
            k.key = ev_.labels().make_let(l->name->name);
            scope sc;
            sc.names[l->name->name] = {k.key};
            scopes.push_back(std::move(sc));
            ++pushed;
        } else {
            continue;
        }
        clauses.push_back(k);
    }
    x->body = compile_struct(c->body, nullptr);
    for (size_t i = 0; i < pushed; ++i) scopes.pop_back();
    x->clauses = ev_.mem().copy(clauses);
    return x;
}

const x_struct *compiler::compile_struct(const ast::struct_lit *s, const ast::file *file) {
    auto *x = mk<x_struct>(xk::struct_lit, s ? s->pos : file->pos);
    std::span<ast::node *const> decls = s ? s->decls : file->decls;
    if (!file) {
        scope sc;
        if (!self_alias.empty()) {
            sc.names[self_alias] = {no_label};
            self_alias = {};
        }
        collect(sc, decls);
        scopes.push_back(std::move(sc));
    }
    std::vector<decl> out;
    bool has_fields = false;
    for (const ast::node *d : decls) {
        decl dd{};
        dd.pos = d->pos;
        if (auto *f = ast::as<ast::field>(d)) {
            dd.optional = f->optional;
            dd.attrs = f->attrs;
            const ast::node *val = f->value;
            if (auto *al = ast::as<ast::alias_expr>(val)) {
                val = al->x;
                if (ast::is<ast::struct_lit>(val)) self_alias = al->name->name;
            }
            switch (f->lkind) {
                case ast::label_kind::ident:
                case ast::label_kind::string: {
                    bool ok = false;
                    dd.kind = dk::field;
                    dd.label = label_of(f->label, &ok);
                    dd.value = compile(val);
                    break;
                }
                case ast::label_kind::interpolation:
                case ast::label_kind::dynamic: {
                    dd.kind = dk::dynamic_field;
                    const ast::node *le = f->label;
                    if (auto *al = ast::as<ast::alias_expr>(le)) le = al->x;
                    dd.label_expr = compile(le);
                    dd.value = compile(val);
                    break;
                }
                case ast::label_kind::pattern: {
                    dd.kind = dk::pattern;
                    const ast::node *le = f->label;
                    scope ps;
                    if (auto *al = ast::as<ast::alias_expr>(le)) {
                        le = al->x;
                        ps.names[al->name->name] = {no_label, true};
                    }
                    dd.label_expr = compile(le);
                    scopes.push_back(std::move(ps));
                    dd.value = compile(val);
                    scopes.pop_back();
                    break;
                }
            }
            has_fields = true;
        } else if (auto *ld = ast::as<ast::let_decl>(d)) {
            dd.kind = dk::let;
            auto it = scopes.back().names.find(ld->name->name);
            dd.label = it != scopes.back().names.end() ? it->second.label : ev_.labels().make_let(ld->name->name);
            dd.value = compile(ld->value);
        } else if (auto *e = ast::as<ast::embed_decl>(d)) {
            dd.kind = dk::embed;
            dd.value = compile(e->x);
            x->has_embed = true;
        } else if (auto *el = ast::as<ast::ellipsis>(d)) {
            dd.kind = dk::ellipsis;
            dd.value = el->type ? compile(el->type) : nullptr;
            has_fields = true;
        } else if (auto *c = ast::as<ast::comprehension>(d)) {
            dd.kind = dk::comprehension;
            dd.comp = comprehension(c);
            x->has_embed = true;
        } else {
            continue;  // attributes, bad declarations (reported by the parser)
        }
        out.push_back(dd);
    }
    if (!file) scopes.pop_back();
    x->decls = ev_.mem().copy(out);
    bool only_embeds = !has_fields && x->has_embed;
    for (auto &d : out)
        if (d.kind == dk::comprehension) only_embeds = false;
    x->only_embeds = only_embeds;
    x->is_file = file != nullptr;
    return x;
}

const expr *compiler::compile(const ast::node *n) {
    if (!n) return literal(ev_.top(), {});
    using K = ast::node_kind;
    switch (n->kind) {
        case K::bad_expr:
            return bad(n->pos, "invalid expression");
        case K::ident:
            return ident(static_cast<const ast::ident *>(n));
        case K::top_lit:
            return literal(ev_.top(), n->pos);
        case K::bottom_lit:
            return literal(ev_.error(err_code::user, n->pos, "explicit error (_|_ literal) in source"), n->pos);
        case K::null_lit:
            return literal(ev_.null_value(), n->pos);
        case K::bool_lit:
            return literal(ev_.bool_value(static_cast<const ast::bool_lit *>(n)->value), n->pos);
        case K::number_lit: {
            auto *l = static_cast<const ast::number_lit *>(n);
            auto r = number::parse_literal(l->raw);
            if (!r.ok()) return bad(n->pos, r.err().message);
            return literal(ev_.make_num(std::move(r).value(), n->pos), n->pos);
        }
        case K::string_lit: {
            auto *s = static_cast<const ast::string_lit *>(n);
            return literal(s->is_bytes ? ev_.make_bytes(s->value, n->pos) : ev_.make_str(s->value, n->pos), n->pos);
        }
        case K::interpolation: {
            auto *s = static_cast<const ast::interpolation *>(n);
            auto *x = mk<x_interp>(xk::interp, n->pos);
            x->is_bytes = s->is_bytes;
            std::vector<std::string_view> parts;
            for (auto p : s->parts) parts.push_back(ev_.mem().copy(p));
            std::vector<const expr *> exprs;
            for (auto *e : s->exprs) exprs.push_back(compile(e));
            x->parts = ev_.mem().copy(parts);
            x->exprs = ev_.mem().copy(exprs);
            return x;
        }
        case K::list_lit: {
            auto *l = static_cast<const ast::list_lit *>(n);
            auto *x = mk<x_list>(xk::list_lit, n->pos);
            std::vector<const expr *> elems;
            for (auto *e : l->elems) {
                if (auto *el = ast::as<ast::ellipsis>(e)) {
                    x->open = true;
                    x->ellipsis = el->type ? compile(el->type) : literal(ev_.top(), e->pos);
                } else if (auto *c = ast::as<ast::comprehension>(e)) {
                    elems.push_back(comprehension(c));
                    x->has_comprehension = true;
                } else {
                    elems.push_back(compile(e));
                }
            }
            x->elems = ev_.mem().copy(elems);
            return x;
        }
        case K::struct_lit:
            return compile_struct(static_cast<const ast::struct_lit *>(n), nullptr);
        case K::paren_expr:
            return compile(static_cast<const ast::paren_expr *>(n)->x);
        case K::selector_expr:
            return selector(static_cast<const ast::selector_expr *>(n));
        case K::index_expr: {
            auto *i = static_cast<const ast::index_expr *>(n);
            auto *x = mk<x_index>(xk::index, n->pos);
            x->x = compile(i->x);
            x->index = compile(i->index);
            return x;
        }
        case K::slice_expr: {
            auto *s = static_cast<const ast::slice_expr *>(n);
            auto *x = mk<x_slice>(xk::slice, n->pos);
            x->x = compile(s->x);
            x->lo = s->lo ? compile(s->lo) : nullptr;
            x->hi = s->hi ? compile(s->hi) : nullptr;
            return x;
        }
        case K::call_expr: {
            auto *c = static_cast<const ast::call_expr *>(n);
            auto *x = mk<x_call>(xk::call, n->pos);
            x->fn = compile(c->fun);
            std::vector<const expr *> args;
            for (auto *a : c->args) args.push_back(compile(a));
            x->args = ev_.mem().copy(args);
            return x;
        }
        case K::unary_expr: {
            auto *u = static_cast<const ast::unary_expr *>(n);
            if (u->oper == ast::op::mul) return compile(u->x);  // a default mark outside a disjunction
            auto *x = mk<x_unary>(xk::unary, n->pos);
            x->op = u->oper;
            x->x = compile(u->x);
            // Constant-fold negative number literals.
            if (u->oper == ast::op::sub && x->x->kind == xk::literal) {
                const value *v = static_cast<const x_literal *>(x->x)->v;
                if (v->k == vk::num) return literal(ev_.make_num(-v->num, n->pos), n->pos);
            }
            return x;
        }
        case K::binary_expr: {
            auto *b = static_cast<const ast::binary_expr *>(n);
            if (b->oper == ast::op::and_ || b->oper == ast::op::or_) {
                std::vector<const ast::node *> terms;
                flatten(b, b->oper, terms);
                auto *x = mk<x_nary>(b->oper == ast::op::and_ ? xk::conj : xk::disj, n->pos);
                std::vector<const expr *> elems;
                std::vector<bool> defs;
                for (const ast::node *t : terms) {
                    bool def = false;
                    if (auto *u = ast::as<ast::unary_expr>(t);
                        u && u->oper == ast::op::mul && b->oper == ast::op::or_) {
                        def = true;
                        t = u->x;
                    }
                    elems.push_back(compile(t));
                    defs.push_back(def);
                    x->has_defaults = x->has_defaults || def;
                }
                x->elems = ev_.mem().copy(elems);
                bool *flags = static_cast<bool *>(ev_.mem().allocate(defs.size(), 1));
                for (size_t i = 0; i < defs.size(); ++i) flags[i] = defs[i];
                x->defaults = {flags, defs.size()};
                return x;
            }
            auto *x = mk<x_binary>(xk::binary, b->op_pos.valid() ? b->op_pos : n->pos);
            x->op = b->oper;
            x->x = compile(b->x);
            x->y = compile(b->y);
            return x;
        }
        case K::alias_expr:
            return compile(static_cast<const ast::alias_expr *>(n)->x);
        case K::artifact_ref: {
            auto *a = static_cast<const ast::artifact_ref *>(n);
            auto *x = mk<x_artifact>(xk::artifact, n->pos);
            x->name = ev_.mem().copy(a->name);
            return x;
        }
        default:
            return bad(n->pos, std::string("unexpected ") + ast::kind_name(n->kind));
    }
}

}  // namespace

std::vector<const x_struct *> compile_package(evaluator &ev, const std::vector<const ast::file *> &files,
                                              const import_resolver &resolve_import) {
    compiler c(ev, resolve_import);
    // Files of a package share one top-level scope; files without a package clause each have
    // their own (their values are still unified).
    bool shared = false;
    for (auto *f : files)
        if (f->package_name) shared = true;
    scope root;
    if (shared)
        for (auto *f : files) c.collect(root, f->decls);
    c.scopes.push_back(std::move(root));
    std::vector<const x_struct *> out;
    for (auto *f : files) {
        if (!shared) {
            c.scopes.clear();
            scope own;
            c.collect(own, f->decls);
            c.scopes.push_back(std::move(own));
        }
        c.imports.clear();
        for (auto *imp : f->imports) {
            std::string_view alias;
            if (imp->alias) {
                alias = imp->alias->name;
            } else {
                std::string_view p = imp->path;
                if (auto colon = p.rfind(':'); colon != std::string_view::npos) {
                    alias = p.substr(colon + 1);
                } else {
                    auto slash = p.rfind('/');
                    alias = slash == std::string_view::npos ? p : p.substr(slash + 1);
                }
            }
            c.imports[alias] = imp->path;
        }
        out.push_back(c.compile_struct(nullptr, f));
    }
    return out;
}

const expr *compile_expression(evaluator &ev, const ast::node *x, const std::vector<const ast::file *> &root_files,
                               const import_resolver &resolve_import) {
    compiler c(ev, resolve_import);
    scope root;
    for (auto *f : root_files) c.collect(root, f->decls);
    c.scopes.push_back(std::move(root));
    for (auto *f : root_files)
        for (auto *imp : f->imports) {
            std::string_view p = imp->path;
            auto slash = p.rfind('/');
            c.imports[imp->alias ? imp->alias->name : (slash == std::string_view::npos ? p : p.substr(slash + 1))] = p;
        }
    return c.compile(x);
}

}  // namespace forge::cue
