/* Releases and OCI images through the C API only (forge/release.h, forge/oci.h): a git repository
 * with a binary artifact published to the embedded object store, released into the embedded OCI
 * layout under the state directory. Prints "N passed, M failed". */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capi_check.h"
#include "forge/forge.h"

static char root[256], repo[300], state[300], sha[64];

static void write_file(const char *rel, const char *text) {
    char path[600], cmd[700];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", repo, rel);
    snprintf(cmd, sizeof cmd, "mkdir -p \"$(dirname '%s')\"", path);
    if (system(cmd) != 0) abort();
    f = fopen(path, "w");
    if (f == NULL) abort();
    fputs(text, f);
    fclose(f);
}

static void make_repository(void) {
    char cmd[1200];
    FILE *p;
    strcpy(root, "/tmp/forge-capi-release-XXXXXX");
    if (mkdtemp(root) == NULL) abort();
    snprintf(repo, sizeof repo, "%s/repo", root);
    snprintf(state, sizeof state, "%s/state", root);
    write_file(".forge/repo.cue",
               "package repo\nforgeVersion: \"0.1.0\"\nname: \"demo\"\n"
               "phases: build: group: 1\n"
               "publishers: {files: {type: \"s3\", prefix: \"artifacts\"}, gh: {type: \"github\"}}\n");
    write_file(
        "web/.forge/project.cue",
        "package project\nname: \"web\"\n"
        "phases: build: steps: [{name: \"bin\", action: \"shell\", run: \"true\"}]\n"
        "artifacts: app: {type: \"binary\", producer: {step: \"bin\", path: \"out/app\"}, publishers: [\"files\"]}\n"
        "release: on: [{manual: true}]\n"
        "deploy: resources: [{apiVersion: \"v1\", kind: \"ConfigMap\", metadata: name: \"web\", "
        "data: {image: @artifact(\"app\").image, digest: @artifact(\"app\").digest}}]\n");
    write_file("web/out/app", "#!/bin/sh\necho hello\n");
    write_file("cli/.forge/project.cue",
               "package project\nname: \"cli\"\n"
               "phases: build: steps: [{name: \"bin\", action: \"shell\", run: \"true\"}]\n"
               "artifacts: tool: {type: \"binary\", producer: {step: \"bin\", path: \"tool\"}, publishers: [\"gh\"]}\n"
               "release: on: [{manual: true}]\n");
    write_file("cli/tool", "tool\n");
    snprintf(cmd, sizeof cmd,
             "cd '%s' && git init -q && git add -A && git -c user.name=t -c user.email=t@example.com commit -qm init",
             repo);
    if (system(cmd) != 0) abort();
    snprintf(cmd, sizeof cmd, "git -C '%s' rev-parse HEAD", repo);
    p = popen(cmd, "r");
    if (p == NULL || fgets(sha, sizeof sha, p) == NULL) abort();
    pclose(p);
    sha[strcspn(sha, "\n")] = '\0';
}

static void test_release_flow(void) {
    forge_context *ctx = NULL;
    forge_release_options opts = FORGE_RELEASE_OPTIONS_INIT;
    char *out = NULL, ref[400], layout[600], copy_to[700];
    CHECK(forge_context_new(&ctx, NULL) == FORGE_OK);
    CHECK(forge_context_set(ctx, "state_dir", state) == FORGE_OK);
    opts.repository = repo;
    opts.project = "web";
    opts.manual = 1;

    /* render: the tracking reference is known before anything is built */
    CHECK(forge_release_render(&out, ctx, &opts) == FORGE_OK);
    snprintf(ref, sizeof ref, "image: \"oci:%s/oci/demo/web/app:sha-%s\"", state, sha);
    CHECK(out != NULL && strstr(out, ref) != NULL);
    CHECK(out != NULL && strstr(out, "# 00-configmap-web.yaml") != NULL);
    forge_free(out);

    /* create: number 1; the same commit again is a conflict */
    CHECK(forge_release_create(&out, ctx, &opts) == FORGE_OK);
    CHECK(out != NULL && strstr(out, "\"number\":1") != NULL);
    CHECK(out != NULL && strstr(out, sha) != NULL);
    forge_free(out);
    out = NULL;
    CHECK(forge_release_create(&out, ctx, &opts) == FORGE_ECONFLICT);
    CHECK(out == NULL);
    CHECK(strstr(forge_last_error(), "immutable") != NULL);

    /* show by number with resources; list */
    snprintf(layout, sizeof layout, "oci:%s/oci", state);
    CHECK(forge_release_show(&out, ctx, layout, "demo/web/1", 1) == FORGE_OK);
    CHECK(out != NULL && strstr(out, "00-configmap-web.yaml") != NULL);
    CHECK(out != NULL && strstr(out, "digest: \\\"sha256:") != NULL);
    forge_free(out);
    CHECK(forge_release_list(&out, ctx, layout, "demo/web") == FORGE_OK);
    CHECK(out != NULL && out[0] == '[' && strstr(out, "\"number\":1") != NULL);
    forge_free(out);
    CHECK(forge_release_show(&out, ctx, layout, "demo/web/2", 0) == FORGE_ENOTFOUND);

    /* oci inspect and copy of the release image */
    snprintf(ref, sizeof ref, "oci:%s/oci/demo/web:%s", state, sha);
    CHECK(forge_oci_inspect(&out, ctx, ref) == FORGE_OK);
    CHECK(out != NULL && strstr(out, "application/vnd.forge.release.v1") != NULL);
    forge_free(out);
    snprintf(copy_to, sizeof copy_to, "oci:%s/copy:v1", root);
    CHECK(forge_oci_copy(&out, ctx, ref, copy_to) == FORGE_OK);
    CHECK(out != NULL && strstr(out, "\"digest\":\"sha256:") != NULL);
    forge_free(out);
    CHECK(forge_oci_push(&out, ctx, ref, copy_to) == FORGE_EINVAL); /* push needs a registry destination */

    /* a publisher type that is not implemented says so */
    opts.project = "cli";
    CHECK(forge_release_create(&out, ctx, &opts) == FORGE_EUNSUPPORTED);
    CHECK(strstr(forge_last_error(), "not supported yet") != NULL);

    /* arguments */
    CHECK(forge_release_create(NULL, ctx, &opts) == FORGE_EINVAL);
    CHECK(forge_release_show(&out, ctx, layout, "no-slash", 0) == FORGE_EINVAL);
    opts.version = 99;
    CHECK(forge_release_render(&out, ctx, &opts) == FORGE_EINVAL);
    forge_context_free(ctx);
}

int main(void) {
    char cmd[400];
    make_repository();
    test_release_flow();
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", root);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
