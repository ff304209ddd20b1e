#include "pipeline/local_run.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <fstream>
#include <set>

#include "adapters/fs/fs_object_store.hpp"
#include "core/ids.hpp"
#include "discovery/output.hpp"
#include "discovery/problem.hpp"
#include "discovery/repository_source.hpp"
#include "discovery/run_discovery.hpp"
#include "git/repository.hpp"
#include "objstore/objstore.hpp"
#include "pipeline/checkout.hpp"
#include "pipeline/scheduler.hpp"

namespace forge::pipeline {

namespace json = boost::json;
using sys_clock = std::chrono::system_clock;

namespace {

std::string joined(const std::set<std::string> &names) {
    std::string out;
    for (const auto &n : names) out += (out.empty() ? "" : ", ") + n;
    return out.empty() ? "none" : out;
}

long long millis_since(sys_clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(sys_clock::now() - start).count();
}

// The store logs and reports go to: the caller's, else fs under the state directory unless the
// context is configured for another adapter or another fs root.
result<std::shared_ptr<ports::object_store>> store_for(context &ctx, const local_run_options &o) {
    if (o.store) return o.store;
    auto &cfg = ctx.config();
    if (cfg.get_or("objstore.adapter", "fs") == "fs" && cfg.get_or("objstore.fs.root", "").empty())
        return std::shared_ptr<ports::object_store>(
            std::make_shared<adapters::fs_object_store>(o.state_dir / "objects"));
    return objstore::object_store_for(ctx);
}

// A state directory inside a work tree must not show up in `git status` or in local discovery.
status_result prepare_state_dir(const std::filesystem::path &dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return make_error(status::io, "creating the state directory " + dir.string() + ": " + ec.message());
    auto ignore = dir / ".gitignore";
    if (!std::filesystem::exists(ignore, ec)) {
        std::ofstream out(ignore);
        out << "# forge state: run reports, logs, checkouts and caches\n*\n";
        if (!out) return make_error(status::io, "writing " + ignore.string());
    }
    return {};
}

// The top of the work tree containing `path`, or `path` itself outside git.
struct located_repository {
    std::filesystem::path root;
    std::optional<git::repository> repo;
};

result<located_repository> locate(const std::string &path) {
    std::error_code ec;
    auto abs = std::filesystem::absolute(path, ec);
    if (ec || !std::filesystem::is_directory(abs, ec))
        return make_error(status::not_found, "repository " + path + ": not a directory");
    located_repository out;
    out.root = abs.lexically_normal();
    if (auto repo = git::repository::open(abs, true)) {
        if (auto wd = repo->work_dir()) out.root = std::filesystem::path(*wd).lexically_normal();
        out.repo.emplace(std::move(repo).value());
    }
    if (out.root.filename().empty()) out.root = out.root.parent_path();  // "/repo/" from libgit2
    return out;
}

void emit(const local_run_options &o, context &ctx, const std::string &run_id, std::string_view event,
          json::object fields) {
    if (!o.on_event) return;
    json::object e{{"event", event}, {"run_id", run_id}, {"timestamp", format_timestamp(sys_clock::now())}};
    for (auto &kv : fields) e[kv.key()] = std::move(kv.value());
    o.on_event(ctx.logger().secrets().mask(json::serialize(e)));
}

status_result store_report(context &ctx, local_run_outcome &out, const std::filesystem::path &state_dir) {
    std::string text = ctx.logger().secrets().mask(json::serialize(report_json(out.record, out.store.get())));
    text.push_back('\n');
    auto key = "pipeline-runs/" + objstore::key_segment(out.record.id) + "/report.json";
    FORGE_TRY(out.store->put(key, text));
    out.report_path = state_dir / "runs" / objstore::key_segment(out.record.id) / "report.json";
    std::error_code ec;
    std::filesystem::create_directories(out.report_path.parent_path(), ec);
    auto tmp = out.report_path;
    tmp += ".tmp";
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        f << text;
        if (!f) return make_error(status::io, "writing " + tmp.string());
    }
    std::filesystem::rename(tmp, out.report_path, ec);
    if (ec) return make_error(status::io, "writing " + out.report_path.string() + ": " + ec.message());
    return {};
}

}  // namespace

result<dag> select(const dag &d, const std::vector<std::string> &phases, const std::vector<std::string> &projects,
                   const std::vector<std::string> &known_projects) {
    std::set<std::string> known_phases, all_projects(known_projects.begin(), known_projects.end());
    for (const auto &g : d.groups)
        for (const auto &p : g.phases) known_phases.insert(p.name);
    for (const auto &p : phases)
        if (!known_phases.count(p))
            return make_error(status::invalid,
                              "--phase: no phase \"" + p + "\" (phases: " + joined(known_phases) + ")");
    for (const auto &p : projects)
        if (!all_projects.count(p))
            return make_error(status::invalid,
                              "--project: no project \"" + p + "\" (projects: " + joined(all_projects) + ")");
    if (phases.empty() && projects.empty()) return d;

    std::set<std::string> want_phases(phases.begin(), phases.end()), want_projects(projects.begin(), projects.end());
    dag out = d;
    out.groups.clear();
    for (const auto &g : d.groups) {
        phase_group kept{g.number, {}};
        for (const auto &p : g.phases) {
            if (!want_phases.empty() && !want_phases.count(p.name)) continue;
            phase ph = p;
            ph.tasks.clear();
            for (const auto &t : p.tasks)
                if (want_projects.empty() || want_projects.count(t.project)) ph.tasks.push_back(t);
            if (!ph.tasks.empty()) kept.phases.push_back(std::move(ph));
        }
        if (!kept.phases.empty()) out.groups.push_back(std::move(kept));
    }
    return out;
}

