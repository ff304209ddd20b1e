// Public C++ entry points of the CUE engine: export a package or files to JSON/YAML, vet data
// against a schema. Lower-level access (load from memory, look up paths, iterate fields) lives in
// value.hpp (forge::cue::runtime / forge::cue::value).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace forge::cue {

enum class output_format { json, yaml };

// Data of one artifact as seen by @artifact("name").field: "image", "uri", "digest", "published"...
struct artifact_value {
    std::map<std::string, std::string> fields;
};

struct export_options {
    std::vector<std::string> paths;  // .cue files, or one directory holding a package
    // In-memory files (name as shown in positions, CUE text), loaded instead of `paths` when not
    // empty: for sources that are not on disk (a file read from a git commit). Imports resolve
    // only against a cue.mod at the file system root, i.e. in practice not at all.
    std::vector<std::pair<std::string, std::string>> sources;
    std::string expression;  // -e: export only this expression; empty = whole value
    output_format format = output_format::json;
    std::vector<std::pair<std::string, std::string>> injections;     // "a.b.c" = "string value" (unified in)
    std::optional<std::map<std::string, artifact_value>> artifacts;  // nullopt = string placeholders
    std::string package;                                  // package to load from a directory when several exist
    size_t max_steps = 0, max_depth = 0, max_memory = 0;  // 0 = defaults; exceeding = clear error
};

// One error in structured form; `errors` holds the same errors as text.
struct error_entry {
    std::string path;          // CUE value path ("a.b.0"); empty for syntax and load errors
    std::string message;       // without path and position
    std::string file;          // empty when unknown
    int line = 0, column = 0;  // 1-based; 0 when unknown
};

struct export_result {
    bool ok = false;
    std::string output;                    // JSON or YAML text, ending in a newline (as `cue export`)
    std::vector<std::string> errors;       // one per error: "path: message (file:line:col)"
    std::vector<error_entry> diagnostics;  // errors[i] split into its parts (same order)
};

// Splits "path: message (file:line:col)" or "file:line:col: message" into its parts.
error_entry parse_error_text(const std::string &text);

export_result export_values(const export_options &opts);

// Vets data files (.json, .yaml/.yml, .cue) against the schema in schema_path. schema_expr, when
// given, selects the schema inside that file (like `cue vet -d`).
export_result vet(const std::string &schema_path, const std::vector<std::string> &data_paths,
                  const std::string &schema_expr = "");

}  // namespace forge::cue
