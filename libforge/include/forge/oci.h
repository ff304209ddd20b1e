/*
 * OCI images between registries and image-layout directories (docs/oci.md, docs/registry.md).
 * Locations are `host[:port][/path]/repo[:tag][@sha256:...]` for a registry and
 * `oci:DIR[:tag|@sha256:...]` for a layout directory. Every blob and manifest is verified against
 * its digest; a mismatch is FORGE_EINTEGRITY and nothing is written. Registry access comes from the
 * context's `registry.*` configuration keys (see forge/release.h).
 */
#ifndef FORGE_OCI_H
#define FORGE_OCI_H

#include "forge/common.h"
#include "forge/context.h"

FORGE_BEGIN_DECLS

/*
 * Copies the image at `from` to `to` (any direction: layout or registry on either side). A
 * registry destination without a tag is pushed by digest; a layout one without a tag is stored
 * untagged. *out_json: {"from","to","digest","mediaType","size"}. @since 0.1
 */
FORGE_API int forge_oci_copy(char **out_json, forge_context *ctx, const char *from, const char *to);

/* forge_oci_copy from a layout (oci:DIR:tag) to a registry; other locations are FORGE_EINVAL. @since 0.1 */
FORGE_API int forge_oci_push(char **out_json, forge_context *ctx, const char *layout_ref, const char *registry_ref);

/* forge_oci_copy from a registry to a layout (oci:DIR:tag); other locations are FORGE_EINVAL. @since 0.1 */
FORGE_API int forge_oci_pull(char **out_json, forge_context *ctx, const char *registry_ref, const char *layout_ref);

/*
 * The image at ref, verified: *out_json: {"reference","digest","mediaType","size","artifactType"?,
 * "manifest":{...as stored...},"layers":[{"mediaType","digest","size","annotations"}]}. @since 0.1
 */
FORGE_API int forge_oci_inspect(char **out_json, forge_context *ctx, const char *ref);

FORGE_END_DECLS

#endif
