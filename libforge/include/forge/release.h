/*
 * Releases (spec.md §7, docs/releases.md): immutable OCI release images of a project at a commit,
 * with the project's deploy resources rendered to YAML and its artifacts published and tracked.
 * Releases live in a registry (`host[:port][/prefix]`) or an OCI image-layout directory
 * (`oci:DIR`): <where>/<repo>/<project>:<commit-sha>, plus the tags <number>, <git tag> and
 * <branch>-<number>. Results are JSON objects released with forge_free.
 *
 * Registry access comes from the context's configuration keys `registry.plain_http`,
 * `registry.ca_file`, `registry.insecure_tls`, `registry.docker_config`, `registry.username` and
 * `registry.password` (docs/configuration.md).
 */
#ifndef FORGE_RELEASE_H
#define FORGE_RELEASE_H

#include "forge/common.h"
#include "forge/context.h"

FORGE_BEGIN_DECLS

typedef struct forge_release_options {
    unsigned int version;   /* FORGE_RELEASE_OPTIONS_VERSION */
    const char *repository; /* the repository: a local path (required) */
    const char *project;    /* the project's name (required) */
    const char *commit;     /* any git revision; NULL: HEAD. Recorded as the full SHA */
    /* Where releases go: oci:DIR or host[:port][/prefix]. NULL: the context's `registry` key, else
     * repo.cue `registries`, else oci:<state_dir>/oci. */
    const char *registry;
    /* Where the producer steps left the artifacts (producer paths are relative to the project's
     * folder inside it). NULL: the repository path. */
    const char *work_dir;
    const char *branch;    /* the run's branch: release triggers and the alias <branch>-<n>; NULL: none */
    const char *tag;       /* the run's tag: release triggers and the alias (v1.2.0 of api/v1.2.0); NULL: none */
    int manual;            /* non-zero: a manual release, made even when no trigger fires */
    const char *run_id;    /* pipeline run recorded in tracking images; NULL: "release-<commit>" */
    const char *cache_dir; /* discovery cache; NULL: <state_dir>/discovery-cache when set */
} forge_release_options;

#define FORGE_RELEASE_OPTIONS_VERSION 1
#define FORGE_RELEASE_OPTIONS_INIT \
    { FORGE_RELEASE_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL }

/*
 * Creates the release of opts->project at opts->commit: publishes each artifact (docker, s3),
 * pushes its tracking image, renders the deploy resources and pushes the release image with the
 * next number. *out_json: {"repository","project","commit","number","aliases":{...},"image",
 * "digest","tags":[...],"artifacts":[{"name","image","digest"}]}.
 * FORGE_ECONFLICT when that commit is already released (releases are immutable);
 * FORGE_EUNSUPPORTED for publishers of type github, pypi, crate or npm.
 * @since 0.1
 */
FORGE_API int forge_release_create(char **out_json, forge_context *ctx, const forge_release_options *opts);

/*
 * The YAML that the release of opts->project would contain, as one multi-document stream (each
 * document preceded by a "# <file name>" comment). Nothing is built or pushed; @artifact(...).image
 * resolves to the tracking reference the release would use, digests stay placeholders. @since 0.1
 */
FORGE_API int forge_release_render(char **out_yaml, forge_context *ctx, const forge_release_options *opts);

/*
 * One release: release_ref is "<repo>/<project>/<sha|number|alias>"; registry NULL = the
 * context's `registry` key. *out_json: the metadata layer's fields ("repository", "project",
 * "number", "aliases", "trigger", "source", "artifacts") plus "image", "digest", "files" and, when
 * with_resources is non-zero, "resources": {file name: YAML}. @since 0.1
 */
FORGE_API int forge_release_show(char **out_json, forge_context *ctx, const char *registry, const char *release_ref,
                                 int with_resources);

/* Every release of "<repo>/<project>", oldest first: [{"number","commit","image","digest",
 * "aliases","trigger"}]. @since 0.1 */
FORGE_API int forge_release_list(char **out_json, forge_context *ctx, const char *registry, const char *project_ref);

FORGE_END_DECLS

#endif
