/*
 * forge_context: the one handle that owns configuration, logging and the adapter registries.
 * The library keeps no global state; two contexts never share anything.
 * A context may be used from several threads once it is configured (see docs/c-api.md).
 */
#ifndef FORGE_CONTEXT_H
#define FORGE_CONTEXT_H

#include "forge/common.h"

FORGE_BEGIN_DECLS

typedef struct forge_context forge_context;

typedef enum forge_log_level {
    FORGE_LOG_TRACE = 0,
    FORGE_LOG_DEBUG = 1,
    FORGE_LOG_INFO = 2,
    FORGE_LOG_WARN = 3,
    FORGE_LOG_ERROR = 4,
    FORGE_LOG_OFF = 5
} forge_log_level;

/*
 * Receives each log record as one line of JSON ({"ts","level","msg",...}) without a newline.
 * Known secret values are already masked. Called from whichever thread logs.
 */
typedef void (*forge_log_cb)(forge_log_level level, const char *json_line, void *payload);

typedef struct forge_context_options {
    unsigned int version;   /* FORGE_CONTEXT_OPTIONS_VERSION */
    forge_log_level log_level;
    forge_log_cb log_cb;    /* NULL: write JSON lines to stderr */
    void *log_payload;
} forge_context_options;

#define FORGE_CONTEXT_OPTIONS_VERSION 1
#define FORGE_CONTEXT_OPTIONS_INIT { FORGE_CONTEXT_OPTIONS_VERSION, FORGE_LOG_INFO, NULL, NULL }

/* Creates a context with the built-in adapters registered. opts may be NULL for the defaults. */
FORGE_API int forge_context_new(forge_context **out, const forge_context_options *opts);

/* Releases a context and every adapter registered with it. NULL is fine. */
FORGE_API void forge_context_free(forge_context *ctx);

FORGE_API int forge_context_set_log_level(forge_context *ctx, forge_log_level level);

/* Parses "trace", "debug", "info", "warn", "error" or "off". */
FORGE_API int forge_log_level_parse(forge_log_level *out, const char *name);

/*
 * Configuration values by dotted key, e.g. "objstore.adapter" = "fs", "state_dir" = "/var/lib/forge".
 * Unknown keys are refused with FORGE_EINVAL so that typos do not go unnoticed; docs/configuration.md
 * lists the keys. Adapters are chosen by these values.
 */
FORGE_API int forge_context_set(forge_context *ctx, const char *key, const char *value);

/* The value of a key as a new string (forge_free it); FORGE_ENOTFOUND when it is unset. */
FORGE_API int forge_context_get(char **out, forge_context *ctx, const char *key);

/* Writes one log record through the context's logger (apps use it to log like the library). */
FORGE_API int forge_log(forge_context *ctx, forge_log_level level, const char *message);

FORGE_END_DECLS

#endif
