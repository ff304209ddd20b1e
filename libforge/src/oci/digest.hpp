// sha256 content digests as OCI writes them: "sha256:<64 lowercase hex>".
// Only sha256 is accepted for now; any other algorithm is refused with a clear error rather than
// being carried around unverifiable.
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace forge::oci {

// Lowercase hex of arbitrary bytes.
std::string hex_encode(const void *data, std::size_t size);

class digest {
  public:
    // Parses "sha256:<64 lowercase hex>". Anything else (other algorithms, uppercase hex, wrong
    // length, missing colon) is status::invalid with a message naming the problem.
    static result<digest> parse(std::string_view text);
    // From the 64 lowercase hex characters only.
    static result<digest> from_hex(std::string_view hex);
    // The digest of the given bytes.
    static digest of(std::string_view bytes);

    // An unset digest (default-constructed) has empty str() and hex(); validation rejects it.
    digest() = default;
    bool is_set() const noexcept { return !text_.empty(); }

    const std::string &str() const noexcept { return text_; }
    std::string_view hex() const noexcept { return is_set() ? std::string_view(text_).substr(7) : std::string_view(); }
    std::string_view algorithm() const noexcept { return "sha256"; }

    auto operator<=>(const digest &) const = default;

  private:
    friend class sha256_hasher;
    explicit digest(std::string text) : text_(std::move(text)) {}
    std::string text_;
};

// Streaming sha256 over OpenSSL EVP: feed with update(), read once with finish().
class sha256_hasher {
  public:
    sha256_hasher();
    ~sha256_hasher();
    sha256_hasher(const sha256_hasher &) = delete;
    sha256_hasher &operator=(const sha256_hasher &) = delete;

    void update(const void *data, std::size_t size);
    void update(std::string_view bytes) { update(bytes.data(), bytes.size()); }
    std::uint64_t bytes() const noexcept { return bytes_; }
    // Ends the computation; the hasher must not be updated afterwards.
    digest finish();

  private:
    struct ctx_deleter {
        void operator()(void *p) const noexcept;
    };
    std::unique_ptr<void, ctx_deleter> ctx_;
    std::uint64_t bytes_ = 0;
};

}  // namespace forge::oci
