// Whether a run releases a project (spec.md §1): branch triggers are RE2 patterns that must match
// the whole branch name; tags follow the repository's tagging strategy (monorepo: `<project>/v*`
// releases that project only; tag-all: a bare `v*` tag releases every project with a tag trigger);
// manual triggers fire on manual runs; pull-request runs never release.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "discovery/config_model.hpp"

namespace forge::discovery {

enum class run_event { push, pull_request, manual };

const char *event_name(run_event e);
std::optional<run_event> parse_event(std::string_view name);

struct run_info {
    std::string branch;  // empty when the run is not on a branch (e.g. a tag push)
    std::string tag;     // empty when the run is not for a tag
    run_event event = run_event::push;
};

struct release_decision {
    bool triggered = false;
    std::string reason;  // why (not), for people: "branch main matches \"main\""
};

// Triggers with invalid patterns never match (validation reports them).
release_decision decide_release(const std::vector<trigger> &triggers, std::string_view project_name,
                                tagging_strategy strategy, const run_info &run);

}  // namespace forge::discovery
