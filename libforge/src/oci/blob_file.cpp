#include "oci/blob_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "oci/files.hpp"

namespace forge::oci {

result<blob_file> blob_file::open(const image_layout &layout, const descriptor &desc) {
    const auto path = layout.blob_path(desc.digest);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return files::errno_error(errno, "opening blob", path);
    blob_file file(fd, path);
    struct stat st {};
    if (::fstat(fd, &st) != 0) return files::errno_error(errno, "reading the size of", path);
    if (!S_ISREG(st.st_mode)) return make_error(status::invalid, path.string() + " is not a regular file");
    if (st.st_size != desc.size)
        return make_error(status::integrity, "blob " + desc.digest.str() + " in " + layout.dir().string() + " has " +
                                                 std::to_string(st.st_size) + " bytes, its descriptor says " +
                                                 std::to_string(desc.size));
    (void)::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    return file;
}

blob_file::~blob_file() {
    if (fd_ >= 0) ::close(fd_);
}

result<std::size_t> blob_file::read(char *buffer, std::size_t capacity) {
    for (;;) {
        const ssize_t n = ::read(fd_, buffer, capacity);
        if (n >= 0) return static_cast<std::size_t>(n);
        if (errno != EINTR) return files::errno_error(errno, "reading", path_);
    }
}

status_result blob_file::rewind() {
    if (::lseek(fd_, 0, SEEK_SET) != 0) return files::errno_error(errno, "rewinding", path_);
    return {};
}

}  // namespace forge::oci
