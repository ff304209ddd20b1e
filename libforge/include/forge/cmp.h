/*
 * The Argo CD Config Management Plugin's render (docs/cmp.md): a ReleasePointer folder in, one
 * multi-document YAML stream out. The library reads no environment variables: pass them in.
 */
#ifndef FORGE_CMP_H
#define FORGE_CMP_H

#include "forge/common.h"
#include "forge/context.h"

FORGE_BEGIN_DECLS

typedef struct forge_cmp_options {
    unsigned int version;  /* FORGE_CMP_OPTIONS_VERSION */
    const char *registry;  /* oci:DIR or host[:port][/prefix]; NULL = the context's `registry` */
    const char *cache_dir; /* content-addressed blob cache; NULL = no cache (nothing is written) */
} forge_cmp_options;

#define FORGE_CMP_OPTIONS_VERSION 1
#define FORGE_CMP_OPTIONS_INIT \
    { FORGE_CMP_OPTIONS_VERSION, NULL, NULL }

/*
 * Renders the application folder app_dir (<env>/apps/<repo>/<project>, as Argo CD runs the
 * plugin): the release's Kubernetes objects, then env.yaml. env: "KEY=VALUE" strings (ARGOCD_APP_NAME,
 * ARGOCD_APP_NAMESPACE, ARGOCD_ENV_*), may be NULL when env_count is 0. On failure nothing is
 * returned and the last error is one line naming the pointer, the image and the cause.
 * @since 0.1
 */
FORGE_API int forge_cmp_generate(char **out_yaml, forge_context *ctx, const char *app_dir, const char *const *env,
                                 size_t env_count, const forge_cmp_options *opts);

/* The same render for release `sha` of project_ref "<repo>/<project>" plus env_yaml (may be NULL). @since 0.1 */
FORGE_API int forge_cmp_render(char **out_yaml, forge_context *ctx, const char *project_ref, const char *sha,
                               const char *env_yaml, const forge_cmp_options *opts);

FORGE_END_DECLS

#endif
