#include "oci/tar_writer.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <memory>

#include "oci/tar_path.hpp"

namespace forge::oci {

namespace {
struct archive_deleter {
    void operator()(archive *a) const noexcept { archive_write_free(a); }
};
struct entry_deleter {
    void operator()(archive_entry *e) const noexcept { archive_entry_free(e); }
};

// libarchive's write callback: appends to a std::string. Never lets an exception cross the C frame.
la_ssize_t append_output(archive *a, void *client, const void *buffer, size_t length) {
    try {
        static_cast<std::string *>(client)->append(static_cast<const char *>(buffer), length);
        return static_cast<la_ssize_t>(length);
    } catch (...) {
        archive_set_error(a, ENOMEM, "out of memory while writing the tar");
        return -1;
    }
}

error archive_failure(archive *a, const std::string &what) {
    const char *message = archive_error_string(a);
    return make_error(status::internal, what + ": " + (message ? message : "libarchive failed"));
}
}  // namespace

result<std::string> write_deterministic_tar(std::vector<tar_file> files, const tar_write_options &options) {
    if (options.mtime < 0) return make_error(status::invalid, "tar mtime must not be negative");
    tar_path_rules rules;
    rules.portable_only = true;
    for (auto &file : files) {
        auto normal = normalize_tar_path(file.path, rules);
        if (!normal) return std::move(normal).err().wrap("tar entry \"" + file.path + "\"");
        file.path = std::move(normal).value();
    }
    std::sort(files.begin(), files.end(), [](const tar_file &a, const tar_file &b) { return a.path < b.path; });
    for (std::size_t i = 1; i < files.size(); ++i)
        if (files[i].path == files[i - 1].path)
            return make_error(status::invalid, "tar entry \"" + files[i].path + "\": duplicate path");

    std::string out;
    std::unique_ptr<archive, archive_deleter> a(archive_write_new());
    if (!a) throw std::bad_alloc();
    if (archive_write_set_format_ustar(a.get()) != ARCHIVE_OK || archive_write_add_filter_none(a.get()) != ARCHIVE_OK ||
        archive_write_set_bytes_per_block(a.get(), 10240) != ARCHIVE_OK ||
        archive_write_set_bytes_in_last_block(a.get(), 1) != ARCHIVE_OK)
        return archive_failure(a.get(), "configuring the tar writer");
    if (archive_write_open(a.get(), &out, nullptr, append_output, nullptr) != ARCHIVE_OK)
        return archive_failure(a.get(), "opening the tar writer");

    for (const auto &file : files) {
        std::unique_ptr<archive_entry, entry_deleter> entry(archive_entry_new());
        if (!entry) throw std::bad_alloc();
        archive_entry_set_pathname(entry.get(), file.path.c_str());
        archive_entry_set_filetype(entry.get(), AE_IFREG);
        archive_entry_set_perm(entry.get(), 0644);
        archive_entry_set_size(entry.get(), static_cast<la_int64_t>(file.content.size()));
        archive_entry_set_mtime(entry.get(), options.mtime, 0);
        archive_entry_set_uid(entry.get(), 0);
        archive_entry_set_gid(entry.get(), 0);
        if (archive_write_header(a.get(), entry.get()) != ARCHIVE_OK)
            return archive_failure(a.get(), "tar entry \"" + file.path + "\"");
        std::size_t done = 0;
        while (done < file.content.size()) {
            const la_ssize_t n = archive_write_data(a.get(), file.content.data() + done, file.content.size() - done);
            if (n <= 0) return archive_failure(a.get(), "tar entry \"" + file.path + "\"");
            done += static_cast<std::size_t>(n);
        }
        if (archive_write_finish_entry(a.get()) != ARCHIVE_OK)
            return archive_failure(a.get(), "tar entry \"" + file.path + "\"");
    }
    if (archive_write_close(a.get()) != ARCHIVE_OK) return archive_failure(a.get(), "finishing the tar");
    return out;
}

}  // namespace forge::oci
