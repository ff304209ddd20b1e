// One configuration file (repo.cue or a project.cue) as the user wrote it: its syntax tree, where
// a value path such as `artifacts.api.publishers[0]` is written, where `@artifact("x")` is used,
// and the text that evaluates it against a schema definition with the user's own positions.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cue/parser.hpp"
#include "discovery/problem.hpp"

namespace forge::discovery {

struct text_position {
    int line = 0, column = 0;
    bool valid() const { return line > 0; }
};

struct artifact_use {
    std::string name;
    text_position where;  // of `@artifact`
};

class config_file {
  public:
    // Parses `text`; syntax errors become problems (see syntax_problems()).
    config_file(std::string file_name, std::string text);
    config_file(config_file &&) noexcept;
    config_file &operator=(config_file &&) noexcept;
    ~config_file();

    const std::string &name() const { return name_; }
    const std::string &text() const { return text_; }
    bool parsed() const { return syntax_problems_.empty(); }
    // The package clause's name; empty when the file has none.
    std::string package_name() const;
    const std::vector<problem> &syntax_problems() const { return syntax_problems_; }

    // Where the value at `path` (CUE syntax: a.b."c-d"[2]) is written. With `label`, the position
    // of its label (for list elements: of the element); otherwise of its value. When the path is
    // not written as such (it comes from a default or a comprehension), the closest written
    // ancestor; the file's start when nothing matches.
    text_position locate(std::string_view path, bool label = false) const;
    // A problem about `path` in this file.
    problem at(std::string_view path, std::string message, bool label = false) const;
    problem at(text_position pos, std::string message) const;

    // Every @artifact("name") in the file, in source order.
    std::vector<artifact_use> artifact_uses() const;

    // The file's text with its declarations wrapped as `<wrapper_field>: <definition> & { ... }`,
    // so that evaluating it together with the schema files checks it against the definition. Line
    // numbers are unchanged; map_position() undoes the shift of columns on the one changed line.
    // A file without a package clause gets `package <default_package>` on that line too, so that it
    // joins the schema files' package.
    std::string wrapped(std::string_view wrapper_field, std::string_view definition,
                        std::string_view default_package) const;
    text_position map_position(int line, int column) const;

  private:
    std::string name_;
    std::string text_;
    std::unique_ptr<cue::parsed_file> parsed_;
    std::vector<problem> syntax_problems_;
    // Where wrapped() inserts its opening text, and how long that text was.
    mutable int insert_line_ = 0, insert_column_ = 0, insert_length_ = 0;
};

// Splits a CUE path into labels; list indexes become "[n]" elements ("a.b[2]" -> a, b, [2]).
std::vector<std::string> split_path(std::string_view path);

}  // namespace forge::discovery
