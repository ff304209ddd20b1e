#include "pipeline/checkout.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace forge::pipeline {

namespace {

constexpr std::uint32_t mode_type_mask = 0170000;
constexpr std::uint32_t mode_symlink = 0120000;
constexpr std::uint32_t mode_gitlink = 0160000;

status_result write_file(const std::filesystem::path &path, const std::string &data, bool executable) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, executable ? 0755 : 0644);
    if (fd < 0) return make_error(status::io, "creating " + path.string() + ": " + std::strerror(errno));
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int err = errno;
            ::close(fd);
            return make_error(status::io, "writing " + path.string() + ": " + std::strerror(err));
        }
        done += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) return make_error(status::io, "writing " + path.string() + ": " + std::strerror(errno));
    return {};
}

}  // namespace

status_result check_out(const git::repository &repo, const git::object_id &commit, const std::filesystem::path &dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return make_error(status::io, "creating " + dir.string() + ": " + ec.message());

    status_result failure;
    auto visit = [&](const git::tree_entry &e) -> git::walk_action {
        std::filesystem::path target = dir / std::string(e.path);
        std::uint32_t type = e.mode & mode_type_mask;
        if (e.is_tree || type == mode_gitlink) {
            std::filesystem::create_directory(target, ec);
            if (ec) failure = make_error(status::io, "creating " + target.string() + ": " + ec.message());
        } else {
            auto content = repo.read_file(commit, e.path);
            if (!content) {
                failure = std::move(content).err();
            } else if (type == mode_symlink) {
                if (::symlink(content->c_str(), target.c_str()) != 0)
                    failure = make_error(status::io, "linking " + target.string() + ": " + std::strerror(errno));
            } else {
                failure = write_file(target, *content, (e.mode & 0111) != 0);
            }
        }
        if (!failure) return git::walk_action::stop;
        return type == mode_gitlink ? git::walk_action::skip : git::walk_action::descend;
    };
    FORGE_TRY(repo.walk(commit, visit));
    if (!failure) return std::move(failure).err().wrap("checking out " + commit.short_hex() + " into " + dir.string());
    return {};
}

}  // namespace forge::pipeline
