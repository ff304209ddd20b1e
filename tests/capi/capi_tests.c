/* The C API as a C caller sees it: contexts, errors, configuration, logging, secrets and
 * caller-provided adapters. Links only libforge.so. Prints "N passed, M failed". */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capi_check.h"
#include "forge/forge.h"

static void test_version(void) {
    int major = -1, minor = -1, patch = -1;
    char expect[32];
    CHECK(forge_version_numbers(&major, &minor, &patch) == FORGE_OK);
    CHECK(major == FORGE_VERSION_MAJOR && minor == FORGE_VERSION_MINOR && patch == FORGE_VERSION_PATCH);
    sprintf(expect, "%d.%d.%d", major, minor, patch);
    CHECK(strcmp(forge_version(), expect) == 0);
    CHECK(strcmp(forge_status_name(FORGE_ECONFLICT), "FORGE_ECONFLICT") == 0);
    CHECK(strcmp(forge_status_name(-12345), "FORGE_UNKNOWN") == 0);
}

static void test_errors_are_thread_local_and_cleared(void) {
    forge_context *ctx = NULL;
    CHECK(forge_context_new(NULL, NULL) == FORGE_EINVAL);
    CHECK(strstr(forge_last_error(), "out") != NULL);
    CHECK(forge_last_error_code() == FORGE_EINVAL);
    CHECK(forge_context_new(&ctx, NULL) == FORGE_OK);
    CHECK(strcmp(forge_last_error(), "") == 0); /* cleared by the successful call */
    CHECK(forge_last_error_code() == 0);
    forge_context_free(ctx);
    forge_context_free(NULL); /* NULL is fine */
    forge_free(NULL);
}

static void test_options_version_is_checked(void) {
    forge_context *ctx = NULL;
    forge_context_options opts = FORGE_CONTEXT_OPTIONS_INIT;
    opts.version = 99;
    CHECK(forge_context_new(&ctx, &opts) == FORGE_EINVAL);
    CHECK(ctx == NULL);
    CHECK(strstr(forge_last_error(), "version 99") != NULL);
}

static void test_configuration(void) {
    forge_context *ctx = NULL;
    char *value = NULL;
    CHECK(forge_context_new(&ctx, NULL) == FORGE_OK);
    CHECK(forge_context_set(ctx, "state_dir", "/tmp/forge-state") == FORGE_OK);
    CHECK(forge_context_get(&value, ctx, "state_dir") == FORGE_OK);
    CHECK(value != NULL && strcmp(value, "/tmp/forge-state") == 0);
    forge_free(value);
    CHECK(forge_context_set(ctx, "no.such.key", "x") == FORGE_EINVAL);
    CHECK(forge_context_get(&value, ctx, "mq.nats.url") == FORGE_ENOTFOUND);
    CHECK(value == NULL);
    forge_context_free(ctx);
}

struct log_capture {
    int count;
    char last[512];
};

static void capture_log(forge_log_level level, const char *line, void *payload) {
    struct log_capture *cap = (struct log_capture *)payload;
    (void)level;
    cap->count++;
    strncpy(cap->last, line, sizeof cap->last - 1);
}

static int vault_resolve(forge_buf *out, const char *ref_json, void *payload) {
    const char *secret = "c-vault-secret-42";
    (void)payload;
    if (strstr(ref_json, "\"path\":\"kv/missing\"") != NULL) {
        forge_error_set(FORGE_ENOTFOUND, "kv/missing does not exist in vault");
        return FORGE_ENOTFOUND;
    }
    return forge_buf_set(out, secret, strlen(secret));
}

static int payload_freed;
static void free_payload(void *payload) {
    payload_freed += (payload == (void *)&payload_freed);
}

