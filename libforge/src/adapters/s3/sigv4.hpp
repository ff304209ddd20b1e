// AWS Signature Version 4 (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv4.html):
// canonical request, string to sign, signing key, Authorization header and presigned query strings.
//
// Pure functions over strings: no clock, no network, no logging. Callers pass the time as an
// "x-amz-date" (YYYYMMDD'T'HHMMSS'Z'), which is what makes the published test vectors reproducible.
// Paths and query parameters are given decoded (raw bytes); this code percent-encodes them exactly
// once, which is S3's rule (other services sign an already-encoded path, so for them the caller
// passes the path as sent and it gets encoded a second time, as the test suite expects).
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace forge::adapters::sigv4 {

inline constexpr std::string_view algorithm = "AWS4-HMAC-SHA256";
// The payload hash that tells the service the body is not covered by the signature.
inline constexpr std::string_view unsigned_payload = "UNSIGNED-PAYLOAD";

struct credentials {
    std::string access_key_id;
    std::string secret_access_key;
    std::string session_token;  // empty: none (long-term credentials)
};

using name_value = std::pair<std::string, std::string>;

struct request {
    std::string method;               // "GET", "PUT", ...
    std::string path = "/";           // decoded, starting with '/'
    std::vector<name_value> query;    // decoded names and values, any order
    std::vector<name_value> headers;  // any case and order; must include Host
};

struct params {
    credentials creds;
    std::string region;
    std::string service;   // "s3"
    std::string amz_date;  // YYYYMMDD'T'HHMMSS'Z', UTC
    // Remove "." / ".." segments and empty segments from the path before signing. Every service
    // but S3 does; S3 signs the key exactly as given (a key may legitimately contain "//" or "..").
    bool normalize_path = false;
};

struct signed_headers {
    std::string canonical_request;
    std::string string_to_sign;
    std::string signature;     // lower-case hex
    std::string signed_names;  // "host;x-amz-date"
    // The headers the caller must send in addition to its own: x-amz-date, x-amz-security-token
    // (with a session token), x-amz-content-sha256 (when asked for) and authorization, in that order.
    std::vector<name_value> added;
};

// Hex SHA-256 of the bytes (lower case): the hashed-payload form of a body.
std::string sha256_hex(std::string_view data);
// Raw HMAC-SHA256 of data under key.
std::string hmac_sha256(std::string_view key, std::string_view data);
std::string hex(std::string_view bytes);

// RFC 3986 percent-encoding as SigV4 defines it: A-Z a-z 0-9 - _ . ~ stay, every other byte becomes
// %XY (upper-case hex); '/' stays too when encode_slash is false (paths).
std::string uri_encode(std::string_view text, bool encode_slash);
// The path with each segment encoded once (and normalised when asked), "/" when empty.
std::string canonical_uri(std::string_view path, bool normalize);
// name=value pairs encoded and sorted by name, then value, joined with '&'.
std::string canonical_query(const std::vector<name_value> &query);
// Lower-case names, trimmed values with inner runs of spaces collapsed, repeated names joined with
// ','; returns the "name:value\n..." block and sets signed_names to "a;b;c".
std::string canonical_headers(const std::vector<name_value> &headers, std::string &signed_names);

// "<date>/<region>/<service>/aws4_request"
std::string credential_scope(const params &p);
std::string canonical_request(const request &req, std::string_view payload_hash, bool normalize_path,
                              std::string *signed_names = nullptr);
std::string string_to_sign(std::string_view amz_date, std::string_view scope, std::string_view canonical);
// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")
std::string signing_key(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service);

// Signs a request in the Authorization header. payload_hash is sha256_hex(body) or unsigned_payload.
// x-amz-date (and x-amz-security-token) are added to the signed headers; x-amz-content-sha256 too
// when send_content_sha256 is set (S3 requires it on every header-signed request).
signed_headers sign_headers(const request &req, std::string_view payload_hash, const params &p,
                            bool send_content_sha256);

// The query string of a presigned request (without '?'): req.query plus X-Amz-Algorithm,
// X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders (the request's headers, at
// least host), X-Amz-Security-Token when there is a session token, then X-Amz-Signature.
// payload_hash is unsigned_payload for S3.
std::string presign_query(const request &req, std::chrono::seconds expires, std::string_view payload_hash,
                          const params &p);

// The x-amz-date of a point in time (UTC, whole seconds).
std::string amz_date(std::chrono::system_clock::time_point when);

}  // namespace forge::adapters::sigv4
