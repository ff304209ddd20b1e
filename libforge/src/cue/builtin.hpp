// The registry of builtin functions: predeclared ones (len, close, and, or, div ...) and the
// standard packages (strings, list, math ...). Each package lives in its own pkg_*.cpp file and
// exposes a table; builtins.cpp lists the tables explicitly, so nothing depends on static
// initialisation order and a duplicate name is caught by the unit tests.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cue/source.hpp"

namespace forge::cue {

class evaluator;
struct value;

using builtin_fn = const value *(*)(evaluator &ev, std::span<const value *const> args, position pos);

struct builtin {
    std::string_view pkg;  // "" for predeclared identifiers
    std::string_view name;
    int params;            // number of parameters; -1 for variadic
    builtin_fn fn;
    bool validator = false;  // returns bool; called with params-1 arguments it becomes a constraint
    bool raw_args = false;   // receives arguments without default resolution (close, and, or)
};

struct builtin_package {
    std::string_view path;  // import path: "strings", "encoding/json" ...
    std::span<const builtin> fns;
};

// Registry lookups.
const builtin *find_builtin(std::string_view pkg, std::string_view name);
bool is_std_package(std::string_view path);
std::span<const builtin_package> std_packages();
// "strings.MinRunes" style name for messages.
std::string builtin_name(const builtin *b);

// Package tables (one per pkg_*.cpp).
std::span<const builtin> predeclared_builtins();
std::span<const builtin> pkg_strings();
std::span<const builtin> pkg_list();
std::span<const builtin> pkg_math();
std::span<const builtin> pkg_strconv();
std::span<const builtin> pkg_regexp();
std::span<const builtin> pkg_struct();
std::span<const builtin> pkg_json();
std::span<const builtin> pkg_yaml();
std::span<const builtin> pkg_base64();
std::span<const builtin> pkg_hex();
std::span<const builtin> pkg_path();
std::span<const builtin> pkg_time();
std::span<const builtin> pkg_crypto();
std::span<const builtin> pkg_uuid_like();

// ---- argument helpers for builtin implementations. Each returns null on success, or the error
// value to return (incomplete when the argument is not concrete yet).
const value *arg_string(evaluator &ev, const value *v, std::string *out, position pos);
const value *arg_bytes(evaluator &ev, const value *v, std::string *out, position pos);
const value *arg_int(evaluator &ev, const value *v, int64_t *out, position pos);
const value *arg_number(evaluator &ev, const value *v, const value **out, position pos);
const value *arg_bool(evaluator &ev, const value *v, bool *out, position pos);
const value *arg_list(evaluator &ev, const value *v, std::vector<const value *> *out, position pos);
const value *arg_strings(evaluator &ev, const value *v, std::vector<std::string> *out, position pos);
const value *arg_struct(evaluator &ev, const value *v, position pos);  // checks v is a struct

}  // namespace forge::cue