static void test_secret_provider_from_c(void) {
    forge_context *ctx = NULL;
    forge_context_options opts = FORGE_CONTEXT_OPTIONS_INIT;
    struct log_capture cap = {0, {0}};
    forge_secret_provider vault = {FORGE_SECRET_PROVIDER_VERSION, "vault", vault_resolve, free_payload, NULL};
    char *value = NULL;
    size_t len = 0;
    char *list = NULL;

    vault.payload = &payload_freed;
    opts.log_cb = capture_log;
    opts.log_payload = &cap;
    CHECK(forge_context_new(&ctx, &opts) == FORGE_OK);
    CHECK(forge_secret_provider_register(ctx, &vault) == FORGE_OK);
    CHECK(forge_secret_provider_register(ctx, &vault) == FORGE_ECONFLICT); /* payload not freed by refusal */
    CHECK(payload_freed == 0);

    CHECK(forge_secret_resolve(&value, &len, ctx, "{\"provider\":\"vault\",\"path\":\"kv/app\"}") == FORGE_OK);
    CHECK(value != NULL && len == strlen("c-vault-secret-42") && strcmp(value, "c-vault-secret-42") == 0);
    forge_free(value);

    CHECK(forge_secret_resolve(&value, &len, ctx, "{\"provider\":\"vault\",\"path\":\"kv/missing\"}") ==
          FORGE_ENOTFOUND);
    CHECK(strstr(forge_last_error(), "kv/missing does not exist in vault") != NULL);
    CHECK(forge_secret_resolve(&value, &len, ctx, "{\"provider\":\"nope\"}") == FORGE_ENOTFOUND);
    CHECK(forge_secret_resolve(&value, &len, ctx, "not json") == FORGE_EINVAL);

    /* The resolved value is masked in anything logged afterwards. */
    CHECK(forge_log(ctx, FORGE_LOG_WARN, "leaking c-vault-secret-42 now") == FORGE_OK);
    CHECK(cap.count == 1);
    CHECK(strstr(cap.last, "c-vault-secret-42") == NULL);
    CHECK(strstr(cap.last, "leaking *** now") != NULL);

    CHECK(forge_adapters_list(&list, ctx) == FORGE_OK);
    CHECK(list != NULL && strstr(list, "\"vault\"") != NULL && strstr(list, "\"env\"") != NULL);
    forge_free(list);

    forge_context_free(ctx);
    CHECK(payload_freed == 1); /* freed exactly once, with the context */
}

static void test_adapter_structs_are_validated(void) {
    forge_context *ctx = NULL;
    forge_executor bad_exec = {FORGE_EXECUTOR_VERSION, "custom", NULL, NULL, NULL};
    forge_object_store bad_store;
    forge_secret_provider unnamed = {FORGE_SECRET_PROVIDER_VERSION, NULL, vault_resolve, NULL, NULL};
    memset(&bad_store, 0, sizeof bad_store);
    bad_store.version = 7;
    bad_store.name = "mine";
    CHECK(forge_context_new(&ctx, NULL) == FORGE_OK);
    CHECK(forge_executor_register(ctx, &bad_exec) == FORGE_EINVAL);
    CHECK(strstr(forge_last_error(), "execute") != NULL);
    CHECK(forge_object_store_register(ctx, &bad_store) == FORGE_EINVAL);
    CHECK(strstr(forge_last_error(), "version 7") != NULL);
    CHECK(forge_secret_provider_register(ctx, &unnamed) == FORGE_EINVAL);
    forge_context_free(ctx);
}

static void test_log_levels(void) {
    forge_log_level level = FORGE_LOG_INFO;
    CHECK(forge_log_level_parse(&level, "error") == FORGE_OK && level == FORGE_LOG_ERROR);
    CHECK(forge_log_level_parse(&level, "chatty") == FORGE_EINVAL);
    CHECK(strstr(forge_last_error(), "chatty") != NULL);
}

static void write_text(const char *dir, const char *rel, const char *text) {
    char path[512];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    f = fopen(path, "w");
    if (f != NULL) {
        fputs(text, f);
        fclose(f);
    }
}

struct event_count {
    int total, step_finished, discovery;
};

static void count_event(const char *event_json, void *payload) {
    struct event_count *c = (struct event_count *)payload;
    c->total++;
    if (strstr(event_json, "\"event\":\"step.finished\"") != NULL) c->step_finished++;
    if (strstr(event_json, "\"event\":\"discovery.finished\"") != NULL) c->discovery++;
}

