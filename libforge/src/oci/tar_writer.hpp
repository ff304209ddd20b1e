// Deterministic tar: the same files always give the same bytes, so the same release inputs always
// give the same layer digest (docs/oci.md, "Determinism").
//
// ustar format (no pax headers, which could carry times or ids), entries sorted by path bytes, only
// regular files (directories are implied by the paths), mode 0644, uid/gid 0, empty user/group
// names, one fixed mtime, no compression, 10240-byte blocks with the last block not padded.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace forge::oci {

struct tar_file {
    std::string path;
    std::string content;
};

struct tar_write_options {
    std::int64_t mtime = 0;  // seconds since the epoch: 0, or SOURCE_DATE_EPOCH when given
};

// Paths must be relative and portable (tar_path.hpp); duplicates after normalisation are refused.
result<std::string> write_deterministic_tar(std::vector<tar_file> files, const tar_write_options &options = {});

}  // namespace forge::oci
