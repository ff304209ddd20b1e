/* forge/gitops.h and forge/cmp.h as a C caller sees them: argument and option checks, the embedded
 * GitOps repository, deploy (idempotent), policy, history, env init, preview and the plugin's
 * render errors. Links only libforge.so. Prints "N passed, M failed". */
#define _XOPEN_SOURCE 700
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capi_check.h"
#include "forge/forge.h"

static const char *sha1 = "0123456789abcdef0123456789abcdef01234567";
static const char *sha2 = "89abcdef0123456789abcdef0123456789abcdef";

static char root[256];

static const char *path_in(char *buf, size_t size, const char *name) {
    snprintf(buf, size, "%s/%s", root, name);
    return buf;
}

static void test_arguments_and_options(forge_context *ctx) {
    char *out = (char *)"untouched";
    forge_gitops_options opts = FORGE_GITOPS_OPTIONS_INIT;
    CHECK(forge_gitops_deploy(NULL, ctx, &opts, "a/b/c", "dev", "x", NULL) == FORGE_EINVAL);
    CHECK(forge_gitops_deploy(&out, ctx, NULL, "a/b/c", "dev", "x", NULL) == FORGE_EINVAL);
    CHECK(out == NULL); /* cleared on entry */
    opts.version = 99;
    CHECK(forge_gitops_history(&out, ctx, &opts, "shop/api", NULL) == FORGE_EINVAL);
    CHECK(strstr(forge_last_error(), "version 99") != NULL);
    CHECK(forge_gitops_init_repository(NULL, ctx, NULL, NULL) == FORGE_EINVAL);
    CHECK(forge_cmp_generate(&out, ctx, NULL, NULL, 0, NULL) == FORGE_EINVAL);
    CHECK(forge_cmp_render(&out, ctx, "shop/api", NULL, NULL, NULL) == FORGE_EINVAL);
    {
        forge_cmp_options co = FORGE_CMP_OPTIONS_INIT;
        co.version = 7;
        CHECK(forge_cmp_render(&out, ctx, "shop/api", sha1, NULL, &co) == FORGE_EINVAL);
    }
}

static void test_deploy_history_preview(forge_context *ctx) {
    char repo[512], cache[512], layouts[512], registry[600], file[512];
    char *out = NULL;
    int created = -1;
    forge_gitops_options opts = FORGE_GITOPS_OPTIONS_INIT;
    FILE *f;

    path_in(repo, sizeof repo, "gitops.git");
    path_in(cache, sizeof cache, "cache");
    path_in(layouts, sizeof layouts, "oci");
    snprintf(registry, sizeof registry, "oci:%s", layouts);

    CHECK(forge_gitops_init_repository(&created, ctx, repo, NULL) == FORGE_OK);
    CHECK(created == 1);
    CHECK(forge_gitops_init_repository(&created, ctx, repo, "main") == FORGE_OK);
    CHECK(created == 0);
    path_in(file, sizeof file, "plain-file");
    f = fopen(file, "w");
    if (f != NULL) fclose(f);
    CHECK(forge_gitops_init_repository(&created, ctx, file, NULL) == FORGE_EINVAL);
    CHECK(forge_gitops_init_repository(&created, ctx, repo, "bad branch") == FORGE_EINVAL);

    opts.url = repo;
    opts.cache_dir = cache;
    opts.author_name = "C Test";
    {
        char ref[128];
        snprintf(ref, sizeof ref, "shop/api/%s", sha1);
        CHECK(forge_gitops_deploy(&out, ctx, &opts, ref, "dev", "ci", NULL) == FORGE_OK);
        CHECK(out != NULL && strstr(out, "\"unchanged\":false") != NULL);
        CHECK(out != NULL && strstr(out, "\"path\":\"dev/apps/shop/api/release.yaml\"") != NULL);
        forge_free(out);
        CHECK(forge_gitops_deploy(&out, ctx, &opts, ref, "dev", "ci", NULL) == FORGE_OK);
        CHECK(out != NULL && strstr(out, "\"unchanged\":true") != NULL);
        forge_free(out);
        out = NULL;
        CHECK(forge_gitops_deploy(&out, ctx, &opts, ref, "production", "ci", NULL) == FORGE_EPERM);
        CHECK(out == NULL);
        CHECK(strstr(forge_last_error(), "approv") != NULL);
        /* A number needs a registry to resolve it. */
        CHECK(forge_gitops_deploy(&out, ctx, &opts, "shop/api/7", "dev", "ci", NULL) == FORGE_EINVAL);
        CHECK(strstr(forge_last_error(), "registry") != NULL);
        snprintf(ref, sizeof ref, "shop/api/%s", sha2);
        CHECK(forge_gitops_deploy(&out, ctx, &opts, ref, "dev", "ci", NULL) == FORGE_OK);
        forge_free(out);
    }
    CHECK(forge_gitops_rollback(&out, ctx, &opts, "shop/api", "dev", NULL, "ci", NULL) == FORGE_OK);
    CHECK(out != NULL && strstr(out, sha1) != NULL);
    forge_free(out);
    CHECK(forge_gitops_history(&out, ctx, &opts, "shop/api", "dev") == FORGE_OK);
    CHECK(out != NULL && out[0] == '[' && strstr(out, sha2) != NULL);
    forge_free(out);
    CHECK(forge_gitops_env_init(&out, ctx, &opts, "dev", "https://git.example.com/gitops.git") == FORGE_OK);
    CHECK(out != NULL && strstr(out, "\"commit\"") != NULL);
    forge_free(out);
    CHECK(forge_gitops_history(&out, ctx, &opts, "not-a-project-ref", NULL) == FORGE_EINVAL);

    /* Preview: the image is not in the (empty) layout store. */
    opts.registry = registry;
    out = (char *)"untouched";
    CHECK(forge_gitops_preview(&out, ctx, &opts, "shop/api", "dev", NULL, NULL) == FORGE_ENOTFOUND);
    CHECK(out == NULL);
    CHECK(strstr(forge_last_error(), sha1) != NULL);
    CHECK(forge_gitops_preview(&out, ctx, &opts, "shop/web", "dev", NULL, NULL) == FORGE_ENOTFOUND);
    CHECK(strstr(forge_last_error(), "not deployed") != NULL);
}

