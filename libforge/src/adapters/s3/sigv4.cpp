#include "adapters/s3/sigv4.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <stdexcept>

namespace forge::adapters::sigv4 {

namespace {

bool unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == '~';
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char &c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Trim, and collapse each run of spaces inside the value to one space (SigV4's header value rule).
std::string canonical_header_value(std::string_view v) {
    std::string out;
    bool pending_space = false;
    for (char c : v) {
        if (c == ' ' || c == '\t') {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += c;
    }
    return out;
}

// RFC 3986 section 5.2.4 without the encoding step: drops "." and empty segments, resolves "..".
std::string normalized_path(std::string_view path) {
    std::vector<std::string_view> segments;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto slash = path.find('/', start);
        auto seg = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        if (seg == "..") {
            if (!segments.empty()) segments.pop_back();
        } else if (!seg.empty() && seg != ".") {
            segments.push_back(seg);
        }
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    std::string out;
    for (auto seg : segments) {
        out += '/';
        out += seg;
    }
    // A trailing slash names a "directory" and survives normalisation; "/a/.." is just "/".
    if (!segments.empty() && !path.empty() && path.back() == '/') out += '/';
    return out.empty() ? "/" : out;
}

}  // namespace

std::string hex(std::string_view bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::string sha256_hex(std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed");  // only on allocation failure inside OpenSSL
    return hex(std::string_view(reinterpret_cast<const char *>(md), len));
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char *>(data.data()), data.size(), md, &len) == nullptr)
        throw std::runtime_error("HMAC-SHA256 failed");
    return std::string(reinterpret_cast<const char *>(md), len);
}

std::string uri_encode(std::string_view text, bool encode_slash) {
    static const char digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text) {
        if (unreserved(c) || (c == '/' && !encode_slash)) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += digits[c >> 4];
            out += digits[c & 15];
        }
    }
    return out;
}

std::string canonical_uri(std::string_view path, bool normalize) {
    if (path.empty()) return "/";
    if (normalize) return uri_encode(normalized_path(path), false);
    return uri_encode(path, false);
}

std::string canonical_query(const std::vector<name_value> &query) {
    std::vector<name_value> encoded;
    encoded.reserve(query.size());
    for (const auto &[name, value] : query) encoded.emplace_back(uri_encode(name, true), uri_encode(value, true));
    std::sort(encoded.begin(), encoded.end());  // byte order of the encoded name, then of the value
    std::string out;
    for (const auto &[name, value] : encoded) {
        if (!out.empty()) out += '&';
        out += name;
        out += '=';
        out += value;
    }
    return out;
}

std::string canonical_headers(const std::vector<name_value> &headers, std::string &signed_names) {
    std::vector<name_value> canon;
    canon.reserve(headers.size());
    for (const auto &[name, value] : headers) canon.emplace_back(lower(name), canonical_header_value(value));
    // Stable: values of a repeated header keep the order in which the request lists them.
    std::stable_sort(canon.begin(), canon.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    std::string block;
    signed_names.clear();
    for (std::size_t i = 0; i < canon.size(); ++i) {
        if (i > 0 && canon[i].first == canon[i - 1].first) {
            block.back() = ',';  // replaces the '\n' of the previous value of the same header
            block += canon[i].second + '\n';
            continue;
        }
        if (!signed_names.empty()) signed_names += ';';
        signed_names += canon[i].first;
        block += canon[i].first + ':' + canon[i].second + '\n';
    }
    return block;
}

std::string credential_scope(const params &p) {
    return p.amz_date.substr(0, 8) + '/' + p.region + '/' + p.service + "/aws4_request";
}

std::string canonical_request(const request &req, std::string_view payload_hash, bool normalize_path,
                              std::string *signed_names) {
    std::string names;
    std::string headers = canonical_headers(req.headers, names);
    if (signed_names != nullptr) *signed_names = names;
    std::string out = req.method;
    out += '\n';
    out += canonical_uri(req.path, normalize_path);
    out += '\n';
    out += canonical_query(req.query);
    out += '\n';
    out += headers;
    out += '\n';
    out += names;
    out += '\n';
    out += payload_hash;
    return out;
}

std::string string_to_sign(std::string_view amz_date, std::string_view scope, std::string_view canonical) {
    std::string out(algorithm);
    out += '\n';
    out += amz_date;
    out += '\n';
    out += scope;
    out += '\n';
    out += sha256_hex(canonical);
    return out;
}

std::string signing_key(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service) {
    std::string k_secret = "AWS4" + std::string(secret);
    std::string k_date = hmac_sha256(k_secret, date);
    std::fill(k_secret.begin(), k_secret.end(), '\0');  // do not leave the secret lying in freed memory
    std::string k_region = hmac_sha256(k_date, region);
    std::string k_service = hmac_sha256(k_region, service);
    return hmac_sha256(k_service, "aws4_request");
}

signed_headers sign_headers(const request &req, std::string_view payload_hash, const params &p,
                            bool send_content_sha256) {
    signed_headers out;
    out.added.emplace_back("x-amz-date", p.amz_date);
    if (!p.creds.session_token.empty()) out.added.emplace_back("x-amz-security-token", p.creds.session_token);
    if (send_content_sha256) out.added.emplace_back("x-amz-content-sha256", std::string(payload_hash));

    request full = req;
    full.headers.insert(full.headers.end(), out.added.begin(), out.added.end());
    out.canonical_request = canonical_request(full, payload_hash, p.normalize_path, &out.signed_names);
    const std::string scope = credential_scope(p);
    out.string_to_sign = string_to_sign(p.amz_date, scope, out.canonical_request);
    out.signature = hex(hmac_sha256(
        signing_key(p.creds.secret_access_key, p.amz_date.substr(0, 8), p.region, p.service), out.string_to_sign));
    out.added.emplace_back("authorization", std::string(algorithm) + " Credential=" + p.creds.access_key_id + '/' +
                                                scope + ", SignedHeaders=" + out.signed_names +
                                                ", Signature=" + out.signature);
    return out;
}

std::string presign_query(const request &req, std::chrono::seconds expires, std::string_view payload_hash,
                          const params &p) {
    std::string names;
    canonical_headers(req.headers, names);
    const std::string scope = credential_scope(p);
    request full = req;
    full.query.emplace_back("X-Amz-Algorithm", std::string(algorithm));
    full.query.emplace_back("X-Amz-Credential", p.creds.access_key_id + '/' + scope);
    full.query.emplace_back("X-Amz-Date", p.amz_date);
    full.query.emplace_back("X-Amz-Expires", std::to_string(expires.count()));
    full.query.emplace_back("X-Amz-SignedHeaders", names);
    if (!p.creds.session_token.empty()) full.query.emplace_back("X-Amz-Security-Token", p.creds.session_token);
    const std::string canonical = canonical_request(full, payload_hash, p.normalize_path);
    const std::string signature =
        hex(hmac_sha256(signing_key(p.creds.secret_access_key, p.amz_date.substr(0, 8), p.region, p.service),
                        string_to_sign(p.amz_date, scope, canonical)));
    return canonical_query(full.query) + "&X-Amz-Signature=" + signature;
}

std::string amz_date(std::chrono::system_clock::time_point when) {
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
    return buf;
}

}  // namespace forge::adapters::sigv4
