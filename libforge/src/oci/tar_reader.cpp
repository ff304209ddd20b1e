#include "oci/tar_reader.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <string>

namespace forge::oci {

namespace {
struct archive_deleter {
    void operator()(archive *a) const noexcept { archive_read_free(a); }
};

std::string printable(const char *raw) {
    if (!raw) return "<unreadable>";
    std::string out;
    for (const char *p = raw; *p && out.size() < 120; ++p) {
        const auto u = static_cast<unsigned char>(*p);
        out += (u < 0x20 || u == 0x7f) ? '?' : *p;
    }
    return out;
}

class reader {
  public:
    reader(std::string_view bytes, const tar_read_limits &limits) : bytes_(bytes), limits_(limits) {}

    result<std::vector<tar_file>> run() {
        a_.reset(archive_read_new());
        if (!a_) throw std::bad_alloc();
        // Only tar (ustar, pax, GNU) and, if allowed, gzip: nothing else in libarchive is exposed
        // to untrusted bytes.
        archive_read_support_format_tar(a_.get());
        archive_read_support_filter_none(a_.get());
        if (limits_.allow_gzip) archive_read_support_filter_gzip(a_.get());
        if (archive_read_open_memory(a_.get(), bytes_.data(), bytes_.size()) != ARCHIVE_OK)
            return fail_archive("opening the archive");

        std::vector<tar_file> files;
        for (std::size_t index = 1;; ++index) {
            archive_entry *entry = nullptr;
            const int r = archive_read_next_header(a_.get(), &entry);
            if (r == ARCHIVE_EOF) break;
            if (r != ARCHIVE_OK) return fail_archive("reading the header of entry " + std::to_string(index));
            FORGE_TRY(check_total("entry " + std::to_string(index)));
            if (index > limits_.max_entries)
                return make_error(status::limit, "tar: more than " + std::to_string(limits_.max_entries) + " entries");
            FORGE_TRY_ASSIGN(auto file, read_entry(entry, index));
            if (file) files.push_back(std::move(*file));
        }
        return files;
    }

  private:
    error fail_archive(const std::string &what) {
        const char *message = archive_error_string(a_.get());
        return make_error(status::invalid, "tar: " + what + ": " + (message ? message : "not a valid tar archive"));
    }

    // Everything the format reader consumed so far plus the data we hold: the decompressed total.
    status_result check_total(const std::string &where) {
        const la_int64_t consumed = archive_filter_bytes(a_.get(), 0);
        const std::uint64_t produced = std::max<std::uint64_t>(consumed < 0 ? 0 : consumed, data_total_);
        if (produced > limits_.max_total_bytes)
            return make_error(status::limit, "tar: " + where + ": archive expands to more than " +
                                                 std::to_string(limits_.max_total_bytes) + " bytes");
        return {};
    }

    result<std::optional<tar_file>> read_entry(archive_entry *entry, std::size_t index) {
        const std::string name = printable(archive_entry_pathname(entry));
        auto refuse = [&](status code, const std::string &rule) -> error {
            return make_error(code, "tar entry " + std::to_string(index) + " \"" + name + "\": " + rule);
        };
        const char *raw_path = archive_entry_pathname(entry);
        if (!raw_path) return refuse(status::invalid, "path cannot be read");
        auto path = normalize_tar_path(raw_path, limits_.path);
        if (!path) return refuse(path.err().code, path.err().message);

        if (archive_entry_hardlink(entry)) return refuse(status::invalid, "hard links are not allowed");
        switch (archive_entry_filetype(entry)) {
            case AE_IFREG:
                break;
            case AE_IFLNK:
                return refuse(status::invalid, "symbolic links are not allowed");
            case AE_IFCHR:
            case AE_IFBLK:
                return refuse(status::invalid, "device files are not allowed");
            case AE_IFIFO:
                return refuse(status::invalid, "fifos are not allowed");
            case AE_IFSOCK:
                return refuse(status::invalid, "sockets are not allowed");
            case AE_IFDIR:
                if (limits_.allow_directories) return std::optional<tar_file>();
                return refuse(status::invalid, "directories are not allowed");
            default:
                return refuse(status::invalid, "only regular files are allowed");
        }
        if (archive_entry_symlink(entry)) return refuse(status::invalid, "symbolic links are not allowed");
        if (archive_entry_sparse_count(entry) > 0) return refuse(status::invalid, "sparse files are not allowed");
        if (limits_.require_yaml_names && !has_yaml_extension(*path))
            return refuse(status::invalid, "only .yaml and .yml files are allowed");
        if (!seen_.insert(*path).second) return refuse(status::invalid, "duplicate path");

        if (!archive_entry_size_is_set(entry)) return refuse(status::invalid, "entry has no size");
        const la_int64_t declared = archive_entry_size(entry);
        if (declared < 0) return refuse(status::invalid, "negative size");
        const auto size = static_cast<std::uint64_t>(declared);
        if (size > limits_.max_entry_bytes)
            return refuse(status::limit, "size " + std::to_string(size) + " is over the per-entry limit of " +
                                             std::to_string(limits_.max_entry_bytes) + " bytes");
        if (size > limits_.max_total_bytes - std::min(data_total_, limits_.max_total_bytes))
            return refuse(status::limit,
                          "archive expands to more than " + std::to_string(limits_.max_total_bytes) + " bytes");

        tar_file file;
        file.path = std::move(path).value();
        file.content.reserve(static_cast<std::size_t>(size));
        char buffer[64 * 1024];
        while (true) {
            const la_ssize_t n = archive_read_data(a_.get(), buffer, sizeof buffer);
            if (n == 0) break;
            if (n < 0) {
                const char *message = archive_error_string(a_.get());
                return refuse(status::invalid, std::string("reading data: ") + (message ? message : "truncated"));
            }
            data_total_ += static_cast<std::uint64_t>(n);
            if (file.content.size() + static_cast<std::size_t>(n) > size)
                return refuse(status::invalid, "more data than its header declares");
            file.content.append(buffer, static_cast<std::size_t>(n));
            if (auto total = check_total("entry " + std::to_string(index) + " \"" + name + "\""); !total)
                return std::move(total).err();
        }
        if (file.content.size() != size) return refuse(status::invalid, "less data than its header declares");
        return std::optional<tar_file>(std::move(file));
    }

    std::string_view bytes_;
    const tar_read_limits &limits_;
    std::unique_ptr<archive, archive_deleter> a_;
    std::set<std::string> seen_;
    std::uint64_t data_total_ = 0;
};
}  // namespace

result<std::vector<tar_file>> read_untrusted_tar(std::string_view archive_bytes, const tar_read_limits &limits) {
    reader r(archive_bytes, limits);
    return r.run();
}

}  // namespace forge::oci
