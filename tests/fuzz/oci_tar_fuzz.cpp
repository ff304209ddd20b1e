// Fuzzes the reader for untrusted tar archives (the release resources layer): any input must give
// either files within the limits or an error, never a crash, leak, hang or file-system access.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "oci/tar_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    forge::oci::tar_read_limits limits;
    limits.max_total_bytes = 1u << 20;  // small caps keep each run fast and exercise the limits
    limits.max_entry_bytes = 256u << 10;
    limits.max_entries = 64;
    limits.require_yaml_names = size % 2 == 0;
    limits.allow_directories = size % 3 == 0;
    const std::string_view bytes(reinterpret_cast<const char *>(data), size);
    auto files = forge::oci::read_untrusted_tar(bytes, limits);
    if (files.ok()) {
        std::uint64_t total = 0;
        for (const auto &f : *files) {
            // The invariants the reader promises.
            if (f.path.empty() || f.path.front() == '/' || f.content.size() > limits.max_entry_bytes) std::abort();
            total += f.content.size();
        }
        if (total > limits.max_total_bytes || files->size() > limits.max_entries) std::abort();
    } else if (files.err().message.empty()) {
        std::abort();
    }
    return 0;
}
