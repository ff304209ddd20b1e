// A small synchronous HTTP/1.1 client (http and https) for the registry and object-store code.
//
// This header carries no Boost or OpenSSL type: the transport (Boost.Beast, Asio, OpenSSL) lives in
// client.cpp alone, because those headers are slow to compile.
//
// What it does:
//  - http:// and https:// URLs; TLS verifies the peer against the system CAs by default, or against
//    a CA bundle file; verification is skipped only when `insecure` is set explicitly.
//  - keep-alive: idle connections are kept per scheme://host:port and reused; a request that fails
//    on a reused connection before any response byte arrived is sent once more on a fresh one (when
//    its body can be sent again).
//  - redirects (301, 302, 303, 307, 308) for GET and HEAD, at most `max_redirects`; the
//    Authorization header is dropped when the redirect leaves the original scheme://host:port.
//  - limits on the response header size and on bodies held in memory; per-operation timeouts.
//  - errors as forge::result: status::io (connection, TLS, protocol), status::timeout,
//    status::limit (a header or body beyond its limit), status::invalid (a malformed URL or request).
//    An HTTP error status (4xx, 5xx) is NOT an error here: it is a response like any other.
//
// Thread safety: one client may be used from several threads at once; each request takes its own
// connection from the pool.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace forge::http {

// Header fields in order of insertion, with case-insensitive names (RFC 9110 §5.1).
class header_map {
  public:
    // Adds a field (a second field of the same name is kept).
    void add(std::string name, std::string value);
    // Replaces every field of that name with one.
    void set(std::string name, std::string value);
    void remove(std::string_view name);
    // The first value of that name.
    std::optional<std::string> get(std::string_view name) const;
    // Every value of that name, in order.
    std::vector<std::string> get_all(std::string_view name) const;
    bool contains(std::string_view name) const { return get(name).has_value(); }

    const std::vector<std::pair<std::string, std::string>> &fields() const noexcept { return fields_; }
    bool empty() const noexcept { return fields_.empty(); }

  private:
    std::vector<std::pair<std::string, std::string>> fields_;
};

// ASCII case-insensitive equality, as header names compare.
bool iequals(std::string_view a, std::string_view b) noexcept;

// Produces the request body piece by piece: writes up to `capacity` bytes into `buffer` and returns
// how many (0 = the end). An error aborts the request (the connection is closed).
using body_source = std::function<result<std::size_t>(char *buffer, std::size_t capacity)>;
// Receives the response body piece by piece. An error aborts the transfer and is returned by send().
using body_sink = std::function<status_result(std::string_view chunk)>;

struct request {
    std::string method = "GET";
    std::string url;     // http://host[:port]/path?query or https://...
    header_map headers;  // Host, Content-Length and User-Agent are set by the client unless given

    // The body: `body` bytes, or, when `source` is set, whatever it produces. A streamed body of
    // known length sends Content-Length: source_length (the source must produce exactly that many
    // bytes); without a length it goes out with Transfer-Encoding: chunked. A streamed body cannot
    // be sent twice, so such a request is never re-sent on a fresh connection nor redirected.
    std::string body;
    body_source source;
    std::optional<std::uint64_t> source_length;

    // When set, the body of a 2xx response goes to the sink instead of response::body (which stays
    // empty); other responses still fill response::body (for error documents), within the limit.
    body_sink sink;

    // Each network step (resolve, connect, TLS handshake, each write and each read of a piece) must
    // complete within this time; a transfer that keeps progressing is never cut off.
    std::chrono::milliseconds timeout = std::chrono::seconds(30);
    bool follow_redirects = true;  // only GET and HEAD are ever redirected
};

struct response {
    int status = 0;
    header_map headers;
    std::string body;  // empty when the body went to request::sink
    std::string url;   // the URL that answered, after redirects
};

struct client_options {
    std::string ca_file;    // PEM bundle to verify servers against; empty: the system CAs
    bool insecure = false;  // https without verifying the certificate or host name: only when asked
    int max_redirects = 5;
    std::size_t max_header_bytes = 64 * 1024;
    std::uint64_t max_body_bytes = 64ull << 20;  // bodies held in memory (response::body)
    std::size_t max_idle_per_host = 4;
    std::string user_agent = "catalyst-forge";
};

class client {
  public:
    // Fails (status::io / status::invalid) when the CA file cannot be loaded.
    static result<std::shared_ptr<client>> create(const client_options &options = {});
    virtual ~client() = default;

    // Sends the request and reads the response (following redirects as described above).
    virtual result<response> send(request req) = 0;

    // Closes every idle connection.
    virtual void close_idle() = 0;
};

// ---- URLs ----

struct url {
    std::string scheme;      // "http" or "https" (lowercase)
    std::string host;        // without brackets for IPv6 literals
    std::uint16_t port = 0;  // explicit or the scheme's default
    std::string target;      // path and query, at least "/"

    // scheme://host[:port] (the port only when it is not the default), IPv6 in brackets.
    std::string origin() const;
    // host[:port] as the Host header carries it.
    std::string authority() const;
    std::string str() const { return origin() + target; }
};

// Parses an absolute http(s) URL; the fragment is dropped. status::invalid naming the problem.
result<url> parse_url(std::string_view text);
// Resolves a Location value (absolute, scheme-relative, absolute path or relative path) against base.
result<url> resolve_url(const url &base, std::string_view location);
// Percent-encodes everything but RFC 3986 unreserved characters (for query values).
std::string percent_encode(std::string_view text);

}  // namespace forge::http
