#include "discovery/discover.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <thread>

#include "discovery/config_eval.hpp"
#include "discovery/dag_builder.hpp"
#include "discovery/parallel.hpp"
#include "discovery/project_checks.hpp"
#include "discovery/project_finder.hpp"
#include "discovery/repository_name.hpp"

namespace forge::discovery {

namespace {

unsigned thread_count(unsigned requested, std::size_t work) {
    unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    unsigned n = requested ? requested : std::min(hw, 4u);
    if (work < 16) n = 1;  // not worth starting threads
    return n;
}

std::string folder_name(std::string_view dir) {
    auto slash = dir.rfind('/');
    return std::string(slash == std::string_view::npos ? dir : dir.substr(slash + 1));
}

bool valid_name(const std::string &name) {
    static const RE2 re("[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?");
    return RE2::FullMatch(name, re);
}

// repo.cue: its evaluation, or the problems that make it unusable.
struct repo_outcome {
    std::optional<repo_config> config;
    std::vector<problem> problems;
    std::string digest;
};

result<repo_outcome> load_repo_config(const git::source_tree &source) {
    repo_outcome out;
    auto text = source.read(repo_config_path);
    if (!text.ok()) {
        if (text.err().code != status::not_found) return std::move(text).err();
        out.problems.push_back(
            problem{"not found: every repository needs .forge/repo.cue (forgeVersion, phases, publishers)",
                    std::string(repo_config_path), 0, 0});
        out.digest = digest_of({"missing"});
        return out;
    }
    out.digest = digest_of({*text});
    config_file file(std::string(repo_config_path), std::move(*text));
    evaluation ev = evaluate_config(file, config_kind::repo);
    out.problems = std::move(ev.problems);
    if (ev.value) {
        out.config = repo_from_json(*ev.value);
        if (out.config->phases.empty())
            out.problems.push_back(file.at("phases", "no phases: define at least one, e.g. test: {group: 1}", true));
    } else if (ev.raw) {
        // Broken against the schema: keep what can be read so projects are still checked.
        out.config = repo_from_json(*ev.raw);
    }
    return out;
}

}  // namespace

result<discovery_result> discover(const git::source_tree &source, const discover_options &opts) {
    discovery_result res;
    res.repository_url = opts.repository_url;
    res.commit = opts.commit;
    res.run = opts.run;

    FORGE_TRY_ASSIGN(repo_outcome repo, load_repo_config(source));
    res.problems = repo.problems;
    const repo_config *repo_ptr = repo.config ? &*repo.config : nullptr;
    if (repo.config) res.repo = *repo.config;
    res.repository = repository_short_name(res.repo.name, std::nullopt, opts.fallback_name);

    std::vector<git::project_location> locations;
    if (opts.cache && opts.repository && opts.commit_id) {
        FORGE_TRY_ASSIGN(locations, find_projects_incremental(*opts.repository, *opts.commit_id, *opts.cache));
    } else {
        FORGE_TRY_ASSIGN(locations, source.find_projects());
    }
    res.stats.projects = locations.size();

    // Cached analyses first; the rest are read (serially: the source is single-threaded) and then
    // evaluated on a few threads.
    std::vector<std::shared_ptr<const project_analysis>> analyses(locations.size());
    std::vector<std::string> keys(locations.size());
    std::vector<std::size_t> todo;
    std::vector<std::string> texts(locations.size());
    for (std::size_t i = 0; i < locations.size(); ++i) {
        keys[i] = cache_key(locations[i].dir, locations[i].forge_tree, repo.digest);
        if (opts.cache) analyses[i] = opts.cache->find(keys[i]);
        if (analyses[i]) continue;
        FORGE_TRY_ASSIGN(texts[i], source.read(locations[i].config_path));
        todo.push_back(i);
    }
    res.stats.cached = locations.size() - todo.size();
    res.stats.evaluated = todo.size();
    parallel_for(todo.size(), thread_count(opts.threads, todo.size()), [&](std::size_t k) {
        std::size_t i = todo[k];
        auto a = std::make_shared<const project_analysis>(
            analyse_project(locations[i].dir, locations[i].config_path, std::move(texts[i]), repo_ptr));
        if (opts.cache) opts.cache->store(keys[i], a);
        analyses[i] = std::move(a);
    });
    if (opts.cache) opts.cache->flush();

    // Names, duplicates, triggers.
    std::map<std::string, std::size_t> first_with_name;
    for (std::size_t i = 0; i < analyses.size(); ++i) {
        const project_analysis &a = *analyses[i];
        res.problems.insert(res.problems.end(), a.problems.begin(), a.problems.end());
        discovered_project p;
        p.dir = a.dir;
        p.config_path = a.config_path;
        p.config = project_from_json(a.config);
        bool named = p.config.name.has_value();
        p.name = named ? *p.config.name : (a.dir.empty() ? res.repository : folder_name(a.dir));
        p.id = res.repository + "/" + p.name;
        problem where{"", a.config_path, named ? a.name_position.line : 0, named ? a.name_position.column : 0};
        if (!named && !valid_name(p.name)) {
            where.message =
                "the project's name \"" + p.name +
                "\" comes from its folder and is not a valid name (lower-case letters, digits, '.', '_', '-'): "
                "set `name` in project.cue";
            res.problems.push_back(where);
        }
        if (auto [it, inserted] = first_with_name.emplace(p.name, i); !inserted) {
            const auto &other = res.projects[it->second];
            where.message =
                "duplicate project name \"" + p.name + "\": used by " + other.config_path + " and " + a.config_path;
            res.problems.push_back(where);
        }
        p.release = decide_release(p.config.triggers, p.name, res.repo.tagging, opts.run);
        res.projects.push_back(std::move(p));
    }
    sort_problems(res.problems);
    res.dag = build_dag(res.repo, res.projects);
    res.dag.repository = res.repository;
    res.dag.commit = res.commit;
    res.dag.branch = res.run.branch;
    res.dag.tag = res.run.tag;
    return res;
}

}  // namespace forge::discovery
