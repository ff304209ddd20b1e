/*
 * Secret references ({"provider": "env", "name": "TOKEN"}, spec: docs/secrets.md) resolved through
 * the context's secret providers. The library resolves secrets itself at the point of use; this call
 * is for callers that hand a secret to something outside libforge.
 */
#ifndef FORGE_SECRETS_H
#define FORGE_SECRETS_H

#include "forge/common.h"
#include "forge/context.h"

FORGE_BEGIN_DECLS

/*
 * Resolves ref_json to the secret's bytes: *out (forge_free it; NUL-terminated for convenience)
 * and *len. The value is remembered by the context's logger so that it is masked in any log line.
 */
FORGE_API int forge_secret_resolve(char **out, size_t *len, forge_context *ctx, const char *ref_json);

FORGE_END_DECLS

#endif
