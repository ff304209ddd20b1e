#include "oci/digest.hpp"

#include <openssl/evp.h>

#include <new>
#include <stdexcept>

namespace forge::oci {

namespace {
constexpr std::string_view sha256_prefix = "sha256:";
constexpr std::size_t sha256_hex_length = 64;

bool is_lower_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

std::string printable(std::string_view text) {
    constexpr std::size_t shown = 80;
    std::string out;
    for (char c : text.substr(0, shown)) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    if (text.size() > shown) out += "...";
    return out;
}
}  // namespace

std::string hex_encode(const void *data, std::size_t size) {
    static constexpr char digits[] = "0123456789abcdef";
    const auto *bytes = static_cast<const unsigned char *>(data);
    std::string out(size * 2, '\0');
    for (std::size_t i = 0; i < size; ++i) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 0xf];
    }
    return out;
}

result<digest> digest::from_hex(std::string_view hex) {
    if (hex.size() != sha256_hex_length)
        return make_error(status::invalid, "sha256 digest must have 64 hex characters, got " +
                                               std::to_string(hex.size()) + " in \"" + printable(hex) + "\"");
    for (char c : hex)
        if (!is_lower_hex(c))
            return make_error(status::invalid, "sha256 digest must be lowercase hex, got \"" + printable(hex) + "\"");
    return digest(std::string(sha256_prefix) + std::string(hex));
}

result<digest> digest::parse(std::string_view text) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos)
        return make_error(status::invalid, "digest \"" + printable(text) + "\" is not of the form algorithm:hex");
    const std::string_view algorithm = text.substr(0, colon);
    if (algorithm != "sha256")
        return make_error(status::invalid,
                          "digest algorithm \"" + printable(algorithm) + "\" is not supported (only sha256 is)");
    auto parsed = from_hex(text.substr(colon + 1));
    if (!parsed) return std::move(parsed).err().wrap("digest \"" + printable(text) + "\"");
    return parsed;
}

digest digest::of(std::string_view bytes) {
    sha256_hasher hasher;
    hasher.update(bytes);
    return hasher.finish();
}

void sha256_hasher::ctx_deleter::operator()(void *p) const noexcept {
    EVP_MD_CTX_free(static_cast<EVP_MD_CTX *>(p));
}

sha256_hasher::sha256_hasher() : ctx_(EVP_MD_CTX_new()) {
    if (!ctx_) throw std::bad_alloc();
    // Failure here means OpenSSL itself is broken (sha256 is always available): a bug, not input.
    if (EVP_DigestInit_ex(static_cast<EVP_MD_CTX *>(ctx_.get()), EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("EVP_DigestInit_ex(sha256) failed");
}

sha256_hasher::~sha256_hasher() = default;

void sha256_hasher::update(const void *data, std::size_t size) {
    if (size == 0) return;
    if (EVP_DigestUpdate(static_cast<EVP_MD_CTX *>(ctx_.get()), data, size) != 1)
        throw std::runtime_error("EVP_DigestUpdate failed");
    bytes_ += size;
}

digest sha256_hasher::finish() {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(static_cast<EVP_MD_CTX *>(ctx_.get()), out, &length) != 1 || length != 32)
        throw std::runtime_error("EVP_DigestFinal_ex failed");
    return digest(std::string(sha256_prefix) + hex_encode(out, length));
}

}  // namespace forge::oci
