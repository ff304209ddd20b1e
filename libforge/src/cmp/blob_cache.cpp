#include "cmp/blob_cache.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "oci/files.hpp"

namespace forge::cmp {

namespace {

// Temporary file + rename, without fsync: a reader sees the whole blob or none, and an entry torn
// by a crash fails its digest check on the next read and is fetched again, so durability buys
// nothing here while two fsyncs per blob would dominate a cold render.
status_result write_unsynced(const std::filesystem::path &path, std::string_view bytes) {
    static std::atomic<unsigned> counter{0};
    const auto tmp = path.parent_path() / (".incoming-" + std::to_string(::getpid()) + "-" +
                                           std::to_string(counter.fetch_add(1)) + "-" + path.filename().string());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) return make_error(status::io, "blob cache: creating " + tmp.string() + ": " + std::strerror(errno));
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int e = errno;
            ::close(fd);
            ::unlink(tmp.c_str());
            return make_error(status::io, "blob cache: writing " + tmp.string() + ": " + std::strerror(e));
        }
        done += std::size_t(n);
    }
    if (::close(fd) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
        const int e = errno;
        ::unlink(tmp.c_str());
        return make_error(status::io, "blob cache: storing " + path.string() + ": " + std::strerror(e));
    }
    return {};
}

}  // namespace

std::filesystem::path blob_cache::path_of(const oci::digest &d) const {
    return dir_ / "blobs" / "sha256" / std::string(d.hex());
}

result<std::optional<std::string>> blob_cache::get(const oci::digest &d, std::uint64_t max_bytes) const {
    const auto path = path_of(d);
    auto bytes = oci::files::read_bounded(path, max_bytes);
    if (!bytes) {
        if (bytes.err().code == status::not_found) return std::optional<std::string>();
        return std::move(bytes).err().wrap("blob cache");
    }
    if (oci::digest::of(*bytes) != d) {
        // Damaged (disk error, someone editing the cache): drop it and fetch again.
        std::error_code ec;
        std::filesystem::remove(path, ec);
        return std::optional<std::string>();
    }
    return std::optional<std::string>(std::move(bytes).value());
}

status_result blob_cache::put(const oci::digest &d, std::string_view bytes) const {
    if (oci::digest::of(bytes) != d) return make_error(status::integrity, "blob cache: bytes do not match " + d.str());
    const auto path = path_of(d);
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) return make_error(status::io, "blob cache: creating " + path.parent_path().string() + ": " + ec.message());
    return write_unsynced(path, bytes);
}

}  // namespace forge::cmp
