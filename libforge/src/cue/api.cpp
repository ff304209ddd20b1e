// export_values / vet: the one-call entry points over loader + evaluator + exporters.
#include "cue/api.hpp"

#include <new>

#include "cue/export.hpp"
#include "cue/loader.hpp"

namespace forge::cue {

static void apply_limits(evaluator &ev, const export_options &o) {
    if (o.max_steps) ev.lim.max_steps = o.max_steps;
    if (o.max_depth) ev.lim.max_depth = o.max_depth;
    if (o.max_memory) ev.lim.max_memory = o.max_memory;
}

export_result export_values(const export_options &opts) {
    export_result res;
    try {
        evaluator ev;
        apply_limits(ev, opts);
        ev.artifacts = opts.artifacts;
        loader ld(ev);
        bool loaded = false;
        if (!opts.sources.empty()) {
            std::vector<source_file> files;
            files.reserve(opts.sources.size());
            for (const auto &[name, text] : opts.sources) files.push_back({name, text});
            loaded = ld.load_sources(std::move(files), "/");
        } else {
            loaded = ld.load_paths(opts.paths, opts.package);
        }
        if (!loaded) {
            res.errors = ld.errors();
            return res;
        }
        for (auto &[k, v] : opts.injections) ld.inject(k, v);
        vertex *target = ld.root();
        if (!opts.expression.empty()) {
            target = ld.eval_expression(opts.expression, "<expression>");
            if (!target) {
                res.errors = ld.errors();
                return res;
            }
        }
        ev.finalize(target);
        auto errs = export_errors(ev, target);
        if (!errs.empty()) {
            res.errors = std::move(errs);
            return res;
        }
        res.output = opts.format == output_format::yaml ? export_yaml(ev, target) : export_json(ev, target);
        res.ok = true;
    } catch (const std::bad_alloc &) {
        res = {};
        res.errors.push_back("out of memory while evaluating");
    }
    return res;
}

export_result vet(const std::string &schema_path, const std::vector<std::string> &data_paths,
                  const std::string &schema_expr) {
    export_result res;
    (void)schema_path;
    (void)data_paths;
    (void)schema_expr;
    res.errors.push_back("vet: not implemented");
    return res;
}

}  // namespace forge::cue
