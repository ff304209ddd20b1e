#include "discovery/config_file.hpp"

#include <span>

#include "cue/ast.hpp"

namespace forge::discovery {

namespace ast = cue::ast;

namespace {

text_position to_text(const cue::position &p) {
    if (!p.valid()) return {};
    return {static_cast<int>(p.line), static_cast<int>(p.column)};
}

std::string_view label_text(const ast::field *f) {
    if (f->lkind == ast::label_kind::ident) {
        if (const auto *id = ast::as<ast::ident>(f->label)) return id->name;
    } else if (f->lkind == ast::label_kind::string) {
        if (const auto *s = ast::as<ast::string_lit>(f->label)) return s->value;
    }
    return {};
}

struct path_match {
    std::size_t depth = 0;
    text_position label, value;
};

class locator {
  public:
    explicit locator(const std::vector<std::string> &labels) : labels_(labels) {}

    void decls(std::span<ast::node *const> ds, std::size_t i) {
        if (i >= labels_.size()) return;
        for (const ast::node *d : ds) {
            if (const auto *f = ast::as<ast::field>(d)) {
                if (label_text(f) != labels_[i]) continue;
                record(i + 1, to_text(f->pos), to_text(f->value ? f->value->pos : f->pos));
                value(f->value, i + 1);
            } else if (const auto *e = ast::as<ast::embed_decl>(d)) {
                value(e->x, i);
            } else if (const auto *c = ast::as<ast::comprehension>(d)) {
                if (c->body) decls(c->body->decls, i);
            }
        }
    }

    void value(const ast::node *v, std::size_t i) {
        if (v == nullptr || i >= labels_.size()) return;
        switch (v->kind) {
            case ast::node_kind::struct_lit:
                decls(static_cast<const ast::struct_lit *>(v)->decls, i);
                break;
            case ast::node_kind::list_lit: {
                const std::string &l = labels_[i];
                if (l.size() < 3 || l.front() != '[') return;
                std::size_t want = std::stoul(l.substr(1, l.size() - 2));
                const auto *list = static_cast<const ast::list_lit *>(v);
                if (want >= list->elems.size()) return;
                const ast::node *elem = list->elems[want];
                if (elem->kind == ast::node_kind::comprehension || elem->kind == ast::node_kind::ellipsis) return;
                record(i + 1, to_text(elem->pos), to_text(elem->pos));
                value(elem, i + 1);
                break;
            }
            case ast::node_kind::binary_expr: {
                const auto *b = static_cast<const ast::binary_expr *>(v);
                value(b->x, i);
                value(b->y, i);
                break;
            }
            case ast::node_kind::paren_expr:
                value(static_cast<const ast::paren_expr *>(v)->x, i);
                break;
            case ast::node_kind::alias_expr:
                value(static_cast<const ast::alias_expr *>(v)->x, i);
                break;
            default:
                break;
        }
    }

    const path_match &best() const { return best_; }

  private:
    void record(std::size_t depth, text_position label, text_position val) {
        if (depth > best_.depth) best_ = {depth, label, val};
    }

    const std::vector<std::string> &labels_;
    path_match best_;
};

// Visits every node below `n` (expressions, declarations, clauses), calling `fn` on each.
template <class F>
void visit_all(const ast::node *n, F &fn) {
    if (n == nullptr) return;
    fn(n);
    auto each = [&](auto span) {
        for (const ast::node *c : span) visit_all(c, fn);
    };
    switch (n->kind) {
        case ast::node_kind::interpolation:
            each(static_cast<const ast::interpolation *>(n)->exprs);
            break;
        case ast::node_kind::list_lit:
            each(static_cast<const ast::list_lit *>(n)->elems);
            break;
        case ast::node_kind::struct_lit:
            each(static_cast<const ast::struct_lit *>(n)->decls);
            break;
        case ast::node_kind::paren_expr:
            visit_all(static_cast<const ast::paren_expr *>(n)->x, fn);
            break;
        case ast::node_kind::selector_expr:
            visit_all(static_cast<const ast::selector_expr *>(n)->x, fn);
            break;
        case ast::node_kind::index_expr: {
            const auto *x = static_cast<const ast::index_expr *>(n);
            visit_all(x->x, fn);
            visit_all(x->index, fn);
            break;
        }
        case ast::node_kind::slice_expr: {
            const auto *x = static_cast<const ast::slice_expr *>(n);
            visit_all(x->x, fn);
            visit_all(x->lo, fn);
            visit_all(x->hi, fn);
            break;
        }
        case ast::node_kind::call_expr: {
            const auto *x = static_cast<const ast::call_expr *>(n);
            visit_all(x->fun, fn);
            each(x->args);
            break;
        }
        case ast::node_kind::unary_expr:
            visit_all(static_cast<const ast::unary_expr *>(n)->x, fn);
            break;
        case ast::node_kind::binary_expr: {
            const auto *x = static_cast<const ast::binary_expr *>(n);
            visit_all(x->x, fn);
            visit_all(x->y, fn);
            break;
        }
        case ast::node_kind::alias_expr:
            visit_all(static_cast<const ast::alias_expr *>(n)->x, fn);
            break;
        case ast::node_kind::field: {
            const auto *f = static_cast<const ast::field *>(n);
            if (f->lkind == ast::label_kind::dynamic || f->lkind == ast::label_kind::pattern ||
                f->lkind == ast::label_kind::interpolation)
                visit_all(f->label, fn);
            visit_all(f->value, fn);
            break;
        }
        case ast::node_kind::let_decl:
            visit_all(static_cast<const ast::let_decl *>(n)->value, fn);
            break;
        case ast::node_kind::embed_decl:
            visit_all(static_cast<const ast::embed_decl *>(n)->x, fn);
            break;
        case ast::node_kind::ellipsis:
            visit_all(static_cast<const ast::ellipsis *>(n)->type, fn);
            break;
        case ast::node_kind::comprehension: {
            const auto *c = static_cast<const ast::comprehension *>(n);
            each(c->clauses);
            visit_all(c->body, fn);
            break;
        }
        case ast::node_kind::for_clause:
            visit_all(static_cast<const ast::for_clause *>(n)->source, fn);
            break;
        case ast::node_kind::if_clause:
            visit_all(static_cast<const ast::if_clause *>(n)->cond, fn);
            break;
        case ast::node_kind::let_clause:
            visit_all(static_cast<const ast::let_clause *>(n)->value, fn);
            break;
        default:
            break;
    }
}

}  // namespace

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < path.size()) {
        char ch = path[i];
        if (ch == '.') {
            ++i;
        } else if (ch == '[') {
            auto end = path.find(']', i);
            if (end == std::string_view::npos) break;
            out.emplace_back(path.substr(i, end - i + 1));
            i = end + 1;
        } else if (ch == '"') {
            auto end = path.find('"', i + 1);
            if (end == std::string_view::npos) break;
            out.emplace_back(path.substr(i + 1, end - i - 1));
            i = end + 1;
        } else {
            auto end = path.find_first_of(".[", i);
            if (end == std::string_view::npos) end = path.size();
            out.emplace_back(path.substr(i, end - i));
            i = end;
        }
    }
    return out;
}

