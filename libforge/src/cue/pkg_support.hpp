// Helpers shared by the standard package implementations (pkg_*.cpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cue/builtin.hpp"
#include "cue/evaluator.hpp"

namespace forge::cue {

// CUE's wording for a builtin that returned a Go error: "error in call to strconv.Atoi: <msg>".
inline const value *call_error(evaluator &ev, position pos, std::string_view fn, const std::string &msg) {
    return ev.error(err_code::eval, pos, "error in call to " + std::string(fn) + ": " + msg);
}

// The argument as an exportable data vertex: every regular field concrete, no conflicts. Returns
// null on success, else the error to return (incomplete when values are not concrete yet).
const value *arg_data(evaluator &ev, const value *v, vertex **out, position pos);

// A list value of strings.
const value *string_list(evaluator &ev, const std::vector<std::string> &items, position pos);

// Go's strconv.Quote of s (used by messages that quote their input as Go does).
std::string go_quote(std::string_view s);

// A number a builtin computed as a decimal (sums, math results): CUE v0.4 gives it the kind int
// when it is whole and float otherwise, and keeps its digits ("3.0" stays 3.0 but unifies with int).
const value *decimal_result(evaluator &ev, const number &n, position pos);

// A value written in CUE, for package constants that are CUE structs (list.Ascending): the text is
// parsed once per process and compiled into each evaluator that asks for it.
const value *cue_source_value(evaluator &ev, std::string_view src, position pos);

// The value of the regular field `name` of a struct vertex (defaults resolved), or null if absent.
const value *field_value(evaluator &ev, vertex *s, std::string_view name);

// Parses JSON text into CUE values; null with *err set (Go's encoding/json wording) when invalid.
const value *parse_json(evaluator &ev, std::string_view text, std::string *err, position pos);

// The documents of a YAML data file as CUE values (typed as CUE v0.4's YAML decoder does), each
// node positioned at its place in the file `file`. False with *err set when the YAML is invalid.
bool decode_yaml_documents(evaluator &ev, const std::string &text, file_id file, std::vector<const value *> *docs,
                           std::string *err);

}  // namespace forge::cue
