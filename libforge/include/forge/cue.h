/*
 * CUE evaluation: export a package or files to JSON or YAML, and vet data against a schema.
 * The language is CUE v0.4 (docs/cue.md), plus Catalyst Forge's @artifact("name").field.
 */
#ifndef FORGE_CUE_H
#define FORGE_CUE_H

#include "forge/common.h"
#include "forge/context.h"

FORGE_BEGIN_DECLS

typedef enum forge_cue_format { FORGE_CUE_JSON = 0, FORGE_CUE_YAML = 1 } forge_cue_format;

typedef struct forge_cue_options {
    unsigned int version; /* FORGE_CUE_OPTIONS_VERSION */
    forge_cue_format format;
    const char *expression;    /* export only this expression (like `cue export -e`); NULL = all */
    const char *const *inject; /* "a.b.c=value" strings unified in as string values */
    size_t inject_count;
    /* {"name": {"image": "...", "digest": "..."}} resolving @artifact("name").field; NULL keeps
       the placeholders that validation uses. */
    const char *artifacts_json;
    const char *package; /* package to load from a directory holding several; NULL = the one */
} forge_cue_options;

#define FORGE_CUE_OPTIONS_VERSION 1
#define FORGE_CUE_OPTIONS_INIT \
    { FORGE_CUE_OPTIONS_VERSION, FORGE_CUE_JSON, NULL, NULL, 0, NULL, NULL }

/*
 * Evaluates paths (.cue files, or one directory holding a package) and exports the result.
 * On success *out is the JSON or YAML text. On a CUE error the call returns FORGE_EINVAL,
 * forge_last_error() holds the first error, and *errors_json (if errors_json is not NULL) is a
 * JSON array of every error: [{"message","path","file","line","column"}] (forge_free it).
 * @since 0.1
 */
FORGE_API int forge_cue_export(char **out, char **errors_json, forge_context *ctx, const char *const *paths,
                               size_t path_count, const forge_cue_options *opts);

/*
 * Vets data files (.json, .yaml, .cue) against the schema in schema_path (schema_expr, if not
 * NULL, selects a definition in it, e.g. "#Service"). Errors as for forge_cue_export.
 * @since 0.1
 */
FORGE_API int forge_cue_vet(char **errors_json, forge_context *ctx, const char *schema_path,
                            const char *const *data_paths, size_t data_count, const char *schema_expr);

FORGE_END_DECLS

#endif
