// Image-level registry operations over registry::client and oci::image_layout: push, pull and copy
// whole images, verifying everything.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "oci/image.hpp"
#include "oci/layout.hpp"
#include "registry/client.hpp"
#include "registry/reference.hpp"

namespace forge::registry {

struct push_result {
    oci::descriptor manifest;
    std::size_t blobs_uploaded = 0;
    std::size_t blobs_present = 0;  // skipped: the registry had them
};

// Pushes the blobs the registry lacks (config and layers, each checked with a HEAD first; blobs in
// parallel), then the manifest under the first tag (or by digest when tags is empty), then every
// further tag. The manifest bytes and the blob sizes are checked before anything is sent; each
// blob's digest is checked once, while it is uploaded (a mismatch stops that upload before its last
// byte) or, when the registry already has it, before it is skipped. No manifest is sent unless
// every blob passed.
result<push_result> push_image(client &c, const std::string &repo, const oci::image &img,
                               const std::vector<std::string> &tags);

// Pushes the image at ref (tag, digest, or "" for the only one) of a layout without loading it into
// memory: the manifest is read and verified, each blob the registry lacks streams from its file,
// hashed on the way (a mismatch stops the upload before its last byte and fails the push), blobs in
// parallel; then the manifest under each tag as push_image does. Blobs the registry already has are
// neither read nor sent.
result<push_result> push_layout_image(client &c, const std::string &repo, const oci::image_layout &layout,
                                      std::string_view ref, const std::vector<std::string> &tags);

// Pulls the manifest at ref (tag or digest) and every blob it names into memory, all verified.
// Image indexes are refused (status::unsupported): Forge images are single manifests.
result<oci::image> pull_image(client &c, const std::string &repo, const std::string &ref);

// Pulls into a layout: each blob streams into a hidden temporary file of the layout, verified as it
// arrives (blobs in parallel); only when all have arrived intact are they renamed into place, then
// the manifest is written, then the tag. On any failure nothing is written (the temporary files are
// removed). Blobs the layout already has are not fetched. Empty tag: stored untagged.
result<oci::descriptor> pull_to_layout(client &c, const std::string &repo, const std::string &ref,
                                       oci::image_layout &layout, std::string_view tag);

// Makes the client for a registry host (credentials, TLS and plain-HTTP choices are the caller's).
using client_factory = std::function<result<std::unique_ptr<client>>(const std::string &host)>;

// Copies an image between any two locations (registry or layout). A registry destination without a
// tag is pushed by digest; a layout destination without a tag stores it untagged. Layout to
// registry and registry to layout stream (push_layout_image, pull_to_layout).
result<oci::descriptor> copy_image(const location &from, const location &to, const client_factory &clients);

}  // namespace forge::registry
