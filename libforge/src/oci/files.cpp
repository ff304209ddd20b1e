#include "oci/files.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace forge::oci::files {

namespace fs = std::filesystem;

error errno_error(int err, std::string_view what, const fs::path &path) {
    const status code = err == ENOENT                     ? status::not_found
                        : (err == EACCES || err == EPERM) ? status::permission
                                                          : status::io;
    return make_error(code, std::string(what) + " " + path.string() + ": " + std::strerror(err));
}

namespace {
// Closes a descriptor on scope exit unless released.
struct fd_guard {
    int fd = -1;
    ~fd_guard() {
        if (fd >= 0) ::close(fd);
    }
};

status_result write_all(int fd, std::string_view bytes, const fs::path &path) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno_error(errno, "writing", path);
        }
        done += static_cast<std::size_t>(n);
    }
    return {};
}

status_result fsync_directory(const fs::path &dir) {
    fd_guard d{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
    if (d.fd < 0) return errno_error(errno, "opening directory", dir);
    if (::fsync(d.fd) != 0) return errno_error(errno, "syncing directory", dir);
    return {};
}
}  // namespace

status_result write_atomically(const fs::path &target, std::string_view bytes, unsigned mode) {
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string pattern = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    fd_guard tmp{::mkostemp(name.data(), O_CLOEXEC)};
    if (tmp.fd < 0) return errno_error(errno, "creating a temporary file in", dir);
    const fs::path tmp_path(name.data());
    auto fail = [&](error e) -> status_result {
        ::unlink(tmp_path.c_str());
        return e;
    };
    if (::fchmod(tmp.fd, mode) != 0) return fail(errno_error(errno, "setting the mode of", tmp_path));
    if (auto w = write_all(tmp.fd, bytes, tmp_path); !w) return fail(w.err());
    if (::fsync(tmp.fd) != 0) return fail(errno_error(errno, "syncing", tmp_path));
    if (::close(tmp.fd) != 0) {
        tmp.fd = -1;
        return fail(errno_error(errno, "closing", tmp_path));
    }
    tmp.fd = -1;
    if (::rename(tmp_path.c_str(), target.c_str()) != 0) return fail(errno_error(errno, "renaming into", target));
    return fsync_directory(dir);
}

result<std::string> read_bounded(const fs::path &file, std::uint64_t max_bytes,
                                 const std::function<void(std::string_view)> &on_piece) {
    fd_guard f{::open(file.c_str(), O_RDONLY | O_CLOEXEC)};
    if (f.fd < 0) return errno_error(errno, "opening", file);
    struct stat st {};
    if (::fstat(f.fd, &st) != 0) return errno_error(errno, "reading the size of", file);
    if (!S_ISREG(st.st_mode)) return make_error(status::invalid, file.string() + " is not a regular file");
    if (static_cast<std::uint64_t>(st.st_size) > max_bytes)
        return make_error(status::limit, file.string() + " has " + std::to_string(st.st_size) +
                                             " bytes, more than the limit of " + std::to_string(max_bytes));
    // Reads of at most this size, so that on_piece sees each piece while it is still in the cache.
    constexpr std::size_t piece = 1u << 20;
    std::string out;
    out.resize(static_cast<std::size_t>(st.st_size));
    std::size_t done = 0;
    auto read_into = [&](char *where, std::size_t capacity) -> result<std::size_t> {
        for (;;) {
            const ssize_t n = ::read(f.fd, where, capacity);
            if (n >= 0) return static_cast<std::size_t>(n);
            if (errno != EINTR) return errno_error(errno, "reading", file);
        }
    };
    while (done < out.size()) {
        FORGE_TRY_ASSIGN(std::size_t n, read_into(out.data() + done, std::min(piece, out.size() - done)));
        if (n == 0) break;  // the file shrank since fstat
        if (on_piece) on_piece(std::string_view(out.data() + done, n));
        done += n;
    }
    out.resize(done);
    if (done == static_cast<std::size_t>(st.st_size)) {
        // The file may have grown since fstat: read on until its end, within the limit.
        std::vector<char> more(64 * 1024);
        for (;;) {
            FORGE_TRY_ASSIGN(std::size_t n, read_into(more.data(), more.size()));
            if (n == 0) break;
            if (out.size() + n > max_bytes)
                return make_error(status::limit, file.string() + " is larger than the limit of " +
                                                     std::to_string(max_bytes) + " bytes");
            if (on_piece) on_piece(std::string_view(more.data(), n));
            out.append(more.data(), n);
        }
    }
    return out;
}

result<exclusive_lock> exclusive_lock::acquire(const fs::path &lock_file) {
    const int fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return errno_error(errno, "opening lock file", lock_file);
    while (::flock(fd, LOCK_EX) != 0) {
        if (errno == EINTR) continue;
        const int err = errno;
        ::close(fd);
        return errno_error(err, "locking", lock_file);
    }
    return exclusive_lock(fd);
}

exclusive_lock::~exclusive_lock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace forge::oci::files
