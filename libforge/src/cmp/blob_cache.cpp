#include "cmp/blob_cache.hpp"

#include "oci/files.hpp"

namespace forge::cmp {

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
    if (oci::digest::of(bytes) != d)
        return make_error(status::integrity, "blob cache: bytes do not match " + d.str());
    const auto path = path_of(d);
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) return make_error(status::io, "blob cache: creating " + path.parent_path().string() + ": " + ec.message());
    return oci::files::write_atomically(path, bytes, 0644);
}

}  // namespace forge::cmp
