// Recursive-descent parser for CUE v0.4 with precedence climbing for binary operators.
//
// Labels and expressions share a prefix (`a`, `"a"`, `(a)`, `[a]`), so a declaration is parsed as
// an expression first and turned into a label when a ':' or '?' follows.
#include "cue/parser.hpp"

#include <algorithm>

#include "cue/lexer.hpp"
#include "cue/literal.hpp"

namespace forge::cue {

namespace {

using namespace ast;

class parser {
  public:
    parser(parsed_file &pf, const parse_options &opts)
        : pf_(pf), arena_(pf.arena()), opts_(opts), lex_(pf.source(), opts.file) {
        max_chain_ = static_cast<std::size_t>(opts_.max_depth) * 10;
        next();
    }

    file *parse_whole_file();
    file *parse_single_expression();
    std::vector<diagnostic> take_errors();

  private:
    // ---- tokens
    void next();
    token peek();
    void pull_lexer_errors();

    // ---- errors
    void error_at(position pos, std::string msg);
    void error_expected(const std::string &what);
    position expect(tok k);
    void sync_decl(tok closer);

    struct depth_guard {
        parser &p;
        bool ok;
        explicit depth_guard(parser &pr) : p(pr) {
            ok = ++p.depth_ <= p.opts_.max_depth;
            if (!ok) p.too_deep();
        }
        ~depth_guard() { --p.depth_; }
    };
    void too_deep();

    // ---- node construction
    template <class T>
    T *make(position pos) {
        T *n = arena_.make<T>();
        n->kind = T::static_kind;
        n->pos = pos;
        return n;
    }
    ident *make_ident(const token &t);
    attribute *make_attribute(const token &t);

    // ---- grammar
    std::vector<node *> parse_decls(tok closer);
    node *parse_decl();
    node *parse_field_or_embed();
    void parse_label_or_expr(ident *&alias, node *&x);
    node *parse_field_rest(position start, ident *alias, node *label_expr);
    bool set_label(field *f, node *x);
    void reject_label_aliases(node *x);
    comprehension *parse_comprehension();
    node *parse_clause();
    void parse_imports(std::vector<import_spec *> &out);
    import_spec *parse_import_spec();

    node *parse_expr() { return parse_binary(1, nullptr); }
    node *parse_binary(int min_prec, node *lhs);
    node *parse_unary();
    node *parse_primary(node *operand);
    node *parse_operand();
    struct_lit *parse_struct();
    list_lit *parse_list(bool allow_alias);
    node *parse_paren(bool allow_alias);
    node *parse_string_token();
    node *parse_interpolation();
    node *parse_artifact(const token &t);
    node *parse_number();
    bool decode_fragments(const std::vector<token> &frags, std::vector<std::string_view> &parts);

    void attach_comments(file *f);

