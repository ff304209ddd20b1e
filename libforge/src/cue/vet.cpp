// vet: data checked against a schema with the semantics of `cue vet` in CUE v0.4.
//  - .cue data files join the schema's package; the result must be free of conflicts, and an
//    incomplete result fails with `cue vet`'s "some instances are incomplete" message.
//  - every document of a .json/.yaml/.yml file is unified with the schema (or with the value of
//    schema_expr, like `cue vet -d '#Service'`) and must then be concrete.
// Errors read like CUE's ("port: invalid value 70000 (out of bound <100) (schema.cue:8:13,
// data.json:2:10)"). Unlike `cue vet`, which stops at the first failing document, every failing
// document is reported.
#include <filesystem>
#include <fstream>
#include <new>
#include <sstream>

#include "cue/api.hpp"
#include "cue/compile.hpp"
#include "cue/diagnostic.hpp"
#include "cue/export.hpp"
#include "cue/loader.hpp"
#include "cue/parser.hpp"
#include "cue/pkg_support.hpp"

namespace forge::cue {
namespace {

enum class data_kind { cue, json, yaml, unknown };

data_kind kind_of(const std::string &path) {
    std::string ext = std::filesystem::path(path).extension().string();
    for (auto &c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".cue") return data_kind::cue;
    if (ext == ".json") return data_kind::json;
    if (ext == ".yaml" || ext == ".yml") return data_kind::yaml;
    return data_kind::unknown;
}

bool read_all(const std::string &path, std::string *out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    *out = ss.str();
    return true;
}

// One document unified with the schema: a fresh vertex holding both, finalized.
vertex *unify_with_schema(evaluator &ev, vertex *schema, env *e, const expr *data) {
    vertex *t = ev.new_vertex(nullptr, no_label);
    t->optional = false;
    ev.add_conjunct(t, conjunct{e, ev.vertex_expr(schema), {}, nullptr, false});
    ev.add_conjunct(t, conjunct{e, data, {}, nullptr, false});
    ev.finalize(t);
    return t;
}

class vetter {
  public:
    vetter(evaluator &ev, loader &ld, vertex *schema) : ev_(ev), ld_(ld), schema_(schema) {
        env_ = ev_.mem().make<env>();
        env_->v = ld_.root();
    }

    void check(vertex *t) {
        for (auto &e : export_errors(ev_, t, true)) errors.push_back(std::move(e));
    }

    // JSON is parsed as CUE (JSON is CUE syntax), so positions point into the file.
    void json_file(const std::string &path, const std::string &text) {
        parse_options po;
        po.file = static_cast<file_id>(ev_.file_names.size());
        ev_.file_names.push_back(path);
        auto r = parse_expr(path, text, po);
        if (!r.ok() || !r.file || !r.file->root() || r.file->root()->decls.empty()) {
            for (auto &d : r.errors) {
                diagnostic dd = d;
                if (dd.file.empty()) dd.file = path;
                errors.push_back(format_diagnostic(dd));
            }
            if (r.errors.empty()) errors.push_back(path + ": invalid JSON");
            return;
        }
        auto *emb = ast::as<ast::embed_decl>(r.file->root()->decls.front());
        if (!emb) {
            errors.push_back(path + ": invalid JSON");
            return;
        }
        const expr *x = compile_expression(ev_, emb->x, {}, [](std::string_view, std::string *e) -> package * {
            *e = "imports are not allowed in data files";
            return nullptr;
        });
        parsed_.push_back(std::move(r.file));
        if (!x) {
            errors.push_back(path + ": invalid JSON");
            return;
        }
        check(unify_with_schema(ev_, schema_, env_, x));
    }

    void yaml_file(const std::string &path, const std::string &text) {
        file_id id = static_cast<file_id>(ev_.file_names.size());
        ev_.file_names.push_back(path);
        std::vector<const value *> docs;
        std::string err;
        if (!decode_yaml_documents(ev_, text, id, &docs, &err)) {
            errors.push_back(path + ": " + err);
            return;
        }
        for (const value *d : docs) check(unify_with_schema(ev_, schema_, env_, ev_.literal_expr(d, d->pos)));
    }

    std::vector<std::string> errors;

  private:
    evaluator &ev_;
    loader &ld_;
    vertex *schema_;
    env *env_;
    std::vector<std::unique_ptr<parsed_file>> parsed_;
};

export_result vet_impl(const std::string &schema_path, const std::vector<std::string> &data_paths,
                       const std::string &schema_expr) {
    export_result res;
    std::vector<std::string> cue_paths{schema_path}, data;
    for (const auto &p : data_paths) {
        switch (kind_of(p)) {
            case data_kind::cue:
                cue_paths.push_back(p);
                break;
            case data_kind::json:
            case data_kind::yaml:
                data.push_back(p);
                break;
            case data_kind::unknown:
                res.errors.push_back(p + ": unsupported data file (want .cue, .json, .yaml or .yml)");
                break;
        }
    }
    if (kind_of(schema_path) != data_kind::cue) res.errors.push_back(schema_path + ": the schema must be a .cue file");
    if (!res.errors.empty()) return res;

    evaluator ev;
    loader ld(ev);
    if (!ld.load_paths(cue_paths, "")) {
        res.errors = ld.errors();
        return res;
    }
    if (data.empty()) {
        // Only CUE files: the package must be free of conflicts; incomplete values are reported
        // with `cue vet`'s summary line (its -c flag would list them).
        ev.finalize(ld.root());
        res.errors = export_errors(ev, ld.root(), false);
        if (res.errors.empty() && !export_errors(ev, ld.root(), true).empty())
            res.errors.push_back(
                "some instances are incomplete; use the -c flag to show errors or suppress this message");
        res.ok = res.errors.empty();
        return res;
    }
    vertex *schema = ld.root();
    if (!schema_expr.empty()) {
        schema = ld.eval_expression(schema_expr, "<schema expression>");
        if (!schema) {
            res.errors = ld.errors();
            return res;
        }
    }
    vetter v(ev, ld, schema);
    for (const auto &p : data) {
        std::string text;
        if (!read_all(p, &text)) {
            v.errors.push_back("open " + p + ": no such file or directory");
            continue;
        }
        if (kind_of(p) == data_kind::json)
            v.json_file(p, text);
        else
            v.yaml_file(p, text);
        if (ev.over_limit()) break;
    }
    res.errors = std::move(v.errors);
    res.ok = res.errors.empty();
    return res;
}

}  // namespace

export_result vet(const std::string &schema_path, const std::vector<std::string> &data_paths,
                  const std::string &schema_expr) {
    export_result res;
    try {
        res = vet_impl(schema_path, data_paths, schema_expr);
    } catch (const std::bad_alloc &) {
        res = {};
        res.errors.push_back("out of memory while evaluating");
    }
    res.diagnostics.clear();
    for (const auto &t : res.errors) res.diagnostics.push_back(parse_error_text(t));
    return res;
}

}  // namespace forge::cue
