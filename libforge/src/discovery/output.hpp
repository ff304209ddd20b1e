// The discovery output (docs/discovery.md): what a pipeline run is built from. JSON with stable
// field names, at most 1 MiB (spec.md §9); plus a text tree and a Graphviz rendering of the DAG.
#pragma once

#include <string>

#include <boost/json/value.hpp>

#include "core/error.hpp"
#include "discovery/discovery_result.hpp"

namespace forge::discovery {

inline constexpr std::size_t max_output_bytes = 1024 * 1024;
inline constexpr int output_format_version = 1;

boost::json::value to_json(const discovery_result &r);
// Serialised; status::limit when larger than max_output_bytes (naming the size and the biggest
// contributors).
result<std::string> output_text(const discovery_result &r);

// groups -> phases -> projects -> steps, for people.
std::string render_text(const discovery_result &r);
// A Graphviz digraph: one cluster per phase group, one node per task, edges from every task of a
// group to every phase of the next (through an invisible join node, to keep it readable).
std::string render_dot(const discovery_result &r);

}  // namespace forge::discovery
