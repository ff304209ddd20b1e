// Loading CUE sources into an evaluator: files from disk or memory, the package of a directory,
// the module (cue.mod/module.cue) and its imports.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cue/evaluator.hpp"
#include "cue/parser.hpp"

namespace forge::cue {

struct source_file {
    std::string name;     // as shown in positions
    std::string content;
};

class loader {
  public:
    explicit loader(evaluator &ev) : ev_(ev) {}

    // Loads the main package from explicit sources (all must agree on their package clause).
    // Parse errors are collected in errors(). `dir` is where imports are resolved from (may be "").
    bool load_sources(std::vector<source_file> files, const std::string &dir);
    // Loads files or one directory (the package there; `package` picks one when several exist).
    bool load_paths(const std::vector<std::string> &paths, const std::string &package);

    vertex *root() const { return root_; }
    const std::vector<const ast::file *> &main_files() const { return main_files_; }
    std::vector<std::string> &errors() { return errors_; }
    // Compiles and evaluates an expression in the scope of the main package.
    vertex *eval_expression(const std::string &text, const std::string &what);
    // Unifies the string `text` into the root at a dotted path.
    void inject(const std::string &path, const std::string &text);
    package *import_package(std::string_view path, std::string *err);

  private:
    bool parse_into(std::vector<source_file> &files, std::vector<const ast::file *> &out);
    package *load_package_dir(const std::string &dir, const std::string &import_path, const std::string &want_name,
                              std::string *err);
    void find_module(const std::string &dir);

    evaluator &ev_;
    std::vector<std::unique_ptr<parsed_file>> parsed_;
    std::vector<const ast::file *> main_files_;
    std::vector<std::string> errors_;
    vertex *root_ = nullptr;
    std::string module_root_, module_path_;
    std::map<std::string, package *> loading_;
    int import_depth_ = 0;
};

}  // namespace forge::cue
