#include "cue/loader.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cue/builtin.hpp"
#include "cue/compile.hpp"

namespace forge::cue {

namespace fs = std::filesystem;

static bool read_file(const std::string &path, std::string *out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    *out = ss.str();
    return true;
}

bool loader::parse_into(std::vector<source_file> &files, std::vector<const ast::file *> &out) {
    bool ok = true;
    for (auto &f : files) {
        parse_options po;
        po.file = static_cast<file_id>(ev_.file_names.size());
        ev_.file_names.push_back(f.name);
        auto r = parse_file(f.name, std::move(f.content), po);
        for (auto &d : r.errors) {
            diagnostic dd = d;
            if (dd.file.empty()) dd.file = f.name;
            errors_.push_back(format_diagnostic(dd));
            ok = false;
        }
        if (r.file && r.file->root()) {
            out.push_back(r.file->root());
            parsed_.push_back(std::move(r.file));
        }
    }
    return ok;
}

void loader::find_module(const std::string &dir) {
    if (!module_root_.empty()) return;
    std::error_code ec;
    fs::path p = fs::absolute(dir.empty() ? fs::path(".") : fs::path(dir), ec);
    for (int i = 0; i < 64 && !p.empty(); ++i) {
        fs::path mod = p / "cue.mod" / "module.cue";
        if (fs::exists(mod, ec)) {
            module_root_ = p.string();
            std::string text;
            if (read_file(mod.string(), &text)) {
                auto r = parse_file(mod.string(), text);
                if (r.file && r.file->root()) {
                    for (auto *d : r.file->root()->decls) {
                        auto *f = ast::as<ast::field>(d);
                        if (!f || f->lkind != ast::label_kind::ident) continue;
                        if (ast::as<ast::ident>(f->label)->name != "module") continue;
                        if (auto *s = ast::as<ast::string_lit>(f->value)) module_path_ = std::string(s->value);
                    }
                }
            }
            return;
        }
        if (fs::exists(p / "cue.mod", ec) && fs::is_directory(p / "cue.mod", ec)) {
            module_root_ = p.string();
            return;
        }
        if (p == p.parent_path()) break;
        p = p.parent_path();
    }
}

static std::string package_name_of(const ast::file *f) {
    return f->package_name ? std::string(f->package_name->name) : std::string();
}

package *loader::load_package_dir(const std::string &dir, const std::string &import_path, const std::string &want_name,
                                  std::string *err) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        *err = "cannot find package \"" + import_path + "\"";
        return nullptr;
    }
    std::vector<std::string> names;
    for (auto &e : fs::directory_iterator(dir, ec))
        if (e.is_regular_file() && e.path().extension() == ".cue") names.push_back(e.path().string());
    std::sort(names.begin(), names.end());
    std::vector<source_file> srcs;
    for (auto &n : names) {
        std::string text;
        if (!read_file(n, &text)) continue;
        srcs.push_back({n, std::move(text)});
    }
    std::vector<const ast::file *> files;
    if (!parse_into(srcs, files)) {
        *err = "errors in package \"" + import_path + "\"";
        return nullptr;
    }
    std::vector<const ast::file *> chosen;
    for (auto *f : files) {
        std::string pn = package_name_of(f);
        if (pn.empty() || pn == "_") continue;
        if (!want_name.empty() && pn != want_name) continue;
        chosen.push_back(f);
    }
    if (chosen.empty()) {
        *err = "cannot find package \"" + import_path + "\"";
        return nullptr;
    }
    package *p = ev_.mem().make<package>();
    p->path = import_path;
    p->name = package_name_of(chosen.front());
    p->root = ev_.new_vertex(nullptr, no_label);
    p->root->optional = false;
    ev_.packages[import_path] = p;
    auto structs =
        compile_package(ev_, chosen, [this](std::string_view path, std::string *e) { return import_package(path, e); });
    for (auto *s : structs) p->root->conjuncts.push_back(ev_.mem(), conjunct{nullptr, s, {}, nullptr, false});
    return p;
}

package *loader::import_package(std::string_view path_in, std::string *err) {
    std::string path(path_in);
    if (auto it = ev_.packages.find(path); it != ev_.packages.end()) return it->second;
    if (++import_depth_ > 64) {
        --import_depth_;
        *err = "import cycle or too deep imports at \"" + path + "\"";
        return nullptr;
    }
    std::string want;
    std::string p = path;
    if (auto colon = p.rfind(':'); colon != std::string::npos) {
        want = p.substr(colon + 1);
        p = p.substr(0, colon);
    } else {
        auto slash = p.rfind('/');
        want = slash == std::string::npos ? p : p.substr(slash + 1);
    }
    package *out = nullptr;
    if (module_root_.empty()) {
        *err = "import failed: cannot find package \"" + path + "\" (no cue.mod directory)";
    } else if (!module_path_.empty() && (p == module_path_ || p.starts_with(module_path_ + "/"))) {
        std::string rel = p.substr(module_path_.size());
        out = load_package_dir(module_root_ + rel, path, want, err);
    } else {
        for (const char *sub : {"pkg", "gen", "usr"}) {
            std::string dir = module_root_ + "/cue.mod/" + sub + "/" + p;
            std::error_code ec;
            if (!fs::is_directory(dir, ec)) continue;
            out = load_package_dir(dir, path, want, err);
            if (out) break;
        }
        if (!out && err->empty()) *err = "cannot find package \"" + path + "\"";
    }
    --import_depth_;
    return out;
}

