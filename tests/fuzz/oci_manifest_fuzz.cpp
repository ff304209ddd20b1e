// Fuzzes image manifest and index parsing: any input parses or fails with a message; whatever
// parses encodes to canonical bytes that parse again to the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "oci/types.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char *>(data), size);
    auto manifest = forge::oci::parse_image_manifest(bytes);
    if (manifest.ok()) {
        auto encoded = forge::oci::encode(*manifest);
        if (!encoded.ok()) std::abort();
        auto again = forge::oci::parse_image_manifest(*encoded);
        if (!again.ok()) std::abort();
        auto encoded_again = forge::oci::encode(*again);
        if (!encoded_again.ok() || *encoded_again != *encoded) std::abort();
    } else if (manifest.err().message.empty()) {
        std::abort();
    }
    auto index = forge::oci::parse_image_index(bytes);
    if (index.ok()) {
        auto encoded = forge::oci::encode(*index);
        if (!encoded.ok()) std::abort();
        auto again = forge::oci::parse_image_index(*encoded);
        if (!again.ok() || forge::oci::encode(*again).value() != *encoded) std::abort();
    }
    (void)forge::oci::parse_image_config(bytes);
    return 0;
}
