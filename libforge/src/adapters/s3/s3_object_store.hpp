// Object store "s3": keys are objects of one bucket of an S3-compatible service (AWS S3, MinIO,
// Ceph RGW), reached over HTTP(S) with AWS Signature Version 4.
//
//  - Addressing: path-style (http://host:port/bucket/key, what MinIO and local servers want) or
//    virtual-host-style (https://bucket.host/key, AWS's default).
//  - put: one PUT up to multipart_threshold bytes; above it a multipart upload (initiate, parts of
//    part_size bytes, complete), aborted when any step fails so no orphaned parts are left billed.
//    Bodies are signed with their SHA-256 (never UNSIGNED-PAYLOAD), so plain-HTTP endpoints are
//    protected against tampering in transit too.
//  - list: ListObjectsV2 followed through continuation tokens, keys returned sorted.
//  - presign_get: a GET URL carrying its signature in X-Amz-* query parameters, valid for ttl.
//  - Credentials come from a callback called for every request, so secrets are resolved at the
//    point of use (and rotated values are picked up) instead of being held by the adapter.
//
// Keys are '/'-separated relative paths, checked as the fs adapter checks them (no empty, "." or
// ".." segments, no leading '/', no NUL or backslash), so every adapter accepts the same keys.
// The configured prefix is prepended to every key and stripped again from listed keys.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>

#include "adapters/s3/sigv4.hpp"
#include "http/client.hpp"
#include "ports/object_store.hpp"

namespace forge::adapters {

struct s3_options {
    std::string endpoint;  // http(s)://host[:port]; empty: https://s3.<region>.amazonaws.com
    std::string bucket;
    std::string region = "us-east-1";
    std::string prefix;  // prepended to every key, e.g. "forge/"
    bool path_style = false;
    std::size_t multipart_threshold = 8u << 20;                    // objects larger than this go up in parts
    std::size_t part_size = 8u << 20;                              // S3 needs at least 5 MiB for all parts but the last
    std::chrono::milliseconds timeout = std::chrono::seconds(60);  // per network step
};

// Returns the credentials to sign one request with; called at the point of use.
using s3_credentials_source = std::function<result<sigv4::credentials>()>;
using s3_clock = std::function<std::chrono::system_clock::time_point()>;

class s3_object_store final : public ports::object_store {
  public:
    // status::invalid naming the option when the options cannot work (no bucket, bad endpoint, a
    // bucket name that cannot be a host name with virtual-host-style...).
    static result<std::shared_ptr<s3_object_store>> create(s3_options options, s3_credentials_source credentials,
                                                           std::shared_ptr<http::client> client = nullptr,
                                                           s3_clock clock = nullptr);

    status_result put(std::string_view key, std::string_view data) override;
    result<std::string> get(std::string_view key) override;
    result<std::vector<std::string>> list(std::string_view prefix) override;
    status_result remove(std::string_view key) override;  // removing an absent key is not an error
    result<std::string> presign_get(std::string_view key, std::chrono::seconds ttl) override;

    const s3_options &options() const { return options_; }

  private:
    struct target {
        std::string path;                      // decoded, as signed: /bucket/key or /key
        std::vector<sigv4::name_value> query;  // decoded
    };

    s3_object_store(s3_options options, http::url endpoint, s3_credentials_source credentials,
                    std::shared_ptr<http::client> client, s3_clock clock);

    std::string host() const;  // the Host header: bucket.host[:port] or host[:port]
    target object_target(std::string_view full_key) const;
    target bucket_target() const;
    std::string url_of(const target &t, const std::string &query_string) const;
    result<http::response> send(const std::string &method, const target &t, std::string body,
                                std::vector<sigv4::name_value> extra_headers = {});
    result<std::string> full_key(std::string_view key) const;

    status_result put_single(const std::string &key, std::string_view data);
    status_result put_multipart(const std::string &key, std::string_view data);

    s3_options options_;
    http::url endpoint_;
    s3_credentials_source credentials_;
    std::shared_ptr<http::client> client_;
    s3_clock clock_;
};

}  // namespace forge::adapters
