// A problem found in a repository's configuration, with the place it is about. Discovery collects
// every problem before it gives up, so one run of `forge validate` shows them all.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/fwd.hpp>

namespace forge::discovery {

struct problem {
    std::string message;
    std::string file;  // repository-relative ("services/api/.forge/project.cue"); may be empty
    int line = 0;      // 1-based; 0 when unknown
    int column = 0;    // 1-based, in bytes as CUE counts them; 0 when unknown
};

// "file:line:column: message" (the parts that are known).
std::string format_problem(const problem &p);
// Every problem on its own line.
std::string format_problems(const std::vector<problem> &ps);

// {"message", "file", "line", "column"} (stable field names; docs/discovery.md).
boost::json::value to_json(const problem &p);
boost::json::value to_json(const std::vector<problem> &ps);
problem problem_from_json(const boost::json::value &v);

// Splits one message of the CUE engine: "path: message (file:line:col)" or "file:line:col: message"
// or just "message". The path stays in the message, where it helps the reader.
struct cue_message {
    std::string path;
    std::string text;  // the whole message without the trailing position
    std::string file;
    int line = 0, column = 0;
};
cue_message parse_cue_message(std::string_view s);

// Orders problems by file, line and column (stable for equal places).
void sort_problems(std::vector<problem> &ps);

}  // namespace forge::discovery
