/*
 * Caller-provided adapters for the ports of Catalyst Forge.
 *
 * Each port is a struct of function pointers with `version` first. The library copies the struct
 * at registration; `payload` is handed back to every call and `free_payload` (may be NULL) runs
 * when the context is freed. A function returns 0 or a negative forge_status and may explain a
 * failure with forge_error_set(). Functions may be called from several threads at once.
 * A name that is already registered for the same port is refused with FORGE_ECONFLICT.
 */
#ifndef FORGE_ADAPTERS_H
#define FORGE_ADAPTERS_H

#include "forge/common.h"
#include "forge/context.h"

FORGE_BEGIN_DECLS

/* ---- Secret provider: resolves a secret reference ({"provider": name, ...}) to its value. ---- */

typedef struct forge_secret_provider {
    unsigned int version; /* FORGE_SECRET_PROVIDER_VERSION */
    const char *name;     /* the `provider` value it answers, e.g. "vault" */
    /* Writes the secret's bytes into out. ref_json is the whole reference object. */
    int (*resolve)(forge_buf *out, const char *ref_json, void *payload);
    void (*free_payload)(void *payload);
    void *payload;
} forge_secret_provider;

#define FORGE_SECRET_PROVIDER_VERSION 1

FORGE_API int forge_secret_provider_register(forge_context *ctx, const forge_secret_provider *provider);

/* ---- Executor: runs one step (the `action` of a step, e.g. "shell", "earthly"). ---- */

/* Handed to an executor while it runs: where its output goes and whether it should stop. */
typedef struct forge_exec_io forge_exec_io;

typedef enum forge_stream { FORGE_STREAM_STDOUT = 1, FORGE_STREAM_STDERR = 2 } forge_stream;

/* Sends one line of output (without its newline) to the step's log. */
FORGE_API int forge_exec_io_write_line(forge_exec_io *io, forge_stream stream, const char *line);

/* 1 when the step must stop (cancelled, timed out or failed elsewhere), else 0. */
FORGE_API int forge_exec_io_cancelled(const forge_exec_io *io);

typedef struct forge_executor {
    unsigned int version; /* FORGE_EXECUTOR_VERSION */
    const char *name;     /* the step `action` it runs */
    /*
     * step_json: {"name","action","target","run","timeout_ms","workdir","env":{...}}.
     * Sets *exit_code to the step's exit status (0 = success) and returns 0, or returns a
     * negative status when the step could not be run at all.
     */
    int (*execute)(int *exit_code, const char *step_json, forge_exec_io *io, void *payload);
    void (*free_payload)(void *payload);
    void *payload;
} forge_executor;

#define FORGE_EXECUTOR_VERSION 1

FORGE_API int forge_executor_register(forge_context *ctx, const forge_executor *executor);

/* ---- Object store: keyed blobs (logs, large results, published files). ---- */

typedef struct forge_object_store {
    unsigned int version; /* FORGE_OBJECT_STORE_VERSION */
    const char *name;     /* chosen with forge_context_set(ctx, "objstore.adapter", name) */
    int (*put)(const char *key, const void *data, size_t len, void *payload);
    /* FORGE_ENOTFOUND when the key does not exist. */
    int (*get)(forge_buf *out, const char *key, void *payload);
    /* A JSON array of the keys that start with prefix, sorted. */
    int (*list)(forge_buf *out_json, const char *prefix, void *payload);
    int (*remove)(const char *key, void *payload);
    /* A URL that lets its holder GET the object for ttl_seconds; may be NULL if unsupported. */
    int (*presign_get)(forge_buf *out_url, const char *key, int64_t ttl_seconds, void *payload);
    void (*free_payload)(void *payload);
    void *payload;
} forge_object_store;

#define FORGE_OBJECT_STORE_VERSION 1

FORGE_API int forge_object_store_register(forge_context *ctx, const forge_object_store *store);

/* ---- Message queue: durable work queues with request-reply (NATS JetStream in production). ---- */

typedef struct forge_message_queue {
    unsigned int version; /* FORGE_MESSAGE_QUEUE_VERSION */
    const char *name;     /* chosen with forge_context_set(ctx, "mq.adapter", name) */
    int (*publish)(const char *subject, const void *data, size_t len, void *payload);
    /* Publishes and waits up to timeout_ms for one reply. FORGE_ETIMEOUT when none came. */
    int (*request)(forge_buf *reply, const char *subject, const void *data, size_t len,
                   int64_t timeout_ms, void *payload);
    /*
     * Takes the next message for a durable consumer, waiting up to timeout_ms
     * (FORGE_ETIMEOUT when none came). ack_token identifies it for ack/nak.
     */
    int (*fetch)(forge_buf *subject, forge_buf *data, forge_buf *ack_token, const char *stream,
                 const char *consumer, int64_t timeout_ms, void *payload);
    int (*ack)(const char *ack_token, void *payload);
    int (*nak)(const char *ack_token, void *payload);
    void (*free_payload)(void *payload);
    void *payload;
} forge_message_queue;

#define FORGE_MESSAGE_QUEUE_VERSION 1

FORGE_API int forge_message_queue_register(forge_context *ctx, const forge_message_queue *queue);

/*
 * The registered adapters as JSON:
 * {"secret_provider":["env",...],"executor":[...],"object_store":[...],"message_queue":[...]}
 */
FORGE_API int forge_adapters_list(char **out_json, forge_context *ctx);

FORGE_END_DECLS

#endif
