#include "discovery/triggers.hpp"

#include <re2/re2.h>

#include <memory>
#include <unordered_map>

namespace forge::discovery {

const char *event_name(run_event e) {
    switch (e) {
        case run_event::push:
            return "push";
        case run_event::pull_request:
            return "pull_request";
        case run_event::manual:
            return "manual";
    }
    return "push";
}

std::optional<run_event> parse_event(std::string_view name) {
    if (name == "push") return run_event::push;
    if (name == "pull_request") return run_event::pull_request;
    if (name == "manual") return run_event::manual;
    return std::nullopt;
}

namespace {

std::string quote(std::string_view s) {
    return "\"" + std::string(s) + "\"";
}

// The tag prefix that releases this project under the strategy: "api/v" or "v".
std::string tag_prefix(std::string_view project, tagging_strategy strategy) {
    return strategy == tagging_strategy::monorepo ? std::string(project) + "/v" : std::string("v");
}

// Compiled patterns, per thread: a monorepo's projects mostly share a handful of patterns, and
// compiling one is far dearer than matching it.
const RE2 &compiled(const std::string &pattern) {
    thread_local std::unordered_map<std::string, std::unique_ptr<RE2>> cache;
    if (auto it = cache.find(pattern); it != cache.end()) return *it->second;
    if (cache.size() >= 4096) cache.clear();
    RE2::Options opts;
    opts.set_log_errors(false);
    return *cache.emplace(pattern, std::make_unique<RE2>(pattern, opts)).first->second;
}

bool branch_matches(const std::string &pattern, const std::string &branch) {
    const RE2 &re = compiled(pattern);
    return re.ok() && RE2::FullMatch(branch, re);
}

}  // namespace

release_decision decide_release(const std::vector<trigger> &triggers, std::string_view project_name,
                                tagging_strategy strategy, const run_info &run) {
    if (run.event == run_event::pull_request) return {false, "pull_request runs never release"};
    if (triggers.empty()) return {false, "the project has no release triggers"};

    std::string why_not;
    auto note = [&why_not](const std::string &s) {
        if (why_not.find(s) == std::string::npos) why_not += (why_not.empty() ? "" : "; ") + s;
    };
    const std::string prefix = tag_prefix(project_name, strategy);
    for (const trigger &t : triggers) {
        switch (t.type) {
            case trigger::kind::branch:
                if (run.branch.empty()) {
                    note("not a branch run");
                } else if (branch_matches(t.branch, run.branch)) {
                    return {true, "branch " + run.branch + " matches " + quote(t.branch)};
                } else {
                    note("branch " + run.branch + " does not match " + quote(t.branch));
                }
                break;
            case trigger::kind::tag:
                if (run.tag.empty()) {
                    note("no tag");
                } else if (run.tag.starts_with(prefix)) {
                    return {true, "tag " + run.tag + " matches " + prefix + "*" +
                                      (strategy == tagging_strategy::monorepo ? " (monorepo tagging)"
                                                                              : " (tag-all tagging)")};
                } else {
                    note("tag " + run.tag + " is not " + prefix + "*" +
                         (strategy == tagging_strategy::monorepo ? " (monorepo tagging)" : " (tag-all tagging)"));
                }
                break;
            case trigger::kind::manual:
                if (run.event == run_event::manual) return {true, "manual run"};
                note("not a manual run");
                break;
        }
    }
    return {false, why_not};
}

}  // namespace forge::discovery
