// Container artifacts written as a docker-archive tarball (`docker save`): manifest.json names the
// config file and the layer tars; the image becomes an OCI image manifest with the same config
// (the docker config JSON is the OCI image config) and uncompressed tar layers. The tarball is
// untrusted input: read with the bounded tar reader, never extracted to disk.
#pragma once

#include <string_view>

#include "core/error.hpp"
#include "oci/image.hpp"

namespace forge::release {

// The first image of the archive (a tarball of several images is refused).
result<oci::image> image_from_docker_archive(std::string_view tarball);

}  // namespace forge::release