bool loader::load_sources(std::vector<source_file> srcs, const std::string &dir) {
    find_module(dir);
    if (!parse_into(srcs, main_files_)) return false;
    std::string pkg;
    for (auto *f : main_files_) {
        std::string pn = package_name_of(f);
        if (pn.empty()) continue;
        if (!pkg.empty() && pn != pkg) {
            errors_.push_back("found packages \"" + pkg + "\" and \"" + pn + "\" in the same set of files (" +
                              std::string(f->name) + ")");
            return false;
        }
        pkg = pn;
    }
    root_ = ev_.new_vertex(nullptr, no_label);
    root_->optional = false;
    package *p = ev_.mem().make<package>();
    p->name = pkg;
    p->root = root_;
    ev_.main = p;
    auto structs = compile_package(ev_, main_files_,
                                   [this](std::string_view path, std::string *e) { return import_package(path, e); });
    for (auto *s : structs) root_->conjuncts.push_back(ev_.mem(), conjunct{nullptr, s, {}, nullptr, false});
    return true;
}

bool loader::load_paths(const std::vector<std::string> &paths, const std::string &package) {
    std::error_code ec;
    if (paths.size() == 1 && fs::is_directory(paths[0], ec)) {
        const std::string &dir = paths[0];
        std::vector<std::string> names;
        for (auto &e : fs::directory_iterator(dir, ec))
            if (e.is_regular_file() && e.path().extension() == ".cue") names.push_back(e.path().string());
        std::sort(names.begin(), names.end());
        std::vector<source_file> srcs;
        for (auto &n : names) {
            std::string text;
            if (read_file(n, &text)) srcs.push_back({n, std::move(text)});
        }
        // Choose the package: the requested one, else the only one present.
        std::vector<source_file> keep;
        std::vector<std::string> seen;
        for (auto &s : srcs) {
            auto r = parse_file(s.name, s.content);
            std::string pn = r.file && r.file->root() ? package_name_of(r.file->root()) : std::string();
            if (pn.empty() && r.errors.empty()) continue;
            if (!pn.empty() && std::find(seen.begin(), seen.end(), pn) == seen.end()) seen.push_back(pn);
            if (!package.empty() && pn != package && !pn.empty()) continue;
            keep.push_back(std::move(s));
        }
        if (package.empty() && seen.size() > 1) {
            errors_.push_back("found packages \"" + seen[0] + "\" and \"" + seen[1] + "\" in \"" + dir + "\"");
            return false;
        }
        if (keep.empty()) {
            errors_.push_back("no CUE files in " + dir);
            return false;
        }
        return load_sources(std::move(keep), dir);
    }
    std::vector<source_file> srcs;
    std::string dir;
    for (auto &p : paths) {
        std::string text;
        if (!read_file(p, &text)) {
            errors_.push_back("cannot read " + p);
            return false;
        }
        if (dir.empty()) dir = fs::path(p).parent_path().string();
        srcs.push_back({p, std::move(text)});
    }
    return load_sources(std::move(srcs), dir);
}

vertex *loader::eval_expression(const std::string &text, const std::string &what) {
    auto r = parse_expr(what, text);
    if (!r.ok() || !r.file || !r.file->root() || r.file->root()->decls.empty()) {
        for (auto &d : r.errors) errors_.push_back(format_diagnostic(d));
        if (r.errors.empty()) errors_.push_back("invalid expression " + text);
        return nullptr;
    }
    auto *emb = ast::as<ast::embed_decl>(r.file->root()->decls.front());
    if (!emb) {
        errors_.push_back("invalid expression " + text);
        return nullptr;
    }
    const expr *x = compile_expression(
        ev_, emb->x, main_files_, [this](std::string_view path, std::string *e) { return import_package(path, e); });
    parsed_.push_back(std::move(r.file));
    env *e = ev_.mem().make<env>();
    e->v = root_;
    vertex *t = ev_.new_vertex(nullptr, no_label);
    t->optional = false;
    t->conjuncts.push_back(ev_.mem(), conjunct{e, x, {}, nullptr, false});
    return t;
}

void loader::inject(const std::string &path, const std::string &text) {
    std::vector<std::string> parts;
    size_t start = 0;
    while (true) {
        size_t dot = path.find('.', start);
        parts.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    vertex *top = ev_.new_vertex(nullptr, no_label);
    top->optional = false;
    vertex *cur = top;
    for (auto &p : parts) {
        cur->is_struct = true;
        cur->has_regular_fields = true;
        cur->status = vstatus::finalized;
        vertex *a = ev_.arc(cur, ev_.labels().intern(p), true);
        a->optional = false;
        cur = a;
    }
    cur->scalar = ev_.make_str(text);
    cur->status = vstatus::finalized;
    root_->conjuncts.push_back(ev_.mem(), conjunct{nullptr, ev_.vertex_expr(top), {}, nullptr, false});
}

}  // namespace forge::cue
