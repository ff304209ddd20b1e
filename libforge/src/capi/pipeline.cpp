// C API: running a pipeline DAG in-process, cancellation tokens and stored logs (forge/pipeline.h).
#include "forge/pipeline.h"

#include <atomic>
#include <boost/json.hpp>

#include "capi/handles.hpp"
#include "capi/shim.hpp"
#include "delivery/run_stages.hpp"
#include "discovery/run_discovery.hpp"
#include "objstore/objstore.hpp"
#include "pipeline/local_run.hpp"
#include "pipeline/scheduler.hpp"

using forge::capi::guard;
using forge::capi::require;

struct forge_cancel {
    std::atomic<bool> raised{false};
};

namespace {

forge::result<forge_pipeline_options> read_options(const forge_pipeline_options *opts) {
    forge_pipeline_options o = FORGE_PIPELINE_OPTIONS_INIT;
    if (opts == nullptr) return o;
    if (opts->version < 1 || opts->version > FORGE_PIPELINE_OPTIONS_VERSION)
        return forge::make_error(forge::status::invalid,
                                 "unsupported forge_pipeline_options version " + std::to_string(opts->version));
    o = *opts;
    return o;
}

forge::result<std::vector<std::string>> read_names(const char *const *names, size_t count, const char *field) {
    std::vector<std::string> out;
    if (count > 0 && names == nullptr)
        return forge::make_error(forge::status::invalid,
                                 std::string("opts->") + field + " is NULL but its count is not 0");
    for (size_t i = 0; i < count; ++i) {
        if (names[i] == nullptr || *names[i] == '\0')
            return forge::make_error(forge::status::invalid,
                                     std::string("opts->") + field + "[" + std::to_string(i) + "] is empty");
        out.emplace_back(names[i]);
    }
    return out;
}

forge::result<forge::pipeline::local_run_options> run_options_from(forge_context *ctx, const forge_run_options *opts) {
    using forge::make_error;
    using forge::status;
    if (opts == nullptr) return make_error(status::invalid, "opts must not be NULL");
    if (opts->version < 1 || opts->version > FORGE_RUN_OPTIONS_VERSION)
        return make_error(status::invalid, "unsupported forge_run_options version " + std::to_string(opts->version));
    forge::pipeline::local_run_options o;
    if (opts->repository != nullptr) o.repository = opts->repository;
    if (opts->revision != nullptr) o.revision = opts->revision;
    if (opts->branch != nullptr) o.branch = opts->branch;
    FORGE_TRY_ASSIGN(o.phases, read_names(opts->phases, opts->phase_count, "phases"));
    FORGE_TRY_ASSIGN(o.projects, read_names(opts->projects, opts->project_count, "projects"));
    o.jobs = opts->jobs;
    o.dry_run = opts->dry_run != 0;
    if (opts->state_dir != nullptr && *opts->state_dir != '\0') {
        o.state_dir = opts->state_dir;
    } else {
        o.state_dir = ctx->impl.config().get_or("state_dir", "");
        if (o.state_dir.empty())
            return make_error(status::invalid, "opts->state_dir is NULL and the context has no state_dir");
    }
    if (opts->run_id != nullptr) o.run_id = opts->run_id;
    if (opts->cancel != nullptr) o.cancel_flag = &opts->cancel->raised;
    if (opts->on_event != nullptr) {
        auto cb = opts->on_event;
        void *payload = opts->event_payload;
        o.on_event = [cb, payload](const std::string &event) { cb(event.c_str(), payload); };
    }
    if (opts->version >= 2 && opts->no_release == 0 && !o.dry_run) {
        forge::delivery::delivery_options d;
        d.state_dir = o.state_dir;
        d.registry =
            opts->registry != nullptr ? std::string(opts->registry) : ctx->impl.config().get_or("registry", "");
        if (opts->gitops != nullptr) d.gitops = opts->gitops;
        d.deploy = opts->no_deploy == 0;
        d.on_event = o.on_event;
        o.post_run = forge::delivery::delivery_stages(d);
    }
    o.cache = &ctx->discovery.for_dir(forge::discovery::evaluation_cache_dir(o.state_dir / "discovery-cache"));
    return o;
}

}  // namespace