result<local_run_outcome> run_local(context &ctx, const local_run_options &o) {
    if (o.state_dir.empty()) return make_error(status::invalid, "a local run needs a state directory");
    FORGE_TRY(prepare_state_dir(o.state_dir));
    FORGE_TRY_ASSIGN(auto where, locate(o.repository));
    std::string run_id = o.run_id.empty() ? make_uuid_v4() : o.run_id;

    local_run_outcome out;
    FORGE_TRY_ASSIGN(out.store, store_for(ctx, o));

    // Which files: the work tree as it is, or a commit.
    discovery::discovery_request req;
    req.source.repository = where.root.string();
    req.source.revision = o.revision.empty() ? o.branch : o.revision;
    req.source.work_tree = req.source.revision.empty();
    req.run.branch = o.branch;
    if (req.run.branch.empty() && where.repo) {
        if (req.source.work_tree) {
            if (auto b = where.repo->current_branch(); b && *b) req.run.branch = **b;
        }
    }
    if (!req.source.work_tree && !where.repo)
        return make_error(status::invalid, where.root.string() + " is not a git repository, so it has no revision \"" +
                                               req.source.revision + "\"");
    req.cache_dir = o.state_dir / "discovery-cache";
    req.cache = o.cache;

    auto started = sys_clock::now();
    emit(o, ctx, run_id, "discovery.started",
         {{"repository", where.root.string()},
          {"revision", req.source.work_tree ? json::value(nullptr) : json::value(req.source.revision)}});
    FORGE_TRY_ASSIGN(out.discovery, discovery::discover_repository(req));
    if (!out.discovery.problems.empty()) {
        std::string msg = std::to_string(out.discovery.problems.size()) + " configuration problem" +
                          (out.discovery.problems.size() == 1 ? "" : "s") + " in " + where.root.string() + ":\n" +
                          discovery::format_problems(out.discovery.problems);
        msg.pop_back();
        return make_error(status::invalid, std::move(msg));
    }
    emit(o, ctx, run_id, "discovery.finished",
         {{"repository", out.discovery.repository},
          {"commit", out.discovery.commit.empty() ? json::value(nullptr) : json::value(out.discovery.commit)},
          {"projects", out.discovery.projects.size()},
          {"duration_ms", millis_since(started)}});

    std::vector<std::string> names;
    for (const auto &p : out.discovery.projects) names.push_back(p.name);
    FORGE_TRY_ASSIGN(out.selected, select(out.discovery.dag, o.phases, o.projects, names));
    out.selected.repository = out.discovery.repository;
    out.selected.commit = out.discovery.commit;
    out.selected.branch = out.discovery.run.branch;
    out.selected.tag = out.discovery.run.tag;

    if (o.dry_run) {
        out.record = plan_record(out.selected, run_id);
        out.workdir = where.root;
        return out;
    }

    // A commit runs in its own checkout, removed when the run (and its post-run stages) ends.
    std::filesystem::path checkout;
    if (!req.source.work_tree) {
        FORGE_TRY_ASSIGN(auto id, git::object_id::parse(out.discovery.commit));
        checkout = o.state_dir / "checkouts" / objstore::key_segment(run_id);
        std::error_code ec;
        std::filesystem::remove_all(checkout, ec);
        FORGE_TRY(check_out(*where.repo, id, checkout));
        out.workdir = checkout;
    } else {
        out.workdir = where.root;
    }
    struct checkout_remover {
        std::filesystem::path dir;
        ~checkout_remover() {
            std::error_code ec;
            if (!dir.empty()) std::filesystem::remove_all(dir, ec);
        }
    } remover{checkout};

    scheduler_options so;
    so.run_id = run_id;
    so.repo_root = out.workdir;
    so.jobs = o.jobs;
    so.state_dir = "";  // the report is written below, once, with the stages' outcome
    so.store = out.store;
    so.on_event = o.on_event;
    so.cancel_flag = o.cancel_flag;
    scheduler sched(ctx, std::move(so));
    FORGE_TRY_ASSIGN(out.record, sched.run(out.selected));

    if (out.record.status == run_status::success) {
        for (const auto &stage : o.post_run) {
            auto t0 = sys_clock::now();
            emit(o, ctx, run_id, "stage.started", {{"stage", stage.name}});
            auto done = stage.run ? stage.run(ctx, out) : status_result{};
            json::object f{
                {"stage", stage.name}, {"status", done ? "success" : "failed"}, {"duration_ms", millis_since(t0)}};
            if (!done) f["error"] = done.err().message;
            emit(o, ctx, run_id, "stage.finished", std::move(f));
            if (!done) {
                out.record.status = run_status::failed;
                break;
            }
        }
    }
    FORGE_TRY(store_report(ctx, out, o.state_dir));
    return out;
}

}  // namespace forge::pipeline