static void test_cmp_errors(forge_context *ctx) {
    char layouts[512], registry[600], dir[512];
    const char *env[] = {"ARGOCD_APP_NAME=dev-shop-api", "ARGOCD_APP_NAMESPACE=shop-api"};
    const char *bad_env[] = {"NOEQUALS"};
    char *out = NULL;
    forge_cmp_options co = FORGE_CMP_OPTIONS_INIT;
    path_in(layouts, sizeof layouts, "oci");
    snprintf(registry, sizeof registry, "oci:%s", layouts);
    co.registry = registry;

    CHECK(forge_cmp_generate(&out, ctx, root, env, 2, &co) == FORGE_EINVAL);
    CHECK(out == NULL);
    CHECK(strstr(forge_last_error(), "pointer ") != NULL);
    CHECK(strstr(forge_last_error(), "<env>/apps/<repo>/<project>") != NULL);
    CHECK(forge_cmp_generate(&out, ctx, root, bad_env, 1, &co) == FORGE_EINVAL);
    CHECK(strstr(forge_last_error(), "KEY=VALUE") != NULL);
    snprintf(dir, sizeof dir, "%s/gitops/dev/apps/shop/api", root);
    CHECK(forge_cmp_generate(&out, ctx, dir, env, 2, &co) == FORGE_ENOTFOUND); /* no release.yaml */
    CHECK(forge_cmp_render(&out, ctx, "shop/api", sha1, NULL, &co) == FORGE_ENOTFOUND);
    CHECK(strstr(forge_last_error(), "image oci:") != NULL);
    CHECK(forge_cmp_render(&out, ctx, "shop/api", "abc", NULL, &co) == FORGE_EINVAL);
    /* No registry anywhere. */
    CHECK(forge_cmp_render(&out, ctx, "shop/api", sha1, NULL, NULL) == FORGE_EINVAL);
    CHECK(strstr(forge_last_error(), "registry") != NULL);
    /* The registry.* keys are checked. */
    CHECK(forge_context_set(ctx, "registry.plain_http", "sometimes") == FORGE_OK);
    CHECK(forge_cmp_render(&out, ctx, "shop/api", sha1, NULL, &co) == FORGE_EINVAL);
    CHECK(strstr(forge_last_error(), "registry.plain_http") != NULL);
    CHECK(forge_context_set(ctx, "registry.plain_http", "auto") == FORGE_OK);
}

int main(void) {
    forge_context *ctx = NULL;
    char cmd[300];
    snprintf(root, sizeof root, "/tmp/forge-capi-gitops-XXXXXX");
    if (mkdtemp(root) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    CHECK(forge_context_new(&ctx, NULL) == FORGE_OK);
    test_arguments_and_options(ctx);
    test_deploy_history_preview(ctx);
    test_cmp_errors(ctx);
    forge_context_free(ctx);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", root);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
