// C API: CUE export and vet (forge/cue.h).
#include "forge/cue.h"

#include <re2/re2.h>

#include <boost/json.hpp>

#include "capi/handles.hpp"
#include "capi/shim.hpp"
#include "cue/api.hpp"

using forge::capi::guard;
using forge::capi::require;

namespace {

// "path: message (file:line:col)" -> {"message","path","file","line","column"}.
boost::json::object error_object(const std::string &text) {
    boost::json::object obj{{"message", text}};
    static const RE2 trailing_pos(R"(\(([^()]*):(\d+):(\d+)\)\s*$)");
    static const RE2 leading_pos(R"(^([^:\s]+):(\d+):(\d+): )");
    std::string file;
    int line = 0, column = 0;
    if (RE2::PartialMatch(text, trailing_pos, &file, &line, &column) ||
        RE2::PartialMatch(text, leading_pos, &file, &line, &column)) {
        obj["file"] = file;
        obj["line"] = line;
        obj["column"] = column;
    }
    if (auto colon = text.find(": "); colon != std::string::npos && text.compare(0, 1, "(") != 0) {
        std::string head = text.substr(0, colon);
        if (head.find(' ') == std::string::npos && head.find('/') == std::string::npos) obj["path"] = head;
    }
    return obj;
}

forge::status_result report_errors(const std::vector<std::string> &errors, char **errors_json) {
    boost::json::array arr;
    for (const auto &e : errors) arr.push_back(error_object(e));
    if (errors_json != nullptr) FORGE_TRY(forge::capi::give_string(errors_json, boost::json::serialize(arr)));
    std::string first = errors.empty() ? "CUE evaluation failed" : errors.front();
    if (errors.size() > 1) first += " (and " + std::to_string(errors.size() - 1) + " more errors)";
    return forge::make_error(forge::status::invalid, first);
}

forge::result<std::map<std::string, forge::cue::artifact_value>> parse_artifacts(const char *json) {
    boost::system::error_code ec;
    auto doc = boost::json::parse(json, ec);
    if (ec || !doc.is_object())
        return forge::make_error(forge::status::invalid, "artifacts_json must be a JSON object of objects");
    std::map<std::string, forge::cue::artifact_value> out;
    for (const auto &[name, fields] : doc.as_object()) {
        if (!fields.is_object())
            return forge::make_error(forge::status::invalid,
                                     "artifacts_json: artifact \"" + std::string(name) + "\" must be an object");
        auto &a = out[std::string(name)];
        for (const auto &[k, v] : fields.as_object())
            a.fields[std::string(k)] = v.is_string() ? std::string(v.as_string()) : boost::json::serialize(v);
    }
    return out;
}

forge::result<std::vector<std::string>> collect_paths(const char *const *paths, size_t n, const char *what) {
    if (n > 0) FORGE_TRY(require(paths, what));
    std::vector<std::string> out;
    for (size_t i = 0; i < n; ++i) {
        if (paths[i] == nullptr)
            return forge::make_error(forge::status::invalid, std::string(what) + "[" + std::to_string(i) + "] is NULL");
        out.emplace_back(paths[i]);
    }
    return out;
}

}  // namespace

extern "C" {

FORGE_API int forge_cue_export(char **out, char **errors_json, forge_context *ctx, const char *const *paths,
                               size_t path_count, const forge_cue_options *opts) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(out, "out"));
        *out = nullptr;
        if (errors_json != nullptr) *errors_json = nullptr;
        FORGE_TRY(require(ctx, "ctx"));
        forge_cue_options o = FORGE_CUE_OPTIONS_INIT;
        if (opts != nullptr) {
            if (opts->version < 1 || opts->version > FORGE_CUE_OPTIONS_VERSION)
                return forge::make_error(forge::status::invalid,
                                         "unsupported forge_cue_options version " + std::to_string(opts->version));
            o = *opts;
        }
        if (o.format != FORGE_CUE_JSON && o.format != FORGE_CUE_YAML)
            return forge::make_error(forge::status::invalid, "format must be FORGE_CUE_JSON or FORGE_CUE_YAML");
        forge::cue::export_options eo;
        FORGE_TRY_ASSIGN(eo.paths, collect_paths(paths, path_count, "paths"));
        if (eo.paths.empty()) return forge::make_error(forge::status::invalid, "no CUE files or directory given");
        eo.format = o.format == FORGE_CUE_YAML ? forge::cue::output_format::yaml : forge::cue::output_format::json;
        if (o.expression != nullptr) eo.expression = o.expression;
        if (o.package != nullptr) eo.package = o.package;
        FORGE_TRY_ASSIGN(auto injects, collect_paths(o.inject, o.inject_count, "inject"));
        for (const auto &kv : injects) {
            auto eq = kv.find('=');
            if (eq == std::string::npos || eq == 0)
                return forge::make_error(forge::status::invalid, "inject \"" + kv + "\" is not key=value");
            eo.injections.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
        }
        if (o.artifacts_json != nullptr) {
            FORGE_TRY_ASSIGN(eo.artifacts, parse_artifacts(o.artifacts_json));
        }
        auto r = forge::cue::export_values(eo);
        if (!r.ok) return report_errors(r.errors, errors_json);
        return forge::capi::give_string(out, r.output);
    });
}

FORGE_API int forge_cue_vet(char **errors_json, forge_context *ctx, const char *schema_path,
                            const char *const *data_paths, size_t data_count, const char *schema_expr) {
    return guard([&]() -> forge::status_result {
        if (errors_json != nullptr) *errors_json = nullptr;
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(schema_path, "schema_path"));
        FORGE_TRY_ASSIGN(auto data, collect_paths(data_paths, data_count, "data_paths"));
        if (data.empty()) return forge::make_error(forge::status::invalid, "no data files given");
        auto r = forge::cue::vet(schema_path, data, schema_expr != nullptr ? schema_expr : "");
        if (!r.ok) return report_errors(r.errors, errors_json);
        return {};
    });
}

}  // extern "C"
