#include "cue/regex.hpp"

#include <re2/re2.h>

namespace forge::cue {

regex_cache::regex_cache() = default;
regex_cache::~regex_cache() = default;

const re2::RE2 *regex_cache::get(std::string_view pattern, std::string *err) {
    std::string key(pattern);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second.get();
    re2::RE2::Options opts;
    opts.set_log_errors(false);
    auto re = std::make_unique<re2::RE2>(key, opts);
    if (!re->ok()) {
        if (err) *err = re->error();
        return nullptr;
    }
    const re2::RE2 *p = re.get();
    cache_.emplace(std::move(key), std::move(re));
    return p;
}

regex_cache &thread_regex_cache() {
    thread_local regex_cache cache;
    return cache;
}

bool regex_match(const re2::RE2 *re, std::string_view s) {
    return re2::RE2::PartialMatch(re2::StringPiece(s.data(), s.size()), *re);
}

}  // namespace forge::cue