    parsed_file &pf_;
    ast_arena &arena_;
    parse_options opts_;
    lexer lex_;
    token tok_;
    std::uint32_t depth_ = 0;
    std::size_t max_chain_ = 10000;
    bool aborted_ = false;
    std::size_t lex_errors_seen_ = 0;
    std::vector<diagnostic> errors_;
    std::uint32_t last_error_line_ = 0;
    std::vector<std::pair<node *, std::uint32_t>> doc_wanted_;  // node, its first line
};

// ---------------------------------------------------------------- tokens and errors

void parser::next() {
    if (aborted_) {
        tok_ = token{};
        tok_.kind = tok::eof;
        tok_.pos = lex_.position_at(static_cast<std::uint32_t>(pf_.source().size()));
        return;
    }
    tok_ = lex_.next();
    pull_lexer_errors();
}

void parser::pull_lexer_errors() {
    const auto &le = lex_.errors();
    for (; lex_errors_seen_ < le.size(); ++lex_errors_seen_) error_at(le[lex_errors_seen_].pos, le[lex_errors_seen_].message);
}

token parser::peek() {
    if (aborted_) return tok_;
    auto saved = lex_.save();
    token t = lex_.next();
    lex_.restore(saved);
    return t;
}

void parser::error_at(position pos, std::string msg) {
    // One error per line: later ones on the same line are almost always consequences.
    if (!errors_.empty() && pos.line == last_error_line_) return;
    if (errors_.size() >= opts_.max_errors) {
        aborted_ = true;
        return;
    }
    last_error_line_ = pos.line;
    errors_.push_back(diagnostic{"", std::move(msg), pos, pf_.name()});
}

void parser::error_expected(const std::string &what) {
    error_at(tok_.pos, "expected " + what + ", found " + describe_token(tok_.kind, tok_.text));
}

position parser::expect(tok k) {
    position p = tok_.pos;
    if (tok_.kind == k) {
        next();
    } else {
        error_expected(std::string("'") + token_spelling(k) + "'");
    }
    return p;
}

void parser::too_deep() {
    if (aborted_) return;
    last_error_line_ = 0;  // always report this one
    errors_.push_back(diagnostic{"", "nesting too deep (more than " + std::to_string(opts_.max_depth) + " levels)", tok_.pos,
                                 pf_.name()});
    aborted_ = true;
    tok_ = token{};
    tok_.kind = tok::eof;
    tok_.pos = lex_.position_at(static_cast<std::uint32_t>(pf_.source().size()));
}

// Skips to the end of the current declaration: past the next comma at this bracket level, or up
// to the closer of the enclosing struct.
void parser::sync_decl(tok closer) {
    int level = 0;
    while (tok_.kind != tok::eof) {
        switch (tok_.kind) {
            case tok::lparen:
            case tok::lbrack:
            case tok::lbrace: ++level; break;
            case tok::rparen:
            case tok::rbrack:
            case tok::rbrace:
                if (level == 0 && tok_.kind == closer) return;
                if (level > 0) --level;
                break;
            case tok::comma:
                if (level == 0) {
                    next();
                    return;
                }
                break;
            default: break;
        }
        next();
    }
}

std::vector<diagnostic> parser::take_errors() {
    pull_lexer_errors();
    std::stable_sort(errors_.begin(), errors_.end(),
                     [](const diagnostic &a, const diagnostic &b) { return a.pos.offset < b.pos.offset; });
    return std::move(errors_);
}

// ---------------------------------------------------------------- nodes

ident *parser::make_ident(const token &t) {
    ident *id = make<ident>(t.pos);
    id->name = t.text;
    if (t.text.starts_with("_#")) id->cls = ident_class::hidden_definition;
    else if (t.text.starts_with("#")) id->cls = ident_class::definition;
    else if (t.text.starts_with("_")) id->cls = ident_class::hidden;
    return id;
}

attribute *parser::make_attribute(const token &t) {
    attribute *a = make<attribute>(t.pos);
    a->raw = t.text;
    std::size_t open = t.text.find('(');
    a->name = t.text.substr(1, open - 1);
    a->body = t.text.substr(open + 1, t.text.size() - open - 2);
    return a;
}

// ---------------------------------------------------------------- file

file *parser::parse_whole_file() {
    file *f = make<file>(tok_.pos);
    f->pos = lex_.position_at(0);
    f->name = pf_.name();
    std::vector<attribute *> leading;
    while (tok_.kind == tok::attribute) {
        leading.push_back(make_attribute(tok_));
        next();
        if (tok_.kind == tok::comma) next();
    }
    std::vector<node *> decls;
    if (tok_.kind == tok::kw_package && peek().kind != tok::colon && peek().kind != tok::option) {
        f->package_pos = tok_.pos;
        next();
        if (tok_.kind == tok::ident) {
            f->package_name = make_ident(tok_);
            next();
        } else {
            error_expected("package name");
        }
        if (tok_.kind == tok::comma) next();
        else if (tok_.kind != tok::eof) error_expected("',' or newline after package clause");
        f->attrs = arena_.copy(leading);
    } else {
        decls.assign(leading.begin(), leading.end());
    }
    std::vector<import_spec *> imports;
    parse_imports(imports);
    f->imports = arena_.copy(imports);
    auto rest = parse_decls(tok::eof);
    decls.insert(decls.end(), rest.begin(), rest.end());
    f->decls = arena_.copy(decls);
    if (tok_.kind != tok::eof) error_expected("EOF");
    attach_comments(f);
    return f;
}

file *parser::parse_single_expression() {
    file *f = make<file>(lex_.position_at(0));
    f->name = pf_.name();
    node *x = parse_expr();
    embed_decl *d = make<embed_decl>(x->pos);
    d->x = x;
    std::vector<node *> decls{d};
    f->decls = arena_.copy(decls);
    if (tok_.kind == tok::comma) next();
    if (tok_.kind != tok::eof) error_expected("end of expression");
    attach_comments(f);
    return f;
}

void parser::parse_imports(std::vector<import_spec *> &out) {
    while (tok_.kind == tok::kw_import) {
        token p = peek();
        if (p.kind == tok::colon || p.kind == tok::option) return;  // a field named "import"
        next();
        if (tok_.kind == tok::lparen) {
            next();
            while (tok_.kind != tok::rparen && tok_.kind != tok::eof) {
                out.push_back(parse_import_spec());
                if (tok_.kind == tok::comma) {
                    next();
                } else if (tok_.kind != tok::rparen) {
                    error_expected("')'");
                    sync_decl(tok::rparen);
                }
            }
            expect(tok::rparen);
        } else {
            out.push_back(parse_import_spec());
        }
        if (tok_.kind == tok::comma) next();
        else if (tok_.kind != tok::eof) {
            error_expected("',' or newline after import");
            sync_decl(tok::eof);
        }
    }
}

import_spec *parser::parse_import_spec() {
    import_spec *s = make<import_spec>(tok_.pos);
    if (tok_.kind == tok::ident) {
        s->alias = make_ident(tok_);
        next();
    }
    if (tok_.kind != tok::string || tok_.quote.bytes || tok_.quote.multiline || tok_.quote.hashes) {
        error_expected("import path");
        return s;
    }
    s->path_pos = tok_.pos;
    node *lit = parse_string_token();
    if (auto *sl = as<string_lit>(lit)) s->path = sl->value;
    if (s->path.empty()) error_at(s->path_pos, "empty import path");
    return s;
}

// ---------------------------------------------------------------- declarations

std::vector<node *> parser::parse_decls(tok closer) {
    std::vector<node *> decls;
    while (tok_.kind != closer && tok_.kind != tok::eof) {
        std::uint32_t start = tok_.pos.offset;
        tok start_kind = tok_.kind;
        std::size_t nerr = errors_.size();
        node *d = parse_decl();
        if (d) decls.push_back(d);
        if (tok_.kind == tok::comma) {
            next();
            continue;
        }
        if (tok_.kind == closer || tok_.kind == tok::eof) break;
        if (errors_.size() == nerr) error_at(tok_.pos, "missing ',' in struct literal");
        bool moved = tok_.pos.offset != start || tok_.kind != start_kind;
        sync_decl(closer);
        if (!moved && tok_.pos.offset == start && tok_.kind == start_kind) next();
    }
    return decls;
}

node *parser::parse_decl() {
    std::uint32_t line = tok_.pos.line;
    node *d = nullptr;
    switch (tok_.kind) {
        case tok::ellipsis: {
            ellipsis *e = make<ellipsis>(tok_.pos);
            next();
            if (tok_.kind != tok::comma && tok_.kind != tok::rbrace && tok_.kind != tok::eof) e->type = parse_expr();
            return e;
        }
        case tok::attribute: {
            token t = tok_;
            if (t.text.starts_with("@artifact(") && peek().kind == tok::period) break;  // an embedded expression
            next();
            return make_attribute(t);
        }
        case tok::kw_let: {
            if (peek().kind != tok::ident) break;
            let_decl *l = make<let_decl>(tok_.pos);
            next();
            l->name = make_ident(tok_);
            next();
            expect(tok::bind);
            l->value = parse_expr();
            doc_wanted_.emplace_back(l, line);
            return l;
        }
        case tok::kw_for:
        case tok::kw_if: {
            tok p = peek().kind;
            if (p == tok::colon || p == tok::option) break;
            return parse_comprehension();
        }
        case tok::kw_import: {
            tok p = peek().kind;
            if (p == tok::string || p == tok::lparen) {
                error_at(tok_.pos, "imports must appear before other declarations");
                return nullptr;
            }
            break;
        }
        default: break;
    }
    d = parse_field_or_embed();
    if (d) doc_wanted_.emplace_back(d, line);
    return d;
}

node *parser::parse_field_or_embed() {
    position start = tok_.pos;
    ident *alias = nullptr;
    node *x = nullptr;
    parse_label_or_expr(alias, x);
    if (tok_.kind == tok::colon || tok_.kind == tok::option) return parse_field_rest(start, alias, x);
    if (alias) error_at(tok_.pos, "expected ':' after aliased label " + std::string(alias->name) + "=");
    reject_label_aliases(x);
    embed_decl *e = make<embed_decl>(start);
    e->x = x;
    return e;
}

// `X=` prefix, then an expression; '[' and '(' may hold `Y=expr` as pattern/dynamic labels do.
void parser::parse_label_or_expr(ident *&alias, node *&x) {
    alias = nullptr;
    if (tok_.kind == tok::ident && peek().kind == tok::bind) {
        alias = make_ident(tok_);
        next();
        next();
    }
    if (tok_.kind == tok::lbrack) {
        depth_guard g(*this);
        if (!g.ok) {
            x = make<bad_expr>(tok_.pos);
            return;
        }
        node *list = parse_list(true);
        x = parse_binary(1, parse_primary(list));
    } else if (tok_.kind == tok::lparen) {
        depth_guard g(*this);
        if (!g.ok) {
            x = make<bad_expr>(tok_.pos);
            return;
        }
        node *paren = parse_paren(true);
        x = parse_binary(1, parse_primary(paren));
    } else {
        x = parse_expr();
    }
}

bool parser::set_label(field *f, node *x) {
    switch (x->kind) {
        case node_kind::ident:
            f->lkind = label_kind::ident;
            f->label = x;
            return true;
        case node_kind::bool_lit:
        case node_kind::null_lit: {
            // keywords used as field names
            ident *id = make<ident>(x->pos);
            id->name = x->kind == node_kind::null_lit ? "null" : (static_cast<bool_lit *>(x)->value ? "true" : "false");
            f->lkind = label_kind::ident;
            f->label = id;
            return true;
        }
        case node_kind::string_lit:
            if (static_cast<string_lit *>(x)->is_bytes) break;
            f->lkind = label_kind::string;
            f->label = x;
            return true;
        case node_kind::interpolation:
            if (static_cast<interpolation *>(x)->is_bytes) break;
            f->lkind = label_kind::interpolation;
            f->label = x;
            return true;
        case node_kind::paren_expr:
            f->lkind = label_kind::dynamic;
            f->label = static_cast<paren_expr *>(x)->x;
            return true;
        case node_kind::list_lit: {
            auto *l = static_cast<list_lit *>(x);
            if (l->elems.size() != 1 || is<ellipsis>(l->elems[0]) || is<comprehension>(l->elems[0])) break;
            f->lkind = label_kind::pattern;
            f->label = l->elems[0];
            return true;
        }
        case node_kind::bad_expr:
            f->label = x;
            return true;
        default: break;
    }
    error_at(x->pos, std::string("invalid label: a ") + kind_name(x->kind) +
                         " cannot be a field name (use an identifier, a string, (expr) or [pattern])");
    f->label = x;
    return false;
}

// `[X=e]` and `(X=e)` are only labels; as values they are not CUE v0.4.
void parser::reject_label_aliases(node *x) {
    if (auto *l = as<list_lit>(x)) {
        for (node *e : l->elems)
            if (is<alias_expr>(e)) error_at(e->pos, "alias not allowed in list element");
    } else if (auto *p = as<paren_expr>(x)) {
        if (is<alias_expr>(p->x)) error_at(p->x->pos, "alias only allowed in a dynamic field label");
    }
}

node *parser::parse_field_rest(position start, ident *alias, node *label_expr) {
    field *f = make<field>(start);
    f->alias = alias;
    set_label(f, label_expr);
    if (tok_.kind == tok::option) {
        if (f->lkind == label_kind::pattern) error_at(tok_.pos, "pattern constraints cannot be optional");
        f->optional = true;
        next();
    }
    if (tok_.kind != tok::colon) {
        error_expected("':'");
        f->value = make<bad_expr>(tok_.pos);
        return f;
    }
    next();
    position vstart = tok_.pos;
    ident *valias = nullptr;
    node *vx = nullptr;
    parse_label_or_expr(valias, vx);
    if (tok_.kind == tok::colon || tok_.kind == tok::option) {
        // `a: b: c` is `a: {b: c}`
        depth_guard g(*this);
        if (!g.ok) {
            f->value = vx;
            return f;
        }
        node *inner = parse_field_rest(vstart, valias, vx);
        struct_lit *s = make<struct_lit>(vstart);
        s->implicit = true;
        std::vector<node *> one{inner};
        s->decls = arena_.copy(one);
        f->value = s;
        return f;
    }
    reject_label_aliases(vx);
    if (valias) {
        alias_expr *a = make<alias_expr>(valias->pos);
        a->name = valias;
        a->x = vx;
        f->value = a;
    } else {
        f->value = vx;
    }
    std::vector<attribute *> attrs;
    while (tok_.kind == tok::attribute) {
        attrs.push_back(make_attribute(tok_));
        next();
    }
    f->attrs = arena_.copy(attrs);
    return f;
}

comprehension *parser::parse_comprehension() {
    comprehension *c = make<comprehension>(tok_.pos);
    depth_guard g(*this);
    if (!g.ok) return c;
    std::vector<node *> clauses;
    clauses.push_back(parse_clause());
    for (;;) {
        if (tok_.kind == tok::comma) {
            tok p = peek().kind;
            if (p == tok::kw_for || p == tok::kw_if || p == tok::kw_let) next();
        }
        if (tok_.kind == tok::kw_for || tok_.kind == tok::kw_if || tok_.kind == tok::kw_let) {
            clauses.push_back(parse_clause());
            continue;
        }
        break;
    }
    c->clauses = arena_.copy(clauses);
    if (tok_.kind != tok::lbrace) {
        error_expected("'{'");
        c->body = make<struct_lit>(tok_.pos);
        return c;
    }
    c->body = parse_struct();
    return c;
}

node *parser::parse_clause() {
    position pos = tok_.pos;
    switch (tok_.kind) {
        case tok::kw_for: {
            for_clause *f = make<for_clause>(pos);
            next();
            if (tok_.kind != tok::ident) {
                error_expected("identifier");
                return f;
            }
            ident *first = make_ident(tok_);
            next();
            if (tok_.kind == tok::comma && tok_.text == ",") {
                next();
                if (tok_.kind != tok::ident) {
                    error_expected("identifier");
                    return f;
                }
                f->key = first;
                f->value = make_ident(tok_);
                next();
            } else {
                f->value = first;
            }
            expect(tok::kw_in);
            f->source = parse_expr();
            return f;
        }
        case tok::kw_if: {
            if_clause *c = make<if_clause>(pos);
            next();
            c->cond = parse_expr();
            return c;
        }
        case tok::kw_let: {
            let_clause *l = make<let_clause>(pos);
            next();
            if (tok_.kind != tok::ident) {
                error_expected("identifier");
                return l;
            }
            l->name = make_ident(tok_);
            next();
            expect(tok::bind);
            l->value = parse_expr();
            return l;
        }
        default:
            error_expected("'for', 'if' or 'let'");
            return make<bad_expr>(pos);
    }
}

// ---------------------------------------------------------------- expressions

namespace {
bool binary_op_of(tok t, op &o) {
    switch (t) {
        case tok::or_: o = op::or_; return true;
        case tok::and_: o = op::and_; return true;
        case tok::lor: o = op::lor; return true;
        case tok::land: o = op::land; return true;
        case tok::eql: o = op::eql; return true;
        case tok::neq: o = op::neq; return true;
        case tok::lss: o = op::lss; return true;
        case tok::leq: o = op::leq; return true;
        case tok::gtr: o = op::gtr; return true;
        case tok::geq: o = op::geq; return true;
        case tok::mat: o = op::mat; return true;
        case tok::nmat: o = op::nmat; return true;
        case tok::add: o = op::add; return true;
        case tok::sub: o = op::sub; return true;
        case tok::mul: o = op::mul; return true;
        case tok::quo: o = op::quo; return true;
        default: return false;
    }
}

bool unary_op_of(tok t, op &o) {
    switch (t) {
        case tok::add: o = op::add; return true;
        case tok::sub: o = op::sub; return true;
        case tok::not_: o = op::not_; return true;
        case tok::mul: o = op::mul; return true;
        case tok::neq: o = op::neq; return true;
        case tok::lss: o = op::lss; return true;
        case tok::leq: o = op::leq; return true;
        case tok::gtr: o = op::gtr; return true;
        case tok::geq: o = op::geq; return true;
        case tok::mat: o = op::mat; return true;
        case tok::nmat: o = op::nmat; return true;
        default: return false;
    }
}
}  // namespace

node *parser::parse_binary(int min_prec, node *lhs) {
    if (!lhs) lhs = parse_unary();
    std::size_t chain = 0;
    for (;;) {
        op o;
        if (!binary_op_of(tok_.kind, o)) return lhs;
        int prec = op_precedence(o);
        if (prec < min_prec) return lhs;
        if (++chain > max_chain_) {
            error_at(tok_.pos, "expression too long (more than " + std::to_string(max_chain_) + " operators in a row)");
            aborted_ = true;
            next();
            return lhs;
        }
        binary_expr *b = make<binary_expr>(lhs->pos);
        b->oper = o;
        b->op_pos = tok_.pos;
        next();
        b->x = lhs;
        // left associative: the right operand only takes tighter operators
        b->y = parse_binary(prec + 1, nullptr);
        lhs = b;
    }
}

node *parser::parse_unary() {
    depth_guard g(*this);
    if (!g.ok) return make<bad_expr>(tok_.pos);
    op o;
    if (unary_op_of(tok_.kind, o)) {
        unary_expr *u = make<unary_expr>(tok_.pos);
        u->oper = o;
        next();
        u->x = parse_unary();
        return u;
    }
    return parse_primary(nullptr);
}

node *parser::parse_primary(node *x) {
    if (!x) x = parse_operand();
    for (std::size_t chain = 0;; ++chain) {
        if (chain > max_chain_) {
            error_at(tok_.pos, "expression too long (more than " + std::to_string(max_chain_) + " selectors in a row)");
            aborted_ = true;
            next();
            return x;
        }
        switch (tok_.kind) {
            case tok::period: {
                next();
                selector_expr *s = make<selector_expr>(x->pos);
                s->x = x;
                if (tok_.kind == tok::ident || is_keyword(tok_.kind)) {
                    s->sel = make_ident(tok_);
                    next();
                } else if (tok_.kind == tok::string && !tok_.quote.multiline && !tok_.quote.bytes) {
                    s->sel = parse_string_token();
                } else {
                    error_expected("selector");
                    s->sel = make<bad_expr>(tok_.pos);
                    return s;
                }
                x = s;
                break;
            }
            case tok::lbrack: {
                position lb = tok_.pos;
                (void)lb;
                next();
                node *lo = nullptr;
                if (tok_.kind != tok::colon) lo = parse_expr();
                if (tok_.kind == tok::colon) {
                    next();
                    slice_expr *s = make<slice_expr>(x->pos);
                    s->x = x;
                    s->lo = lo;
                    if (tok_.kind != tok::rbrack) s->hi = parse_expr();
                    expect(tok::rbrack);
                    x = s;
                } else {
                    index_expr *ix = make<index_expr>(x->pos);
                    ix->x = x;
                    ix->index = lo;
                    if (tok_.kind == tok::comma && tok_.text == "\n") next();
                    expect(tok::rbrack);
                    x = ix;
                }
                break;
            }
            case tok::lparen: {
                next();
                call_expr *c = make<call_expr>(x->pos);
                c->fun = x;
                std::vector<node *> args;
                while (tok_.kind != tok::rparen && tok_.kind != tok::eof) {
                    args.push_back(parse_expr());
                    if (tok_.kind == tok::comma) {
                        next();
                        continue;
                    }
                    if (tok_.kind != tok::rparen) error_at(tok_.pos, "missing ',' in argument list");
                    break;
                }
                c->args = arena_.copy(args);
                expect(tok::rparen);
                x = c;
                break;
            }
            default: return x;
        }
    }
}

node *parser::parse_operand() {
    const token t = tok_;
    switch (t.kind) {
        case tok::ident: {
            next();
            if (t.text == "_") return make<top_lit>(t.pos);
            return make_ident(t);
        }
        case tok::kw_true:
        case tok::kw_false: {
            bool_lit *b = make<bool_lit>(t.pos);
            b->value = t.kind == tok::kw_true;
            next();
            return b;
        }
        case tok::kw_null: next(); return make<null_lit>(t.pos);
        case tok::bottom: next(); return make<bottom_lit>(t.pos);
        case tok::kw_for:
        case tok::kw_in:
        case tok::kw_if:
        case tok::kw_let:
        case tok::kw_package:
        case tok::kw_import: next(); return make_ident(t);
        case tok::number: return parse_number();
        case tok::string: return parse_string_token();
        case tok::interp_begin: return parse_interpolation();
        case tok::lbrace: return parse_struct();
        case tok::lbrack: return parse_list(false);
        case tok::lparen: return parse_paren(false);
        case tok::attribute:
            if (t.text.starts_with("@artifact(")) {
                next();
                return parse_artifact(t);
            }
            error_at(t.pos, "unexpected attribute " + std::string(t.text.substr(0, t.text.find('('))) +
                                " in expression (attributes follow a field's value)");
            next();
            return make<bad_expr>(t.pos);
        default:
            error_expected("operand");
            return make<bad_expr>(t.pos);
    }
}

node *parser::parse_number() {
    const token t = tok_;
    next();
    number_lit *n = make<number_lit>(t.pos);
    n->raw = t.text;
    normalized_number norm;
    std::string err;
    if (!normalize_number(t.text, norm, err)) {
        error_at(t.pos, err);
        n->digits = "0";
        return n;
    }
    n->is_float = norm.is_float;
    n->base = norm.base;
    // Most literals are already in normal form: point into the source then.
    std::string_view digits = norm.digits;
    if (t.text == digits) n->digits = t.text;
    else n->digits = arena_.copy(digits);
    return n;
}

struct_lit *parser::parse_struct() {
    struct_lit *s = make<struct_lit>(tok_.pos);
    next();  // {
    auto decls = parse_decls(tok::rbrace);
    s->decls = arena_.copy(decls);
    s->rbrace = expect(tok::rbrace);
    return s;
}

list_lit *parser::parse_list(bool allow_alias) {
    list_lit *l = make<list_lit>(tok_.pos);
    next();  // [
    std::vector<node *> elems;
    while (tok_.kind != tok::rbrack && tok_.kind != tok::eof) {
        node *e;
        if (tok_.kind == tok::ellipsis) {
            ellipsis *el = make<ellipsis>(tok_.pos);
            next();
            if (tok_.kind != tok::rbrack && tok_.kind != tok::comma) el->type = parse_expr();
            elems.push_back(el);
            if (tok_.kind == tok::comma) next();
            if (tok_.kind != tok::rbrack) error_expected("']' after '...' (it must be the last list element)");
            break;
        }
        if (tok_.kind == tok::kw_for || tok_.kind == tok::kw_if) {
            e = parse_comprehension();
        } else if (allow_alias && tok_.kind == tok::ident && peek().kind == tok::bind) {
            alias_expr *a = make<alias_expr>(tok_.pos);
            a->name = make_ident(tok_);
            next();
            next();
            a->x = parse_expr();
            e = a;
        } else {
            e = parse_expr();
        }
        elems.push_back(e);
        if (tok_.kind == tok::comma) {
            bool inserted = tok_.text != ",";
            next();
            // CUE v0.4 wants explicit commas between list elements; a newline only ends the list.
            if (inserted && tok_.kind != tok::rbrack) error_at(tok_.pos, "missing ',' before newline in list literal");
            continue;
        }
        if (tok_.kind != tok::rbrack) {
            error_at(tok_.pos, "missing ',' in list literal");
            break;
        }
    }
    l->elems = arena_.copy(elems);
    l->rbrack = expect(tok::rbrack);
    return l;
}

node *parser::parse_paren(bool allow_alias) {
    paren_expr *p = make<paren_expr>(tok_.pos);
    next();  // (
    if (allow_alias && tok_.kind == tok::ident && peek().kind == tok::bind) {
        alias_expr *a = make<alias_expr>(tok_.pos);
        a->name = make_ident(tok_);
        next();
        next();
        a->x = parse_expr();
        p->x = a;
    } else {
        p->x = parse_expr();
    }
    // a newline before ')' inserts a comma the grammar does not expect; tolerate it
    if (tok_.kind == tok::comma && tok_.text == "\n") next();
    expect(tok::rparen);
    return p;
}

bool parser::decode_fragments(const std::vector<token> &frags, std::vector<std::string_view> &parts) {
    const quote_info q = frags.front().quote;
    std::vector<std::string_view> bodies;
    for (const auto &f : frags) bodies.push_back(string_fragment_body(f.text, f.kind, q));
    std::string_view indent;
    if (q.multiline) {
        if (!split_multiline_tail(bodies.back(), indent)) {
            const token &last = frags.back();
            error_at(lex_.position_at(last.pos.offset + static_cast<std::uint32_t>(last.text.size()) - 3 - q.hashes),
                     "closing quote of a multiline string must be on its own line");
            return false;
        }
        strip_opening_newline(bodies.front());
    }
    std::string buf;
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        buf.clear();
        decode_error err;
        if (!decode_string_body(bodies[i], q, indent, q.multiline && i == 0, buf, err)) {
            auto off = static_cast<std::uint32_t>(bodies[i].data() - pf_.source().data() + err.offset);
            error_at(lex_.position_at(off), err.message);
            return false;
        }
        parts.push_back(buf == bodies[i] ? bodies[i] : arena_.copy(buf));
    }
    return true;
}

node *parser::parse_string_token() {
    const token t = tok_;
    next();
    string_lit *s = make<string_lit>(t.pos);
    s->raw = t.text;
    s->is_bytes = t.quote.bytes;
    s->multiline = t.quote.multiline;
    s->hashes = t.quote.hashes;
    std::vector<std::string_view> parts;
    if (decode_fragments({t}, parts)) s->value = parts.front();
    return s;
}

node *parser::parse_interpolation() {
    const token first = tok_;
    interpolation *in = make<interpolation>(first.pos);
    in->is_bytes = first.quote.bytes;
    in->multiline = first.quote.multiline;
    in->hashes = first.quote.hashes;
    std::vector<token> frags{first};
    std::vector<node *> exprs;
    for (;;) {
        next();  // first token of the interpolated expression
        exprs.push_back(parse_expr());
        if (tok_.kind != tok::rparen) {
            error_expected("')' closing the interpolation");
            return make<bad_expr>(first.pos);
        }
        if (aborted_) return make<bad_expr>(first.pos);
        token frag = lex_.resume_string(first.quote);
        pull_lexer_errors();
        frags.push_back(frag);
        if (frag.kind == tok::interp_mid) continue;
        next();
        if (frag.kind != tok::interp_end) return make<bad_expr>(first.pos);
        break;
    }
    std::vector<std::string_view> parts;
    if (!decode_fragments(frags, parts)) parts.assign(exprs.size() + 1, std::string_view());
    in->parts = arena_.copy(parts);
    in->exprs = arena_.copy(exprs);
    return in;
}

node *parser::parse_artifact(const token &t) {
    artifact_ref *a = make<artifact_ref>(t.pos);
    std::string_view body = t.text.substr(10, t.text.size() - 11);  // between "@artifact(" and ")"
    std::size_t lead = 0;
    while (lead < body.size() && (body[lead] == ' ' || body[lead] == '\t')) ++lead;
    std::string_view arg = body.substr(lead);
    while (!arg.empty() && (arg.back() == ' ' || arg.back() == '\t')) arg.remove_suffix(1);
    a->name_pos = lex_.position_at(t.pos.offset + 10 + static_cast<std::uint32_t>(lead));
    bool quoted = arg.size() >= 2 && arg.front() == '"' && arg.back() == '"';
    std::string value;
    decode_error err;
    if (!quoted || arg.substr(1, arg.size() - 2).find('"') != std::string_view::npos ||
        !decode_string_body(arg.substr(1, arg.size() - 2), quote_info{}, {}, false, value, err) || value.empty()) {
        error_at(a->name_pos, "@artifact takes one non-empty string argument, as in @artifact(\"web\")");
        return a;
    }
    a->name = arena_.copy(value);
    return a;
}

// ---------------------------------------------------------------- comments

void parser::attach_comments(file *f) {
    const auto &cs = lex_.comments();
    std::vector<comment_group *> groups;
    std::vector<std::uint32_t> group_end_line;
    std::vector<bool> group_own_line;
    std::size_t i = 0;
    while (i < cs.size()) {
        std::size_t j = i + 1;
        // consecutive lines of comments form one group
        while (j < cs.size() && cs[j].pos.line == cs[j - 1].pos.line + 1 && cs[j].own_line) ++j;
        std::vector<std::string_view> lines;
        for (std::size_t k = i; k < j; ++k) lines.push_back(cs[k].text);
        comment_group *g = arena_.make<comment_group>();
        g->pos = cs[i].pos;
        g->lines = arena_.copy(lines);
        groups.push_back(g);
        group_end_line.push_back(cs[j - 1].pos.line);
        group_own_line.push_back(cs[i].own_line);
        i = j;
    }
    f->comments = arena_.copy(groups);
    for (auto [n, line] : doc_wanted_) {
        // the group ending on the line just above the declaration documents it
        auto it = std::lower_bound(group_end_line.begin(), group_end_line.end(), line - 1);
        if (it == group_end_line.end() || *it != line - 1) continue;
        std::size_t gi = static_cast<std::size_t>(it - group_end_line.begin());
        if (!group_own_line[gi]) continue;
        comment_group *g = groups[gi];
        if (auto *fd = as<field>(n)) fd->doc = g;
        else if (auto *l = as<let_decl>(n)) l->doc = g;
        else if (auto *e = as<embed_decl>(n)) e->doc = g;
    }
}

parse_result run(std::string filename, std::string source, const parse_options &opts, bool expression) {
    parse_result r;
    if (source.size() > opts.max_size || source.size() > 0xFFFFFFF0u) {
        r.errors.push_back(diagnostic{"",
                                      "file too large (" + std::to_string(source.size()) + " bytes, limit " +
                                          std::to_string(opts.max_size) + ")",
                                      position{opts.file, 0, 0, 0}, filename});
        return r;
    }
    r.file = std::make_unique<parsed_file>(std::move(filename), std::move(source));
    parser p(*r.file, opts);
    r.file->set_root(expression ? p.parse_single_expression() : p.parse_whole_file());
    r.errors = p.take_errors();
    return r;
}

}  // namespace

parse_result parse_file(std::string filename, std::string source, const parse_options &opts) {
    return run(std::move(filename), std::move(source), opts, false);
}

parse_result parse_expr(std::string filename, std::string source, const parse_options &opts) {
    return run(std::move(filename), std::move(source), opts, true);
}

}  // namespace forge::cue
