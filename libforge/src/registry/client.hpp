// An OCI Distribution Spec client for one registry host (namespace forge::registry).
//
//  - Auth: anonymous, basic, and bearer tokens (the WWW-Authenticate: Bearer challenge → token
//    endpoint flow with scopes repository:<name>:pull[,push]); tokens are cached per scope until
//    they expire. Credentials are given (the caller resolves secret references) or read from a
//    docker config.json (auth.hpp).
//  - Retries: 429, 5xx and connection errors or timeouts are retried with exponential backoff and
//    jitter (Retry-After honoured up to max_backoff), at most retry.max_attempts tries. A failed
//    blob upload first asks the registry (blob HEAD) whether it has the blob after all.
//  - Verification: every manifest and blob pulled is checked against its digest (and size); a
//    mismatch is status::integrity and its bytes are never handed out.
//  - Limits: manifests at most limits.max_manifest_bytes (4 MiB), blobs limits.max_blob_bytes.
//
// A client may be used from several threads at once (push_image and pull_image move blobs in
// parallel): the auth state and token cache are guarded, and a token is fetched once per scope
// set even when several requests ask for it together. The HTTP connections it opens are kept
// alive and reused.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "http/client.hpp"
#include "oci/types.hpp"
#include "registry/auth.hpp"

namespace forge::registry {

struct retry_policy {
    int max_attempts = 4;  // tries per request, the first included
    std::chrono::milliseconds initial_backoff{200};
    std::chrono::milliseconds max_backoff{5000};
};

struct limits {
    std::uint64_t max_manifest_bytes = 4u << 20;
    std::uint64_t max_blob_bytes = std::uint64_t(8) << 30;
};

enum class upload_method {
    post_put,     // POST to open a session, PUT ?digest= with the bytes (the default)
    single_post,  // POST ?digest= with the bytes; falls back to PUT if the registry opens a session
    chunked,      // POST, PATCH chunk_size pieces with Content-Range, PUT ?digest=
};

struct client_options {
    std::string host;           // host[:port] as in references
    bool plain_http = false;    // http:// instead of https:// (local or test registries)
    std::string ca_file;        // custom CA bundle for https
    bool insecure_tls = false;  // skip certificate verification: only when explicitly asked
    std::optional<credentials> creds;
    retry_policy retry;
    registry::limits limits;
    upload_method upload = upload_method::post_put;
    std::uint64_t chunk_size = 8u << 20;
    std::chrono::milliseconds timeout{60000};  // per network step (http::request::timeout)
    std::shared_ptr<http::client> http;        // shared transport; created when empty
};

// A manifest as served: its descriptor (media type from Content-Type, digest of the bytes, size)
// and its exact bytes.
struct manifest_data {
    oci::descriptor desc;
    std::string bytes;
};

// Receives a blob's bytes as they arrive (unverified until get_blob returns ok).
using blob_sink = std::function<status_result(std::string_view chunk)>;

// Supplies a blob's bytes for an upload without holding them in memory: read() fills up to
// `capacity` bytes and returns how many (0 at the end); rewind() starts over from the first byte
// (an upload that is tried again).
struct blob_reader {
    std::function<result<std::size_t>(char *buffer, std::size_t capacity)> read;
    std::function<status_result()> rewind;
};

class client {
  public:
    static result<std::unique_ptr<client>> create(client_options options);
    ~client();
    client(const client &) = delete;
    client &operator=(const client &) = delete;

    const client_options &options() const noexcept { return options_; }
    std::string base_url() const;

    // GET /v2/: ok when the registry speaks the API (401 counts: it also tells the auth scheme).
    status_result ping();

    // HEAD a manifest: nullopt when the registry does not have it.
    result<std::optional<oci::descriptor>> head_manifest(const std::string &repo, const std::string &ref);
    // GET a manifest (OCI and Docker manifest and index types accepted), digest-verified: against
    // ref when ref is a digest, and against Docker-Content-Digest when the registry sends it.
    result<manifest_data> get_manifest(const std::string &repo, const std::string &ref);
    // PUT a manifest under ref (a tag or its digest); returns its descriptor.
    result<oci::descriptor> put_manifest(const std::string &repo, const std::string &ref, std::string_view media_type,
                                         std::string_view bytes);