static void test_run_a_repository(void) {
    char repo[] = "/tmp/forge-capi-run-XXXXXX";
    char state[600], dirpath[600];
    forge_context *ctx = NULL;
    forge_run_options opts = FORGE_RUN_OPTIONS_INIT;
    struct event_count events = {0, 0, 0};
    const char *unknown[] = {"nope"};
    char *report = NULL, *log = NULL, *found;
    char run_id[40] = {0};
    int rc;

    CHECK(mkdtemp(repo) != NULL);
    snprintf(dirpath, sizeof dirpath, "%s/.forge", repo);
    mkdir(dirpath, 0755);
    snprintf(dirpath, sizeof dirpath, "%s/app", repo);
    mkdir(dirpath, 0755);
    snprintf(dirpath, sizeof dirpath, "%s/app/.forge", repo);
    mkdir(dirpath, 0755);
    write_text(repo, ".forge/repo.cue",
               "package repo\nforgeVersion: \"0.1.0\"\ntagging: strategy: \"monorepo\"\n"
               "phases: test: group: 1\n");
    write_text(
        repo, "app/.forge/project.cue",
        "package project\nphases: test: steps: [{name: \"hello\", action: \"shell\", run: \"echo hello from c\"}]\n");
    snprintf(state, sizeof state, "%s/.forge-state", repo);

    CHECK(forge_context_new(&ctx, NULL) == FORGE_OK);
    CHECK(forge_run(&report, ctx, NULL) == FORGE_EINVAL);
    opts.repository = repo;
    CHECK(forge_run(&report, ctx, &opts) == FORGE_EINVAL); /* no state directory anywhere */
    CHECK(strstr(forge_last_error(), "state_dir") != NULL);
    opts.state_dir = state;
    opts.phases = unknown;
    opts.phase_count = 1;
    CHECK(forge_run(&report, ctx, &opts) == FORGE_EINVAL);
    CHECK(strstr(forge_last_error(), "no phase \"nope\"") != NULL);
    opts.phases = NULL;
    opts.phase_count = 0;

    opts.dry_run = 1;
    CHECK(forge_run(&report, ctx, &opts) == FORGE_OK);
    CHECK(report != NULL && strstr(report, "\"status\":\"pending\"") != NULL);
    forge_free(report);
    report = NULL;

    opts.dry_run = 0;
    opts.on_event = count_event;
    opts.event_payload = &events;
    rc = forge_run(&report, ctx, &opts);
    CHECK(rc == FORGE_OK);
    CHECK(report != NULL && strstr(report, "\"status\":\"success\"") != NULL);
    CHECK(events.discovery == 1 && events.step_finished == 1 && events.total >= 8);
    found = report != NULL ? strstr(report, "\"id\":\"") : NULL;
    if (found != NULL) memcpy(run_id, found + 6, 36);

    /* The step's log, read back through the context's state directory. */
    CHECK(forge_context_set(ctx, "state_dir", state) == FORGE_OK);
    CHECK(forge_logs_read(&log, ctx, run_id, "test", "app", "hello") == FORGE_OK);
    CHECK(log != NULL && strcmp(log, "hello from c\n") == 0);
    forge_free(log);
    CHECK(forge_logs_read(&log, ctx, run_id, "test", "app", "other") == FORGE_ENOTFOUND);
    forge_free(report);

    opts.version = 99;
    CHECK(forge_run(&report, ctx, &opts) == FORGE_EINVAL);
    forge_context_free(ctx);
    snprintf(dirpath, sizeof dirpath, "rm -rf '%s'", repo);
    CHECK(system(dirpath) == 0);
}

static int write_whole_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    if (f == NULL) return 0;
    fputs(text, f);
    return fclose(f) == 0;
}

/* forge_cue_vet: data documents unified with a schema definition; every violation listed. */
static void test_cue_vet(void) {
    char dir[] = "/tmp/forge_capi_vetXXXXXX";
    char schema[128], good[128], bad[128];
    forge_context *ctx = NULL;
    char *errors = NULL;
    const char *ok_paths[1], *bad_paths[2];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(schema, sizeof schema, "%s/schema.cue", dir);
    snprintf(good, sizeof good, "%s/good.json", dir);
    snprintf(bad, sizeof bad, "%s/bad.yaml", dir);
    CHECK(write_whole_file(schema, "#Service: {name: string, port: int & <65536}\n"));
    CHECK(write_whole_file(good, "{\"name\": \"api\", \"port\": 8080}\n"));
    CHECK(write_whole_file(bad, "name: api\nport: 70000\n"));
    CHECK(forge_context_new(&ctx, NULL) == FORGE_OK);
    ok_paths[0] = good;
    CHECK(forge_cue_vet(&errors, ctx, schema, ok_paths, 1, "#Service") == FORGE_OK);
    CHECK(errors == NULL);
    bad_paths[0] = good;
    bad_paths[1] = bad;
    CHECK(forge_cue_vet(&errors, ctx, schema, bad_paths, 2, "#Service") == FORGE_EINVAL);
    CHECK(strstr(forge_last_error(), "70000") != NULL);
    CHECK(errors != NULL && strstr(errors, "\"line\":2") != NULL && strstr(errors, "bad.yaml") != NULL);
    forge_free(errors);
    CHECK(forge_cue_vet(NULL, ctx, schema, bad_paths, 0, NULL) == FORGE_EINVAL);
    forge_context_free(ctx);
    remove(schema);
    remove(good);
    remove(bad);
    remove(dir);
}

int main(void) {
    test_version();
    test_errors_are_thread_local_and_cleared();
    test_options_version_is_checked();
    test_configuration();
    test_secret_provider_from_c();
    test_adapter_structs_are_validated();
    test_log_levels();
    test_run_a_repository();
    test_cue_vet();
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
