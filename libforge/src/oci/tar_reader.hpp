// Reading tar archives from UNTRUSTED sources (a release's resources layer pulled from a registry)
// entirely in memory: nothing is ever written to, or looked up on, the file system.
//
// Refused, with an error naming the entry and the rule (docs/oci.md, "Untrusted archives"):
// absolute paths, ".." components, symbolic and hard links, devices, fifos, sockets, directories
// (unless allowed), sparse files and anything else that is not a regular file, duplicate paths
// (after normalisation), over-long paths, and optionally names that are not *.yaml / *.yml.
// Bounded (status::limit): total bytes produced by decompression (counted as they are produced, so a
// gzip bomb stops at the cap), bytes per entry (checked against the header before any data is read,
// then against what is actually produced), the number of entries, path length and depth. libarchive
// itself bounds pax and GNU long-name headers (1 MiB each, at most 32 special headers per entry).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "oci/tar_path.hpp"
#include "oci/tar_writer.hpp"

namespace forge::oci {

struct tar_read_limits {
    std::uint64_t max_total_bytes = 64u << 20;  // everything decompression produces, headers included
    std::uint64_t max_entry_bytes = 16u << 20;
    std::size_t max_entries = 10000;
    tar_path_rules path;
    bool require_yaml_names = false;
    bool allow_directories = false;  // when true, directory entries are skipped instead of refused
    bool allow_gzip = true;          // accept a gzip-compressed tar as well as a plain one
};

// The regular files of the archive in archive order, paths normalised.
result<std::vector<tar_file>> read_untrusted_tar(std::string_view archive_bytes, const tar_read_limits &limits = {});

}  // namespace forge::oci
