// Compiled regular expressions (RE2, Go syntax), cached per pattern for the evaluator's lifetime.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace re2 {
class RE2;
}

namespace forge::cue {

class regex_cache {
  public:
    regex_cache();
    ~regex_cache();
    // The compiled pattern, or null with *err set to RE2's message.
    const re2::RE2 *get(std::string_view pattern, std::string *err);

  private:
    std::unordered_map<std::string, std::unique_ptr<re2::RE2>> cache_;
};

regex_cache &thread_regex_cache();

bool regex_match(const re2::RE2 *re, std::string_view s);  // partial match, as Go's MatchString

}  // namespace forge::cue
