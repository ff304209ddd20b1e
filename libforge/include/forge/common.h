/*
 * Catalyst Forge C API: conventions shared by every header.
 *
 * Every call returns 0 (FORGE_OK) or a negative status from forge_status. The message of the
 * last failure on the calling thread is read with forge_last_error(). Strings and buffers that
 * the library hands out belong to the caller and are released with forge_free().
 * See docs/c-api.md.
 */
#ifndef FORGE_COMMON_H
#define FORGE_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "forge/version.h"

#if defined(_WIN32)
#define FORGE_API __declspec(dllexport)
#else
#define FORGE_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
#define FORGE_BEGIN_DECLS extern "C" {
#define FORGE_END_DECLS }
#else
#define FORGE_BEGIN_DECLS
#define FORGE_END_DECLS
#endif

FORGE_BEGIN_DECLS

/*
 * Status codes. Codes are only ever appended; a code's number never changes meaning.
 * @since 0.1
 */
typedef enum forge_status {
    FORGE_OK = 0,
    FORGE_ERROR = -1,        /* internal error: a bug or an unexpected failure */
    FORGE_EINVAL = -2,       /* invalid argument or invalid input (configuration, JSON, ...) */
    FORGE_ENOTFOUND = -3,    /* the named thing does not exist */
    FORGE_EIO = -4,          /* file system, network or subprocess failure */
    FORGE_ECONFLICT = -5,    /* it exists already, or a concurrent change won */
    FORGE_EAUTH = -6,        /* authentication failed (missing or bad credentials) */
    FORGE_EPERM = -7,        /* authenticated, but not allowed */
    FORGE_ETIMEOUT = -8,     /* a deadline passed */
    FORGE_ECANCELLED = -9,   /* the caller or a signal cancelled the work */
    FORGE_EUNSUPPORTED = -10,/* a known feature this build or adapter does not provide */
    FORGE_ENOMEM = -11,      /* out of memory */
    FORGE_ELIMIT = -12,      /* a size, depth or count limit was exceeded */
    FORGE_EINTEGRITY = -13   /* content does not match its digest or signature */
} forge_status;

/* The symbolic name of a status ("FORGE_EINVAL"); "FORGE_UNKNOWN" for an unknown code. Never NULL. */
FORGE_API const char *forge_status_name(int status);

/*
 * The message of the last failed call on this thread; "" when the last call succeeded.
 * Never NULL. Every call clears it on entry except forge_last_error, forge_last_error_code,
 * forge_free, forge_status_name and the version calls. The pointer stays valid until the
 * next libforge call on the same thread.
 */
FORGE_API const char *forge_last_error(void);

/* The status of the last failed call on this thread (0 when it succeeded). */
FORGE_API int forge_last_error_code(void);

/*
 * For callbacks a caller registers (adapters, event sinks): record why the callback failed.
 * The library reads the message when the callback returns a negative status.
 */
FORGE_API void forge_error_set(int status, const char *message);

/* Releases a string or buffer the library returned. NULL is fine. */
FORGE_API void forge_free(void *ptr);

/* The library's version string ("0.1.0") as built, which may differ from the header's. */
FORGE_API const char *forge_version(void);

/* The library's version numbers as built. Any argument may be NULL. Returns 0. */
FORGE_API int forge_version_numbers(int *major, int *minor, int *patch);

/*
 * A growable byte buffer that the library owns and a callback fills: adapters registered
 * through the C API hand their results back through one (see adapters.h).
 */
typedef struct forge_buf forge_buf;

/* Replaces the buffer's content with len bytes from data. */
FORGE_API int forge_buf_set(forge_buf *buf, const void *data, size_t len);

/* Appends len bytes from data. */
FORGE_API int forge_buf_append(forge_buf *buf, const void *data, size_t len);

FORGE_END_DECLS

#endif
