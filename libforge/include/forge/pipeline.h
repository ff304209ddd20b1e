/*
 * Running a pipeline on this machine: a DAG of phase groups, phases, tasks and steps (the output
 * of discovery, docs/discovery.md) executed in-process, with progress events, cancellation, logs in
 * the object store and a run report shaped like GET /v1/runs/{id}. See docs/execution.md.
 */
#ifndef FORGE_PIPELINE_H
#define FORGE_PIPELINE_H

#include "forge/common.h"
#include "forge/context.h"

FORGE_BEGIN_DECLS

/* A cancellation token: raise it from any thread or from a signal handler. */
typedef struct forge_cancel forge_cancel;

/* @since 0.1 */
FORGE_API int forge_cancel_new(forge_cancel **out);
/* NULL is fine. Free only after the calls using it have returned. @since 0.1 */
FORGE_API void forge_cancel_free(forge_cancel *cancel);
/* Asks every call holding the token to stop. Async-signal-safe; NULL is ignored. @since 0.1 */
FORGE_API void forge_cancel_request(forge_cancel *cancel);
/* 1 when the token was raised, else 0. @since 0.1 */
FORGE_API int forge_cancel_requested(const forge_cancel *cancel);

/*
 * Receives each progress event as one JSON object: {"event": "run.started" | "phase.started" |
 * "task.started" | "step.started" | "step.finished" | "task.finished" | "phase.finished" |
 * "run.finished", "run_id", "timestamp", ...}. Calls never overlap but come from worker threads.
 */
typedef void (*forge_event_cb)(const char *event_json, void *payload);

typedef struct forge_pipeline_options {
    unsigned int version;    /* FORGE_PIPELINE_OPTIONS_VERSION */
    const char *repo_root;   /* a task runs in <repo_root>/<project path>; NULL = "." */
    unsigned int jobs;       /* tasks at once; 0 = the number of cores */
    const char *state_dir;   /* reports go to <state_dir>/runs/<id>/; NULL = the context's state_dir */
    const char *run_id;      /* NULL = a new UUID */
    forge_event_cb on_event; /* may be NULL */
    void *event_payload;
    forge_cancel *cancel; /* may be NULL */
} forge_pipeline_options;

#define FORGE_PIPELINE_OPTIONS_VERSION 1
#define FORGE_PIPELINE_OPTIONS_INIT \
    { FORGE_PIPELINE_OPTIONS_VERSION, NULL, 0, NULL, NULL, NULL, NULL, NULL }

/*
 * Runs dag_json (a DAG as discovery produces it) to its end. Returns 0 when the run could be
 * carried out, whatever its outcome: *report_json is the run report and its "status" says
 * success, failed or cancelled. A negative status means the run could not start or its report
 * could not be written (invalid DAG, no object store, ...).
 * @since 0.1
 */
FORGE_API int forge_pipeline_run(char **report_json, forge_context *ctx, const char *dag_json,
                                 const forge_pipeline_options *opts);

/*
 * A run from a repository on this machine, as `forge run` makes it: discovery (of the work tree,
 * or of a revision checked out into the state directory), the DAG filtered to the phases and
 * projects asked for, the pipeline, the report. Events as above, preceded by "discovery.started"
 * and "discovery.finished" ({"projects", "commit", "duration_ms"}). See docs/execution.md.
 */
typedef struct forge_run_options {
    unsigned int version;   /* FORGE_RUN_OPTIONS_VERSION */
    const char *repository; /* a local path: a work tree or a folder inside one; NULL = "." */
    /* Commit SHA, branch, tag or any revision to run. NULL: the branch below when set, else the
       work tree as it is on disk (uncommitted and untracked files included). */
    const char *revision;
    const char *branch;        /* the run's branch (release triggers, report); NULL = the current one */
    const char *const *phases; /* run only these phases; NULL or 0 = every phase */
    size_t phase_count;
    const char *const *projects; /* run only these projects; NULL or 0 = every project */
    size_t project_count;
    unsigned int jobs; /* tasks at once; 0 = the number of cores */
    int dry_run;       /* non-zero: discover and return the plan (all "pending"); run nothing */
    /* Logs, reports, checkouts and caches (layout in docs/execution.md). NULL = the context's
       state_dir; one of the two is required. */
    const char *state_dir;
    const char *run_id;      /* NULL = a new UUID */
    forge_event_cb on_event; /* may be NULL */
    void *event_payload;
    forge_cancel *cancel; /* may be NULL */
    /* Since version 2. After a successful pipeline, every project whose release triggered is
       released (artifacts, tracking images, release image) and each fresh release is deployed to
       the environments whose policy deploys automatically (by default dev). */
    const char *registry; /* host[:port][/prefix] or oci:DIR; NULL = repo.cue, else oci:<state_dir>/oci */
    const char *gitops;   /* GitOps repository path or URL; NULL = <state_dir>/gitops.git (created) */
    int no_release;       /* non-zero: stop after the pipeline (no release, no deploy) */
    int no_deploy;        /* non-zero: release, but do not deploy */
} forge_run_options;

#define FORGE_RUN_OPTIONS_VERSION 2
#define FORGE_RUN_OPTIONS_INIT                                                                                         \
    {                                                                                                                  \
        FORGE_RUN_OPTIONS_VERSION, NULL, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, \
            0, 0                                                                                                       \
    }

/*
 * Runs the repository's pipeline, then (version 2 options, unless no_release) releases and deploys
 * what triggered, as "release" and "deploy" stages of the run: a failing stage fails the run.
 * Returns 0 when the run was carried out, whatever its outcome:
 * *report_json is the run report (GET /v1/runs/{id} shape) and its "status" says success, failed or
 * cancelled (with dry_run: the plan, every status "pending"). Fails with FORGE_EINVAL on invalid
 * configuration (every problem as "file:line:column: message" in the last error) or an unknown
 * phase or project name, FORGE_ENOTFOUND when the repository or revision does not exist.
 * @since 0.1
 */
FORGE_API int forge_run(char **report_json, forge_context *ctx, const forge_run_options *opts);

/*
 * The stored log of one step of a run (spec: pipeline-runs/<run>/logs/<phase>/<project>/<step>.log),
 * read from the context's object store. FORGE_ENOTFOUND when there is none.
 * @since 0.1
 */
FORGE_API int forge_logs_read(char **out, forge_context *ctx, const char *run_id, const char *phase,
                              const char *project, const char *step);

/* The log keys of a run as a JSON array, sorted. @since 0.1 */
FORGE_API int forge_logs_list(char **out_json, forge_context *ctx, const char *run_id);

FORGE_END_DECLS

#endif
