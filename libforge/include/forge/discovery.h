/*
 * Discovery: the projects of a repository at a commit (or in a work tree), their configuration
 * checked against the platform schemas, the pipeline DAG and which projects release in a run.
 * The output's fields are described in docs/discovery.md.
 */
#ifndef FORGE_DISCOVERY_H
#define FORGE_DISCOVERY_H

#include "forge/common.h"
#include "forge/context.h"

FORGE_BEGIN_DECLS

typedef struct forge_discover_options {
    unsigned int version;   /* FORGE_DISCOVER_OPTIONS_VERSION */
    const char *repository; /* a local path (work tree, inside one, or bare) or a URL (file://, https://) */
    const char *revision;   /* commit SHA, branch, tag or any git revision; NULL: HEAD. Unused in local mode */
    const char *branch;     /* the run's branch, for release triggers; NULL: none */
    const char *tag;        /* the run's tag, for release triggers; NULL: none */
    const char *event;      /* "push" (NULL), "pull_request" or "manual" */
    /*
     * Clones of URLs (<cache_dir>/git) and cached project evaluations (<cache_dir>/projects).
     * NULL: <state_dir>/discovery-cache when the context's state_dir is set, else no disk cache
     * (and URLs are refused). Evaluations are also cached in memory, per context.
     */
    const char *cache_dir;
    int local;              /* non-zero: local mode, the work tree's files, committed or not */
} forge_discover_options;

#define FORGE_DISCOVER_OPTIONS_VERSION 1
#define FORGE_DISCOVER_OPTIONS_INIT { FORGE_DISCOVER_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, 0 }

/*
 * Discovers the repository and returns the discovery output (JSON, at most 1 MiB). Invalid
 * configuration fails with FORGE_EINVAL and a last error listing every problem as
 * "file:line:column: message", one per line; an output above 1 MiB fails with FORGE_ELIMIT.
 * @since 0.1
 */
FORGE_API int forge_discover(char **out_json, forge_context *ctx, const forge_discover_options *opts);

/*
 * The pipeline DAG of a discovery as text: format "text" (a tree of groups, phases, projects and
 * steps), "dot" (Graphviz) or "json" (the DAG object of the discovery output). @since 0.1
 */
FORGE_API int forge_dag_render(char **out, forge_context *ctx, const forge_discover_options *opts, const char *format);

/*
 * Checks the configuration of the repository or folder at `path` in local mode (uncommitted and
 * untracked files included). Returns 0 with a JSON array of problems in *errors_json, empty when
 * the configuration is valid: [{"message", "file", "line", "column"}]. Fails only when the path
 * cannot be read. @since 0.1
 */
FORGE_API int forge_validate(char **errors_json, forge_context *ctx, const char *path);

FORGE_END_DECLS

#endif