    result<bool> blob_exists(const std::string &repo, const oci::digest &digest);
    // Streams the blob to sink, verifying size and digest; status::integrity on mismatch (the caller
    // must then discard what the sink received). Redirects (to storage) are followed.
    status_result get_blob(const std::string &repo, const oci::descriptor &desc, const blob_sink &sink);
    // get_blob that starts over when a transfer breaks off after bytes were handed out (a
    // connection error or timeout midway): restart() is called, then the sink receives the blob
    // again from its first byte; at most retry.max_attempts transfers. Same verification.
    status_result get_blob_restarting(const std::string &repo, const oci::descriptor &desc, const blob_sink &sink,
                                      const std::function<status_result()> &restart);
    // The blob's bytes, verified; nothing is returned on a mismatch.
    result<std::string> get_blob_bytes(const std::string &repo, const oci::descriptor &desc);
    // Uploads the blob (options().upload decides how), retrying as described above. The bytes are
    // hashed while they are sent: bytes that do not match desc fail with status::integrity before
    // their last piece goes out, so the registry never completes such an upload.
    status_result push_blob(const std::string &repo, const oci::descriptor &desc, std::string_view bytes);
    // The same from a reader: the bytes stream to the registry (POST, then PUT ?digest=) hashed on
    // the way, with the same checks and retries. Blobs up to 1 MiB, and every blob when
    // options().upload is chunked, are read into memory first and sent as above.
    status_result push_blob(const std::string &repo, const oci::descriptor &desc, const blob_reader &reader);
    // Cross-repository mount; false when the registry could not mount (then nothing was created).
    result<bool> mount_blob(const std::string &repo, const oci::digest &digest, const std::string &from_repo);

    // How many HTTP requests were sent (tests and benchmarks).
    std::uint64_t requests_sent() const noexcept { return requests_; }
    // How many tokens were fetched from a token endpoint.
    std::uint64_t tokens_fetched() const noexcept { return tokens_fetched_; }

  private:
    struct call;
    struct cached_token {
        std::string token;
        std::chrono::steady_clock::time_point expires;
    };

    explicit client(client_options options) : options_(std::move(options)) {}
    result<http::response> perform(call &c);
    result<http::response> send_once(call &c, bool &auth_retry);
    status_result authorize(call &c, http::request &req);
    status_result handle_challenge(const http::response &resp, call &c);
    result<std::string> fetch_token(const challenge &bearer, const std::vector<std::string> &scopes);
    void backoff(int attempt, const http::response *resp);
    status_result upload_once(const std::string &repo, const oci::descriptor &desc, std::string_view bytes);
    status_result upload_streaming_once(const std::string &repo, const oci::descriptor &desc,
                                        const blob_reader &reader);
    template <class Upload>
    status_result upload_with_retries(const std::string &repo, const oci::descriptor &desc, Upload &&upload);
    result<std::string> absolute(std::string_view location) const;

    client_options options_;
    std::mutex auth_mutex_;         // guards basic_header_, bearer_ and tokens_
    std::mutex token_fetch_mutex_;  // one token request at a time, so parallel calls share it
    std::optional<std::string> basic_header_;
    std::optional<challenge> bearer_;
    std::map<std::string, cached_token> tokens_;
    std::atomic<std::uint64_t> requests_{0};
    std::atomic<std::uint64_t> tokens_fetched_{0};
};

// The error a registry response stands for: status from the HTTP code (401 auth, 403 permission,
// 404 not_found, 400 invalid, 413 and 429 limit, otherwise io) and the registry's error codes and
// messages from its {"errors":[...]} body.
error response_error(const http::response &resp, std::string_view what);

}  // namespace forge::registry