extern "C" {

FORGE_API int forge_run(char **report_json, forge_context *ctx, const forge_run_options *opts) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(report_json, "report_json"));
        *report_json = nullptr;
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY_ASSIGN(auto o, run_options_from(ctx, opts));
        FORGE_TRY_ASSIGN(auto outcome, forge::pipeline::run_local(ctx->impl, o));
        std::string text = boost::json::serialize(forge::pipeline::report_json(outcome.record, outcome.store.get()));
        return forge::capi::give_string(report_json, ctx->impl.logger().secrets().mask(text));
    });
}

FORGE_API int forge_cancel_new(forge_cancel **out) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(out, "out"));
        *out = new forge_cancel();
        return {};
    });
}

FORGE_API void forge_cancel_free(forge_cancel *cancel) {
    delete cancel;
}

FORGE_API void forge_cancel_request(forge_cancel *cancel) {
    if (cancel != nullptr) cancel->raised.store(true, std::memory_order_relaxed);
}

FORGE_API int forge_cancel_requested(const forge_cancel *cancel) {
    return cancel != nullptr && cancel->raised.load(std::memory_order_relaxed) ? 1 : 0;
}

FORGE_API int forge_pipeline_run(char **report_json, forge_context *ctx, const char *dag_json,
                                 const forge_pipeline_options *opts) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(report_json, "report_json"));
        *report_json = nullptr;
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(dag_json, "dag_json"));
        FORGE_TRY_ASSIGN(auto o, read_options(opts));
        FORGE_TRY_ASSIGN(auto d, forge::pipeline::dag_from_json_text(dag_json));

        forge::pipeline::scheduler_options so;
        so.repo_root = o.repo_root != nullptr ? o.repo_root : ".";
        so.jobs = o.jobs;
        if (o.state_dir != nullptr) so.state_dir = o.state_dir;
        if (o.run_id != nullptr) so.run_id = o.run_id;
        if (o.cancel != nullptr) so.cancel_flag = &o.cancel->raised;
        if (o.on_event != nullptr) {
            auto cb = o.on_event;
            void *payload = o.event_payload;
            so.on_event = [cb, payload](const std::string &event) { cb(event.c_str(), payload); };
        }
        FORGE_TRY_ASSIGN(auto store, forge::objstore::object_store_for(ctx->impl));
        so.store = store;
        forge::pipeline::scheduler sched(ctx->impl, std::move(so));
        FORGE_TRY_ASSIGN(auto record, sched.run(d));
        return forge::capi::give_string(report_json,
                                        boost::json::serialize(forge::pipeline::report_json(record, store.get())));
    });
}

FORGE_API int forge_logs_read(char **out, forge_context *ctx, const char *run_id, const char *phase,
                              const char *project, const char *step) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(out, "out"));
        *out = nullptr;
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(run_id, "run_id"));
        FORGE_TRY(require(phase, "phase"));
        FORGE_TRY(require(project, "project"));
        FORGE_TRY(require(step, "step"));
        FORGE_TRY_ASSIGN(auto store, forge::objstore::object_store_for(ctx->impl));
        auto key = forge::objstore::log_key(run_id, phase, project, step);
        auto text = store->get(key);
        if (!text) return std::move(text).err().wrap("log " + key);
        return forge::capi::give_string(out, *text);
    });
}

FORGE_API int forge_logs_list(char **out_json, forge_context *ctx, const char *run_id) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(out_json, "out_json"));
        *out_json = nullptr;
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(run_id, "run_id"));
        FORGE_TRY_ASSIGN(auto store, forge::objstore::object_store_for(ctx->impl));
        FORGE_TRY_ASSIGN(auto keys, store->list("pipeline-runs/" + forge::objstore::key_segment(run_id) + "/logs/"));
        boost::json::array arr;
        for (const auto &k : keys) arr.emplace_back(k);
        return forge::capi::give_string(out_json, boost::json::serialize(arr));
    });
}

}  // extern "C"
