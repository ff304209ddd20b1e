// Exporting evaluated values as data: the error pass that decides whether a value can be exported
// (every regular field concrete, no conflicts), and the JSON and YAML writers.
#pragma once

#include <boost/json/value.hpp>
#include <span>
#include <string>
#include <vector>

#include "cue/evaluator.hpp"

namespace forge::cue {

// Errors that prevent exporting v: conflicts first; incomplete values only when there are no
// conflicts (as `cue export` reports them). Each formatted as "path: message (file:line:col)".
std::vector<std::string> export_errors(evaluator &ev, vertex *v, bool concrete = true);

// The vertex's exported form (defaults chosen). Requires export_errors(...) to be empty.
vertex *export_target(vertex *v);

// A struct vertex's arcs in the order `cue export` (v0.4) prints fields (export_order.cpp): a view
// of v's own arcs when their order is already right, otherwise of `out`, filled with them reordered.
std::span<vertex *const> ordered_arcs(vertex *v, std::vector<vertex *> &out);

std::string export_json(evaluator &ev, vertex *v);  // 4-space indented, trailing newline
std::string export_yaml(evaluator &ev, vertex *v);
boost::json::value to_json(evaluator &ev, vertex *v);

// Go encoding/json string quoting with HTML escaping, as `cue export` prints strings.
void json_quote(std::string &out, std::string_view s);
std::string base64_encode(std::string_view s);

}  // namespace forge::cue
