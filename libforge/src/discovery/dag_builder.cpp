#include "discovery/dag_builder.hpp"

#include <algorithm>

namespace forge::discovery {

pipeline::dag build_dag(const repo_config &repo, const std::vector<discovered_project> &projects) {
    std::vector<const phase_def *> phases;
    for (const auto &p : repo.phases) phases.push_back(&p);
    std::stable_sort(phases.begin(), phases.end(),
                     [](const phase_def *a, const phase_def *b) { return a->group < b->group; });

    std::vector<const discovered_project *> ordered;
    for (const auto &p : projects) ordered.push_back(&p);
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const discovered_project *a, const discovered_project *b) { return a->dir < b->dir; });

    pipeline::dag d;
    for (const phase_def *def : phases) {
        if (d.groups.empty() || d.groups.back().number != def->group)
            d.groups.push_back(pipeline::phase_group{def->group, {}});
        pipeline::phase ph;
        ph.name = def->name;
        ph.group = def->group;
        ph.timeout = def->timeout.value_or(pipeline::default_step_timeout);
        ph.required = def->required;
        for (const discovered_project *project : ordered) {
            for (const auto &pp : project->config.phases) {
                if (pp.name != def->name || pp.steps.empty()) continue;
                pipeline::task t;
                t.project = project->name;
                t.project_path = project->dir.empty() ? "." : project->dir;
                for (const auto &s : pp.steps) {
                    ports::step_spec spec;
                    spec.name = s.name;
                    spec.action = s.action;
                    spec.target = s.target;
                    spec.run = s.run;
                    spec.timeout = s.timeout.value_or(ph.timeout);
                    spec.workdir = t.project_path;
                    spec.env = s.env;
                    spec.secrets = s.secrets;
                    t.steps.push_back(std::move(spec));
                }
                ph.tasks.push_back(std::move(t));
            }
        }
        d.groups.back().phases.push_back(std::move(ph));
    }
    return d;
}

}  // namespace forge::discovery
