#include "oci/staged_blob.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "oci/files.hpp"

namespace forge::oci {

namespace fs = std::filesystem;

namespace {
// Writeback of the bytes received so far is started whenever this much more has arrived.
constexpr std::uint64_t writeback_step = 8u << 20;
}  // namespace

result<staged_blob> staged_blob::create(const image_layout &layout, const descriptor &desc) {
    const fs::path target = layout.blob_path(desc.digest);
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec) return make_error(status::io, "creating directory " + target.parent_path().string() + ": " + ec.message());
    std::string pattern = (target.parent_path() / ("." + target.filename().string() + ".part-XXXXXX")).string();
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    const int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0) return files::errno_error(errno, "creating a temporary file in", target.parent_path());
    staged_blob blob(fd, fs::path(name.data()), target, desc.size);
    if (::fchmod(fd, 0644) != 0) return files::errno_error(errno, "setting the mode of", blob.temp_);
    return blob;
}

staged_blob::staged_blob(staged_blob &&other) noexcept
    : fd_(other.fd_),
      temp_(std::move(other.temp_)),
      target_(std::move(other.target_)),
      size_(other.size_),
      written_(other.written_),
      flushed_(other.flushed_) {
    other.fd_ = -1;
    other.temp_.clear();
}

staged_blob::~staged_blob() {
    discard();
}

void staged_blob::discard() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    if (!temp_.empty()) ::unlink(temp_.c_str());
    temp_.clear();
}

status_result staged_blob::write(std::string_view bytes) {
    if (fd_ < 0) return make_error(status::internal, "staged blob " + target_.string() + " is closed");
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return files::errno_error(errno, "writing", temp_);
        }
        done += static_cast<std::size_t>(n);
    }
    written_ += bytes.size();
    if (written_ - flushed_ >= writeback_step) {
        // Start writing these pages out now (asynchronously), so the flush before the rename
        // does not have to write the whole blob at once. Best effort: errors surface at the flush.
        (void)::sync_file_range(fd_, static_cast<off_t>(flushed_), static_cast<off_t>(written_ - flushed_),
                                SYNC_FILE_RANGE_WRITE);
        flushed_ = written_;
    }
    return {};
}

status_result staged_blob::restart() {
    if (fd_ < 0) return make_error(status::internal, "staged blob " + target_.string() + " is closed");
    if (::ftruncate(fd_, 0) != 0 || ::lseek(fd_, 0, SEEK_SET) != 0)
        return files::errno_error(errno, "truncating", temp_);
    written_ = flushed_ = 0;
    return {};
}

status_result staged_blob::commit_verified() {
    if (fd_ < 0) return make_error(status::internal, "staged blob " + target_.string() + " is closed");
    if (static_cast<std::int64_t>(written_) != size_)
        return make_error(status::integrity, target_.string() + ": " + std::to_string(written_) +
                                                 " bytes staged, the descriptor says " + std::to_string(size_));
    if (::fdatasync(fd_) != 0) return files::errno_error(errno, "syncing", temp_);
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) return files::errno_error(errno, "closing", temp_);
    if (::rename(temp_.c_str(), target_.c_str()) != 0) return files::errno_error(errno, "renaming into", target_);
    temp_.clear();
    return {};
}

status_result sync_blob_directory(const image_layout &layout) {
    const fs::path dir = layout.dir() / "blobs" / "sha256";
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return files::errno_error(errno, "opening directory", dir);
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0) return files::errno_error(err, "syncing directory", dir);
    return {};
}

}  // namespace forge::oci
