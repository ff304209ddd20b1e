// The "s3" object store built from a context's objstore.s3.* configuration (docs/objstore.md).
#pragma once

#include <memory>

#include "adapters/s3/s3_object_store.hpp"
#include "context/context.hpp"

namespace forge::adapters {

// Reads objstore.s3.endpoint, bucket, region, prefix, path_style, multipart_threshold, part_size and
// the secret references access_key, secret_key and (optional) session_token. The references are
// parsed now, so a malformed one is reported at configuration time; the secrets themselves are
// resolved through ctx.resolve_secret for every request, which also teaches the logger to mask
// them. The store keeps a reference to ctx: it must not outlive it (the context's registry owns it).
result<std::shared_ptr<s3_object_store>> s3_object_store_from_config(context &ctx);

}  // namespace forge::adapters
