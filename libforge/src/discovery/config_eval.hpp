// Evaluating repo.cue or a project.cue against the embedded platform schemas (#Repo / #Project)
// with the CUE engine, reporting the engine's errors at the user's file:line:column.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "discovery/config_file.hpp"
#include "discovery/problem.hpp"

namespace forge::discovery {

enum class config_kind { repo, project };

struct evaluation {
    // The configuration unified with its schema, exported to JSON (defaults filled in). When the
    // schema rejects it, `raw` holds the file evaluated on its own, so that discovery can still
    // run its own checks and report those problems too.
    std::optional<boost::json::value> value;
    std::optional<boost::json::value> raw;
    std::vector<problem> problems;
    std::vector<std::string> problem_paths;  // the CUE value path of each problem ("" if none)
};

// `@artifact("x").field` evaluates to the placeholder string "@artifact(x).field".
evaluation evaluate_config(const config_file &file, config_kind kind);

}  // namespace forge::discovery
