// export_values / vet: the one-call entry points over loader + evaluator + exporters.
#include "cue/api.hpp"

#include <new>
#include <string_view>

#include "cue/export.hpp"
#include "cue/loader.hpp"

namespace forge::cue {

static void apply_limits(evaluator &ev, const export_options &o) {
    if (o.max_steps) ev.lim.max_steps = o.max_steps;
    if (o.max_depth) ev.lim.max_depth = o.max_depth;
    if (o.max_memory) ev.lim.max_memory = o.max_memory;
}

namespace {

// "file:line:col" at the end of s (the file name may itself hold ':'); false if not one.
bool split_position(std::string_view s, error_entry &e) {
    size_t c2 = s.rfind(':');
    if (c2 == std::string_view::npos || c2 == 0) return false;
    size_t c1 = s.rfind(':', c2 - 1);
    if (c1 == std::string_view::npos || c1 == 0) return false;
    auto digits = [](std::string_view d) {
        if (d.empty() || d.size() > 9) return -1;
        int n = 0;
        for (char ch : d) {
            if (ch < '0' || ch > '9') return -1;
            n = n * 10 + (ch - '0');
        }
        return n;
    };
    int line = digits(s.substr(c1 + 1, c2 - c1 - 1)), col = digits(s.substr(c2 + 1));
    if (line < 0 || col < 0) return false;
    e.file = std::string(s.substr(0, c1));
    e.line = line;
    e.column = col;
    return true;
}

}  // namespace

error_entry parse_error_text(const std::string &text) {
    error_entry e;
    std::string_view s = text;
    // Several positions may follow ("(a.cue:1:2, b.cue:3:4)" or one per line): the first counts.
    size_t nl = s.find('\n');
    std::string_view first = s.substr(0, nl);
    if (!first.empty() && first.back() == ')') {
        size_t open = first.rfind(" (");
        if (open != std::string_view::npos) {
            std::string_view inside = first.substr(open + 2, first.size() - open - 3);
            size_t comma = inside.find(", ");
            error_entry pos;
            if (split_position(inside.substr(0, comma), pos)) {
                e.file = pos.file;
                e.line = pos.line;
                e.column = pos.column;
                first = first.substr(0, open);
            }
        }
    } else {
        // "file:line:col: message"
        size_t sep = first.find(": ");
        while (sep != std::string_view::npos) {
            error_entry pos;
            if (split_position(first.substr(0, sep), pos)) {
                e = pos;
                e.message = std::string(first.substr(sep + 2));
                if (nl != std::string_view::npos) e.message += std::string(s.substr(nl));
                return e;
            }
            sep = first.find(": ", sep + 1);
        }
    }
    // "path: message": a path has no spaces.
    size_t colon = first.find(": ");
    if (colon != std::string_view::npos && first.substr(0, colon).find(' ') == std::string_view::npos) {
        e.path = std::string(first.substr(0, colon));
        first = first.substr(colon + 2);
    }
    e.message = std::string(first);
    if (nl != std::string_view::npos) e.message += std::string(s.substr(nl));
    return e;
}

static void fill_diagnostics(export_result &res) {
    res.diagnostics.clear();
    for (const std::string &t : res.errors) res.diagnostics.push_back(parse_error_text(t));
}

static export_result export_values_impl(const export_options &opts);

export_result export_values(const export_options &opts) {
    export_result res = export_values_impl(opts);
    fill_diagnostics(res);
    return res;
}

static export_result export_values_impl(const export_options &opts) {
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

}  // namespace forge::cue
