// Helpers for the OCI unit tests: a scratch directory and a tar crafter that can write the
// malformed archives the untrusted reader must refuse.
#pragma once

#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace forge::oci::test {

class scratch_dir {
  public:
    scratch_dir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "forge-oci-test-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~scratch_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    scratch_dir(const scratch_dir &) = delete;
    scratch_dir &operator=(const scratch_dir &) = delete;
    const std::filesystem::path &path() const { return path_; }

  private:
    std::filesystem::path path_;
};

// One entry of a crafted archive. data is written unless declared_size overrides the header.
struct crafted_entry {
    std::string path;
    std::string data;
    unsigned type = AE_IFREG;
    std::string link;  // symlink target (AE_IFLNK) or hard link target (hardlink = true)
    bool hardlink = false;
    std::int64_t declared_size = -1;
    std::uint64_t zero_bytes = 0;  // appended zeros, written in chunks (for large entries)
};

struct craft_options {
    bool gzip = false;
    bool pax = true;
};

inline la_ssize_t craft_append(archive *, void *client, const void *buffer, size_t length) {
    static_cast<std::string *>(client)->append(static_cast<const char *>(buffer), length);
    return static_cast<la_ssize_t>(length);
}

inline std::string craft_tar(const std::vector<crafted_entry> &entries, const craft_options &options = {}) {
    std::string out;
    archive *a = archive_write_new();
    options.pax ? archive_write_set_format_pax_restricted(a) : archive_write_set_format_ustar(a);
    if (options.gzip) {
        archive_write_add_filter_gzip(a);
        archive_write_set_filter_option(a, "gzip", "compression-level", "1");
    }
    archive_write_open(a, &out, nullptr, craft_append, nullptr);
    for (const auto &e : entries) {
        archive_entry *entry = archive_entry_new();
        archive_entry_set_pathname(entry, e.path.c_str());
        archive_entry_set_filetype(entry, e.type);
        archive_entry_set_perm(entry, 0644);
        if (e.type == AE_IFLNK) archive_entry_set_symlink(entry, e.link.c_str());
        if (e.hardlink) archive_entry_set_hardlink(entry, e.link.c_str());
        if (e.type == AE_IFCHR || e.type == AE_IFBLK) archive_entry_set_rdev(entry, 0x0103);
        const std::int64_t size =
            e.declared_size >= 0 ? e.declared_size : static_cast<std::int64_t>(e.data.size() + e.zero_bytes);
        if (e.type == AE_IFREG) archive_entry_set_size(entry, size);
        if (archive_write_header(a, entry) != ARCHIVE_OK)
            throw std::runtime_error(std::string("craft_tar: ") + archive_error_string(a));
        archive_entry_free(entry);
        if (!e.data.empty()) archive_write_data(a, e.data.data(), e.data.size());
        const std::string zeros(1 << 20, '\0');
        for (std::uint64_t left = e.zero_bytes; left > 0;) {
            const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, zeros.size()));
            archive_write_data(a, zeros.data(), n);
            left -= n;
        }
    }
    archive_write_close(a);
    archive_write_free(a);
    return out;
}

// Rewrites the size field (and checksum) of the ustar header at offset: a header that declares far
// more data than the archive holds, without writing that data.
inline void patch_ustar_size(std::string &tar, std::size_t offset, std::uint64_t size) {
    char field[13];
    std::snprintf(field, sizeof field, "%011llo", static_cast<unsigned long long>(size));
    std::memcpy(&tar[offset + 124], field, 12);
    std::memset(&tar[offset + 148], ' ', 8);
    unsigned sum = 0;
    for (std::size_t i = 0; i < 512; ++i) sum += static_cast<unsigned char>(tar[offset + i]);
    std::snprintf(field, sizeof field, "%06o", sum);
    std::memcpy(&tar[offset + 148], field, 7);
    tar[offset + 155] = ' ';
}

}  // namespace forge::oci::test
