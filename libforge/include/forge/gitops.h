/*
 * GitOps deployment (spec.md §8, docs/gitops.md): ReleasePointer commits to the GitOps repository
 * (<env>/apps/<repo>/<project>/release.yaml) with retry on rejected pushes, promotion, rollback,
 * history and environment scaffolding. Results are JSON objects released with forge_free.
 */
#ifndef FORGE_GITOPS_H
#define FORGE_GITOPS_H

#include "forge/common.h"
#include "forge/context.h"

FORGE_BEGIN_DECLS

typedef struct forge_gitops_options {
    unsigned int version;       /* FORGE_GITOPS_OPTIONS_VERSION */
    const char *url;            /* the GitOps repository: local path, file:// or https:// (required) */
    const char *cache_dir;      /* its clone; NULL = <state_dir>/gitops (state_dir must be set then) */
    const char *branch;         /* NULL = "main" */
    const char *token_ref_json; /* secret reference of an https token, or NULL */
    const char *author_name;    /* commit author; NULL = "Catalyst Forge" */
    const char *author_email;   /* NULL = "forge@projectcatalyst.io" */
    const char *policy_json;    /* repo.cue `environments` (or a whole exported repo.cue); NULL = defaults */
    const char *registry;       /* release store for numbers and aliases: oci:DIR; NULL = the context's */
} forge_gitops_options;

#define FORGE_GITOPS_OPTIONS_VERSION 1
#define FORGE_GITOPS_OPTIONS_INIT \
    { FORGE_GITOPS_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL }

/*
 * Deploys release_ref "<repo>/<project>/<sha|number|alias>" to env. A full SHA needs no registry;
 * a number or alias is resolved through the registry's tags. approved_by may be NULL (production
 * refuses that with FORGE_EPERM). *out_json: {"env","repository","project","path","commit",
 * "unchanged","attempts","pointer":{...}}. Writing the pointer already there makes no commit.
 * @since 0.1
 */
FORGE_API int forge_gitops_deploy(char **out_json, forge_context *ctx, const forge_gitops_options *opts,
                                  const char *release_ref, const char *env, const char *deployed_by,
                                  const char *approved_by);

/* Copies the pointer of <repo>/<project> in from_env to to_env (aliases kept). @since 0.1 */
FORGE_API int forge_gitops_promote(char **out_json, forge_context *ctx, const forge_gitops_options *opts,
                                   const char *project_ref, const char *from_env, const char *to_env,
                                   const char *deployed_by, const char *approved_by);

/* Points env back at an earlier release from the file's history: `to` (SHA prefix, number or alias)
 * or, when NULL, the previous different release. @since 0.1 */
FORGE_API int forge_gitops_rollback(char **out_json, forge_context *ctx, const forge_gitops_options *opts,
                                    const char *project_ref, const char *env, const char *to, const char *deployed_by,
                                    const char *approved_by);

/* The pointer's history from the git log, newest first, as a JSON array; env NULL = every
 * environment. @since 0.1 */
FORGE_API int forge_gitops_history(char **out_json, forge_context *ctx, const forge_gitops_options *opts,
                                   const char *project_ref, const char *env);

/* Writes pointer_yaml (a ReleasePointer) as <env>/apps/<repo>/<project>/release.yaml with message.
 * @since 0.1 */
FORGE_API int forge_gitops_write_pointer(char **out_json, forge_context *ctx, const forge_gitops_options *opts,
                                         const char *env, const char *project_ref, const char *pointer_yaml,
                                         const char *message);

/* Scaffolds <env>/app.yaml and <env>/env.yaml; argocd_repo_url is the URL Argo CD clones (NULL = url).
 * *out_json: {"commit","unchanged"}. @since 0.1 */
FORGE_API int forge_gitops_env_init(char **out_json, forge_context *ctx, const forge_gitops_options *opts,
                                    const char *env, const char *argocd_repo_url);

/* What the plugin would print for <repo>/<project> in env: the deployed release, or release_ref
 * (SHA, number or alias) when not NULL, plus the project's env.yaml. cache_dir: the blob cache
 * (NULL = <state_dir>/cmp-cache or none). @since 0.1 */
FORGE_API int forge_gitops_preview(char **out_yaml, forge_context *ctx, const forge_gitops_options *opts,
                                   const char *project_ref, const char *env, const char *release_ref,
                                   const char *cache_dir);

/*
 * Creates an empty bare GitOps repository at path (HEAD on branch, NULL = "main"), the embedded
 * default when no --gitops is given. *out_created (may be NULL) is 1 when it was created, 0 when a
 * bare repository was already there; FORGE_EINVAL when path is something else. @since 0.1
 */
FORGE_API int forge_gitops_init_repository(int *out_created, forge_context *ctx, const char *path, const char *branch);

FORGE_END_DECLS

#endif
