#include "adapters/fs/fs_object_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace forge::adapters {

namespace fs = std::filesystem;

namespace {

// Temporary files carry this prefix; keys may not use it, so list() never shows a half-written object.
constexpr std::string_view temp_prefix = ".forge-tmp-";

error key_error(std::string_view key, const std::string &why) {
    std::string shown(key);
    std::replace(shown.begin(), shown.end(), '\0', '?');
    return make_error(status::invalid, "object key \"" + shown + "\": " + why);
}

std::string percent_encode_path(const std::string &path) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : path) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace

fs_object_store::fs_object_store(fs::path root) : root_(fs::absolute(std::move(root)).lexically_normal()) {}

status_result fs_object_store::validate_key(std::string_view key) {
    if (key.empty()) return key_error(key, "must not be empty");
    if (key.find('\0') != std::string_view::npos) return key_error(key, "must not contain NUL");
    if (key.find('\\') != std::string_view::npos) return key_error(key, "must not contain a backslash");
    if (key.front() == '/') return key_error(key, "must be relative (no leading '/')");
    std::size_t start = 0;
    while (true) {
        auto slash = key.find('/', start);
        auto seg = key.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        if (seg.empty()) return key_error(key, "must not contain empty segments");
        if (seg == "." || seg == "..") return key_error(key, "must not contain \".\" or \"..\" segments");
        if (seg.substr(0, temp_prefix.size()) == temp_prefix)
            return key_error(key, "segments must not start with \"" + std::string(temp_prefix) + "\"");
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return {};
}

result<fs::path> fs_object_store::path_of(std::string_view key) const {
    FORGE_TRY(validate_key(key));
    return root_ / fs::path(std::string(key));
}

status_result fs_object_store::put(std::string_view key, std::string_view data) {
    FORGE_TRY_ASSIGN(auto path, path_of(key));
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) return make_error(status::io, "creating " + path.parent_path().string() + ": " + ec.message());
    std::string tmpl = (path.parent_path() / (std::string(temp_prefix) + "XXXXXX")).string();
    int fd = ::mkostemp(tmpl.data(), O_CLOEXEC);
    if (fd < 0) return make_error(status::io, "creating a temporary file in " + path.parent_path().string() + ": " + std::strerror(errno));
    const char *p = data.data();
    std::size_t left = data.size();
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int err = errno;
            ::close(fd);
            ::unlink(tmpl.c_str());
            return make_error(status::io, "writing " + path.string() + ": " + std::strerror(err));
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    ::fchmod(fd, 0644);
    if (::close(fd) != 0) {
        int err = errno;
        ::unlink(tmpl.c_str());
        return make_error(status::io, "writing " + path.string() + ": " + std::strerror(err));
    }
    if (::rename(tmpl.c_str(), path.c_str()) != 0) {
        int err = errno;
        ::unlink(tmpl.c_str());
        return make_error(status::io, "renaming into " + path.string() + ": " + std::strerror(err));
    }
    return {};
}

result<std::string> fs_object_store::get(std::string_view key) {
    FORGE_TRY_ASSIGN(auto path, path_of(key));
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        return make_error(status::not_found, "object \"" + std::string(key) + "\" does not exist");
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(status::io, "reading " + path.string() + ": " + std::strerror(errno));
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) return make_error(status::io, "reading " + path.string());
    return ss.str();
}

result<std::vector<std::string>> fs_object_store::list(std::string_view prefix) {
    if (prefix.find('\0') != std::string_view::npos) return key_error(prefix, "prefix must not contain NUL");
    if (!prefix.empty() && prefix.front() == '/') return key_error(prefix, "prefix must be relative");
    // Walk only the deepest directory the prefix names; keys are then filtered by plain prefix.
    std::string dir_part(prefix.substr(0, prefix.rfind('/') == std::string_view::npos ? 0 : prefix.rfind('/')));
    if (!dir_part.empty()) FORGE_TRY(validate_key(dir_part));
    fs::path start = dir_part.empty() ? root_ : root_ / dir_part;
    std::vector<std::string> keys;
    std::error_code ec;
    if (!fs::is_directory(start, ec)) return keys;
    fs::recursive_directory_iterator it(start, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) return make_error(status::io, "listing " + start.string() + ": " + ec.message());
    for (; it != end; it.increment(ec)) {
        if (ec) return make_error(status::io, "listing " + start.string() + ": " + ec.message());
        if (!it->is_regular_file(ec)) continue;
        std::string name = it->path().filename().string();
        if (name.rfind(temp_prefix, 0) == 0) continue;
        std::string key = it->path().lexically_relative(root_).generic_string();
        if (key.compare(0, prefix.size(), prefix) == 0) keys.push_back(std::move(key));
    }
    std::sort(keys.begin(), keys.end());
    return keys;
}

status_result fs_object_store::remove(std::string_view key) {
    FORGE_TRY_ASSIGN(auto path, path_of(key));
    std::error_code ec;
    fs::remove(path, ec);
    if (ec) return make_error(status::io, "removing " + path.string() + ": " + ec.message());
    // Tidy directories the key leaves empty, never the root itself.
    for (auto dir = path.parent_path(); dir != root_ && dir.string().size() > root_.string().size();
         dir = dir.parent_path()) {
        if (!fs::is_empty(dir, ec) || ec) break;
        fs::remove(dir, ec);
        if (ec) break;
    }
    return {};
}

result<std::string> fs_object_store::presign_get(std::string_view key, std::chrono::seconds) {
    // A local file needs no signature; the URL stays valid as long as the file exists.
    FORGE_TRY_ASSIGN(auto path, path_of(key));
    return "file://" + percent_encode_path(path.string());
}

}  // namespace forge::adapters