config_file::config_file(std::string file_name, std::string text)
    : name_(std::move(file_name)), text_(std::move(text)) {
    auto r = cue::parse_file(name_, text_);
    for (const auto &d : r.errors)
        syntax_problems_.push_back(
            problem{d.message, name_, static_cast<int>(d.pos.line), static_cast<int>(d.pos.column)});
    if (r.file == nullptr || r.file->root() == nullptr) {
        if (syntax_problems_.empty()) syntax_problems_.push_back(problem{"cannot parse the file", name_, 0, 0});
    } else {
        parsed_ = std::move(r.file);
    }
}

config_file::config_file(config_file &&) noexcept = default;
config_file &config_file::operator=(config_file &&) noexcept = default;
config_file::~config_file() = default;

text_position config_file::locate(std::string_view path, bool label) const {
    text_position start{1, 1};
    if (!parsed_ || !parsed_->root()) return start;
    auto labels = split_path(path);
    locator loc(labels);
    loc.decls(parsed_->root()->decls, 0);
    const auto &best = loc.best();
    if (best.depth == 0) return start;
    text_position p = label ? best.label : best.value;
    return p.valid() ? p : start;
}

problem config_file::at(std::string_view path, std::string message, bool label) const {
    return at(locate(path, label), std::move(message));
}

problem config_file::at(text_position pos, std::string message) const {
    return problem{std::move(message), name_, pos.line, pos.column};
}

std::vector<artifact_use> config_file::artifact_uses() const {
    std::vector<artifact_use> out;
    if (!parsed_ || !parsed_->root()) return out;
    auto fn = [&out](const ast::node *n) {
        if (const auto *a = ast::as<ast::artifact_ref>(n)) out.push_back({std::string(a->name), to_text(a->pos)});
    };
    for (const ast::node *d : parsed_->root()->decls) visit_all(d, fn);
    return out;
}

std::string config_file::package_name() const {
    if (!parsed_ || !parsed_->root() || !parsed_->root()->package_name) return {};
    return std::string(parsed_->root()->package_name->name);
}

std::string config_file::wrapped(std::string_view wrapper_field, std::string_view definition,
                                 std::string_view default_package) const {
    std::size_t offset = text_.size();
    insert_line_ = 0;
    if (parsed_ && parsed_->root() && !parsed_->root()->decls.empty()) {
        const auto &pos = parsed_->root()->decls.front()->pos;
        offset = pos.offset;
        insert_line_ = static_cast<int>(pos.line);
        insert_column_ = static_cast<int>(pos.column);
    }
    std::string opening = std::string(wrapper_field) + ": " + std::string(definition) + " & {";
    if (package_name().empty()) opening.insert(0, "package " + std::string(default_package) + ", ");
    insert_length_ = static_cast<int>(opening.size());
    std::string out;
    out.reserve(text_.size() + opening.size() + 4);
    out.append(text_, 0, offset);
    if (insert_line_ == 0) out += '\n';  // no declarations: the wrapper goes after everything
    out += opening;
    out.append(text_, offset, std::string::npos);
    out += "\n}\n";
    return out;
}

text_position config_file::map_position(int line, int column) const {
    if (line <= 0) return {};
    if (insert_line_ > 0 && line == insert_line_ && column >= insert_column_) {
        if (column >= insert_column_ + insert_length_) return {line, column - insert_length_};
        return {line, insert_column_};
    }
    return {line, column};
}

}  // namespace forge::discovery
