// The evaluated configuration as typed values: repo.cue (phases, publishers, tagging) and a
// project.cue (steps per phase, artifacts, release triggers, deploy resources). Read from the
// engine's JSON leniently: a field of the wrong type is skipped (the schema reports it already).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace forge::discovery {

enum class tagging_strategy { monorepo, tag_all };

struct phase_def {
    std::string name;
    int group = 1;
    std::string description;
    std::optional<std::chrono::milliseconds> timeout;
    bool required = false;
};

struct repo_config {
    std::string forge_version;
    std::optional<std::string> name;
    tagging_strategy tagging = tagging_strategy::monorepo;
    std::vector<phase_def> phases;                                  // in the order repo.cue declares them
    std::map<std::string, std::string> publishers;                  // name -> type
    std::map<std::string, boost::json::object> publisher_settings;  // name -> its whole block
    boost::json::object environments;  // deployment policy per environment (gitops::deploy_policy)
    std::string release_registry, tracking_registry;

    const phase_def *phase(std::string_view name) const;
};

struct step_def {
    std::string name;
    std::string action;
    std::string target;
    std::string run;
    std::optional<std::chrono::milliseconds> timeout;
    std::map<std::string, std::string> env;
    std::map<std::string, std::string> secrets;  // env name -> secret reference as JSON text
};

struct project_phase {
    std::string name;
    std::vector<step_def> steps;
};

struct artifact_def {
    std::string name;
    std::string type;
    std::string producer_step;
    std::string producer_path;
    std::vector<std::string> publishers;
};

struct trigger {
    enum class kind { branch, tag, manual } type = kind::branch;
    std::string branch;  // the RE2 pattern of a branch trigger
};

struct project_config {
    std::optional<std::string> name;
    std::vector<project_phase> phases;
    std::vector<artifact_def> artifacts;
    std::vector<trigger> triggers;
    boost::json::array resources;  // deploy.resources as evaluated (@artifact placeholders kept)

    bool has_step(std::string_view step) const;
};

repo_config repo_from_json(const boost::json::value &v);
project_config project_from_json(const boost::json::value &v);

}  // namespace forge::discovery
