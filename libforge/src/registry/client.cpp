#include "registry/client.hpp"

#include <boost/json.hpp>
#include <cstring>
#include <future>
#include <random>
#include <thread>

#include "oci/digest.hpp"
#include "oci/media_types.hpp"

namespace forge::registry {

namespace {
constexpr std::string_view manifest_accept =
    "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, "
    "application/vnd.docker.distribution.manifest.v2+json, "
    "application/vnd.docker.distribution.manifest.list.v2+json";
// Bodies up to this size are copied into the request so a stale keep-alive connection can be
// retried transparently; larger ones are streamed from the caller's buffer.
constexpr std::size_t copy_body_limit = 1u << 20;

std::string pull_scope(const std::string &repo) {
    return "repository:" + repo + ":pull";
}
std::string push_scope(const std::string &repo) {
    return "repository:" + repo + ":pull,push";
}

std::string media_type_of(const http::response &resp) {
    std::string ct = resp.headers.get("Content-Type").value_or("");
    ct = ct.substr(0, ct.find(';'));
    while (!ct.empty() && ct.back() == ' ') ct.pop_back();
    return ct;
}

bool retriable_status(int s) {
    return s == 429 || s >= 500;
}

// Hashes a streamed upload body on a helper thread while the piece before is written to the
// socket, so hashing and sending overlap. One piece is hashed at a time, in order, from memory that
// stays valid until add() or finish() is called again (the caller's buffer, or the stream's own
// double buffer). The last piece is hashed on the calling thread and compared before it is handed
// out, so a mismatch still stops the upload before its last byte.
class overlapped_hasher {
  public:
    overlapped_hasher() = default;
    overlapped_hasher(const overlapped_hasher &) = delete;
    overlapped_hasher &operator=(const overlapped_hasher &) = delete;
    ~overlapped_hasher() { wait(); }

    void add(const char *data, std::size_t n) {
        wait();
        pending_ = std::async(std::launch::async, [this, data, n] { hasher_.update(data, n); });
    }
    oci::digest finish(const char *data, std::size_t n) {
        wait();
        hasher_.update(data, n);
        return hasher_.finish();
    }

  private:
    void wait() {
        if (pending_.valid()) pending_.get();
    }
    oci::sha256_hasher hasher_;
    std::future<void> pending_;
};

std::string with_query(const std::string &url, const std::string &param) {
    return url + (url.find('?') == std::string::npos ? "?" : "&") + param;
}
}  // namespace

struct client::call {
    std::string method;
    std::string url;
    http::header_map headers;
    std::string_view body;
    // When set, the body must hash to this digest: checked while it is sent, and a mismatch stops
    // the request before its last byte goes out (status::integrity).
    std::optional<oci::digest> body_digest;
    // A streamed body of stream_length bytes instead (hashed against body_digest the same way);
    // rewind is called before it is sent again (after an auth challenge).
    std::function<result<std::size_t>(char *, std::size_t)> stream;
    std::uint64_t stream_length = 0;
    std::function<status_result()> rewind;
    std::vector<std::string> scopes;
    http::body_sink sink;
    std::function<void()> reset_sink;  // before every try
    std::function<bool()> may_retry;   // false once a retry would be wrong (bytes handed out)
    bool retry = true;
    std::string what;
    // How the last try was authorized, so a 401 can tell "these credentials were refused" from
    // "another thread learnt the scheme meanwhile".
    enum class sent_auth { none, basic, bearer } sent = sent_auth::none;
    std::string sent_token;
};

error response_error(const http::response &resp, std::string_view what) {
    status code = status::io;
    switch (resp.status) {
        case 400:
            code = status::invalid;
            break;
        case 401:
            code = status::auth;
            break;
        case 403:
            code = status::permission;
            break;
        case 404:
            code = status::not_found;
            break;
        case 413:
        case 429:
            code = status::limit;
            break;
        default:
            break;
    }
    std::string detail;
    boost::system::error_code ec;
    auto doc = boost::json::parse(resp.body, ec);
    if (!ec && doc.is_object()) {
        if (const auto *errs = doc.as_object().if_contains("errors"); errs && errs->is_array()) {
            for (const auto &e : errs->as_array()) {
                if (!e.is_object()) continue;
                const auto *c = e.as_object().if_contains("code");
                const auto *m = e.as_object().if_contains("message");
                if (!detail.empty()) detail += "; ";
                if (c && c->is_string()) detail += std::string(c->as_string());
                if (m && m->is_string()) detail += ": " + std::string(m->as_string());
            }
        }
    }
    std::string message = std::string(what) + ": registry answered HTTP " + std::to_string(resp.status);
    if (!detail.empty()) message += " (" + detail + ")";
    return make_error(code, message);
}

result<std::unique_ptr<client>> client::create(client_options options) {
    if (options.host.empty()) return make_error(status::invalid, "registry client: host is empty");
    if (!options.http) {
        http::client_options h;
        h.ca_file = options.ca_file;
        h.insecure = options.insecure_tls;
        FORGE_TRY_ASSIGN(options.http, http::client::create(h));
    }
    if (options.chunk_size == 0) options.chunk_size = 8u << 20;
    return std::unique_ptr<client>(new client(std::move(options)));
}

client::~client() = default;

std::string client::base_url() const {
    return (options_.plain_http ? "http://" : "https://") + options_.host;
}

result<std::string> client::absolute(std::string_view location) const {
    if (location.substr(0, 7) == "http://" || location.substr(0, 8) == "https://") return std::string(location);
    if (!location.empty() && location[0] == '/') return base_url() + std::string(location);
    return make_error(status::io, "registry sent an unusable Location \"" + std::string(location) + "\"");
}

void client::backoff(int attempt, const http::response *resp) {
    using namespace std::chrono;
    milliseconds delay = options_.retry.initial_backoff * (1LL << std::min(attempt, 20));
    delay = std::min(delay, options_.retry.max_backoff);
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    // Full jitter over the upper half, so clients that failed together do not retry together.
    delay = milliseconds(delay.count() / 2 + std::uniform_int_distribution<long long>(0, delay.count() / 2)(rng));
    if (resp) {
        if (auto ra = resp->headers.get("Retry-After")) {
            char *end = nullptr;
            const long long secs = std::strtoll(ra->c_str(), &end, 10);
            if (end && *end == '\0' && secs >= 0)
                delay = std::min<milliseconds>(seconds(secs), options_.retry.max_backoff);
        }
    }
    std::this_thread::sleep_for(delay);
}

namespace {
std::string scope_key(const std::vector<std::string> &scopes) {
    std::string key;
    for (const auto &s : scopes) key += s + " ";
    return key;
}
}  // namespace

result<std::string> client::fetch_token(const challenge &bearer, const std::vector<std::string> &scopes) {
    const std::string realm = bearer.param("realm");
    if (realm.empty())
        return make_error(status::auth, "registry " + options_.host + ": Bearer challenge without realm");
    std::string url = realm;
    if (auto service = bearer.param("service"); !service.empty())
        url = with_query(url, "service=" + http::percent_encode(service));
    for (const auto &s : scopes) url = with_query(url, "scope=" + http::percent_encode(s));
    const int max = std::max(1, options_.retry.max_attempts);
    for (int attempt = 0;; ++attempt) {
        http::request req;
        req.url = url;
        req.timeout = options_.timeout;
        if (options_.creds)
            req.headers.set("Authorization",
                            "Basic " + base64_encode(options_.creds->username + ":" + options_.creds->password));
        ++requests_;
        auto r = options_.http->send(std::move(req));
        const bool retry =
            attempt + 1 < max &&
            (!r.ok() ? (r.err().code == status::io || r.err().code == status::timeout) : retriable_status(r->status));
        if (retry) {
            backoff(attempt, r.ok() ? &*r : nullptr);
            continue;
        }
        if (!r.ok()) return std::move(r).err().wrap("fetching a registry token from " + realm);
        if (r->status != 200) {
            auto e = response_error(*r, "fetching a registry token from " + realm);
            e.code = status::auth;
            return e;
        }
        boost::system::error_code ec;
        auto doc = boost::json::parse(r->body, ec);
        if (ec || !doc.is_object())
            return make_error(status::auth, "token endpoint " + realm + " answered something other than a JSON object");
        const auto &obj = doc.as_object();
        std::string token;
        for (const char *field : {"token", "access_token"}) {
            if (const auto *t = obj.if_contains(field); t && t->is_string() && !t->as_string().empty()) {
                token = std::string(t->as_string());
                break;
            }
        }
        if (token.empty()) return make_error(status::auth, "token endpoint " + realm + " answered without a token");
        std::int64_t expires_in = 60;  // the token spec's default
        if (const auto *e = obj.if_contains("expires_in"); e && e->is_int64() && e->as_int64() > 0)
            expires_in = e->as_int64();
        // Renew a little early so a token does not expire between the check and the request.
        const auto margin = std::chrono::seconds(std::min<std::int64_t>(10, expires_in / 4));
        {
            std::lock_guard lock(auth_mutex_);
            tokens_[scope_key(scopes)] = {token,
                                          std::chrono::steady_clock::now() + std::chrono::seconds(expires_in) - margin};
        }
        ++tokens_fetched_;
        return token;
    }
}

status_result client::authorize(call &c, http::request &req) {
    const std::string key = scope_key(c.scopes);
    auto cached = [&]() -> std::optional<std::string> {  // under auth_mutex_
        auto it = tokens_.find(key);
        if (it != tokens_.end() && std::chrono::steady_clock::now() < it->second.expires) return it->second.token;
        return std::nullopt;
    };
    std::unique_lock lock(auth_mutex_);
    c.sent = call::sent_auth::none;
    if (bearer_) {
        std::optional<std::string> token = cached();
        if (!token) {
            // One fetch per scope set: whoever waited here finds the token the first one got.
            lock.unlock();
            std::lock_guard fetching(token_fetch_mutex_);
            lock.lock();
            token = cached();
            if (!token) {
                const challenge bearer = *bearer_;
                lock.unlock();
                FORGE_TRY_ASSIGN(token, fetch_token(bearer, c.scopes));
                lock.lock();
            }
        }
        req.headers.set("Authorization", "Bearer " + *token);
        c.sent = call::sent_auth::bearer;
        c.sent_token = std::move(*token);
    } else if (basic_header_) {
        req.headers.set("Authorization", *basic_header_);
        c.sent = call::sent_auth::basic;
    }
    return {};
}

status_result client::handle_challenge(const http::response &resp, call &c) {
    const auto header = resp.headers.get("WWW-Authenticate");
    if (!header) return response_error(resp, c.what);
    FORGE_TRY_ASSIGN(auto challenges, parse_www_authenticate(*header));
    std::lock_guard lock(auth_mutex_);
    for (const auto &ch : challenges) {
        if (ch.scheme == "bearer") {
            bearer_ = ch;
            // Forget the token this request carried (expired or revoked), not one another thread
            // has fetched since.
            if (c.sent == call::sent_auth::bearer) {
                auto it = tokens_.find(scope_key(c.scopes));
                if (it != tokens_.end() && it->second.token == c.sent_token) tokens_.erase(it);
            }
            return {};
        }
    }
    for (const auto &ch : challenges) {
        if (ch.scheme == "basic") {
            if (!options_.creds)
                return make_error(status::auth, c.what + ": registry " + options_.host +
                                                    " requires credentials (basic authentication) and none were given");
            if (c.sent == call::sent_auth::basic)
                return make_error(status::auth, c.what + ": registry " + options_.host + " rejected the credentials");
            basic_header_ = "Basic " + base64_encode(options_.creds->username + ":" + options_.creds->password);
            return {};
        }
    }
    return make_error(status::unsupported, c.what + ": registry " + options_.host +
                                               " asks for an unsupported authentication scheme (" +
                                               challenges.front().scheme + ")");
}

result<http::response> client::perform(call &c) {
    const int max = c.retry ? std::max(1, options_.retry.max_attempts) : 1;
    bool auth_retried = false;
    int sends = 0;
    for (int attempt = 0;;) {
        http::request req;
        req.method = c.method;
        req.url = c.url;
        req.headers = c.headers;
        req.timeout = options_.timeout;
        if (!c.body.empty()) {
            if (c.body.size() <= copy_body_limit) {
                if (c.body_digest && oci::digest::of(c.body) != *c.body_digest)
                    return make_error(status::integrity, c.what + ": the bytes do not match " + c.body_digest->str());
                req.body = std::string(c.body);
            } else {
                // Streamed from the caller's buffer and hashed piece by piece on the way (each
                // piece is still in the cache), instead of a separate pass over the whole body.
                struct progress {
                    std::size_t offset = 0;
                    std::optional<overlapped_hasher> hasher;
                };
                auto state = std::make_shared<progress>();
                if (c.body_digest) state->hasher.emplace();
                const std::string_view body = c.body;
                const std::optional<oci::digest> expected = c.body_digest;
                const std::string what = c.what;
                req.source = [body, state, expected, what](char *buf, std::size_t cap) -> result<std::size_t> {
                    const char *piece = body.data() + state->offset;
                    const std::size_t n = std::min(cap, body.size() - state->offset);
                    state->offset += n;
                    if (state->hasher && n > 0) {
                        if (state->offset < body.size())
                            state->hasher->add(piece, n);  // the caller's bytes stay valid
                        else if (state->hasher->finish(piece, n) != *expected)
                            return make_error(status::integrity, what + ": the bytes do not match " + expected->str());
                    }
                    std::memcpy(buf, piece, n);
                    return n;
                };
                req.source_length = c.body.size();
            }
        } else if (c.stream) {
            if (sends > 0 && c.rewind) FORGE_TRY(c.rewind());
            struct progress {
                std::uint64_t sent = 0;
                std::vector<char> own[2];  // pieces being hashed must outlive the caller's buffer
                int next = 0;
                std::optional<overlapped_hasher> hasher;  // after own[]: destroyed (and waited for) first
            };
            auto state = std::make_shared<progress>();
            if (c.body_digest) state->hasher.emplace();
            req.source = [stream = c.stream, length = c.stream_length, expected = c.body_digest, what = c.what, state](
                             char *buf, std::size_t cap) -> result<std::size_t> {
                const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(cap, length - state->sent));
                if (want == 0) return std::size_t{0};
                char *into = buf;
                if (state->hasher) {
                    auto &own = state->own[state->next];
                    state->next ^= 1;
                    if (own.size() < want) own.resize(want);
                    into = own.data();
                }
                FORGE_TRY_ASSIGN(std::size_t n, stream(into, want));
                if (n == 0 || n > want)
                    return make_error(status::integrity, what + ": the blob has " + (n == 0 ? "fewer" : "more") +
                                                             " bytes than the " + std::to_string(length) +
                                                             " its descriptor declares");
                state->sent += n;
                if (state->hasher) {
                    if (state->sent < length)
                        state->hasher->add(into, n);
                    else if (state->hasher->finish(into, n) != *expected)
                        return make_error(status::integrity, what + ": the bytes do not match " + expected->str());
                    std::memcpy(buf, into, n);
                }
                return n;
            };
            req.source_length = c.stream_length;
        } else if (c.method == "PUT" || c.method == "POST" || c.method == "PATCH") {
            req.headers.set("Content-Length", "0");
        }
        req.sink = c.sink;
        FORGE_TRY(authorize(c, req));
        if (c.reset_sink) c.reset_sink();
        ++sends;
        ++requests_;
        auto r = options_.http->send(std::move(req));
        const bool can_retry = attempt + 1 < max && (!c.may_retry || c.may_retry());
        if (!r.ok()) {
            if ((r.err().code == status::io || r.err().code == status::timeout) && can_retry) {
                backoff(attempt++, nullptr);
                continue;
            }
            return std::move(r).err().wrap(c.what);
        }
        if (r->status == 401 && !auth_retried) {
            auth_retried = true;
            FORGE_TRY(handle_challenge(*r, c));
            continue;
        }
        if (retriable_status(r->status) && can_retry) {
            backoff(attempt++, &*r);
            continue;
        }
        return r;
    }
}

status_result client::ping() {
    call c;
    c.method = "GET";
    c.url = base_url() + "/v2/";
    c.what = "GET " + c.url;
    FORGE_TRY_ASSIGN(auto resp, perform(c));
    if (resp.status == 200 || resp.status == 401) return {};
    return response_error(resp, c.what);
}

result<std::optional<oci::descriptor>> client::head_manifest(const std::string &repo, const std::string &ref) {
    call c;
    c.method = "HEAD";
    c.url = base_url() + "/v2/" + repo + "/manifests/" + ref;
    c.headers.set("Accept", std::string(manifest_accept));
    c.scopes = {pull_scope(repo)};
    c.what = "HEAD manifest " + repo + ":" + ref;
    FORGE_TRY_ASSIGN(auto resp, perform(c));
    if (resp.status == 404) return std::optional<oci::descriptor>();
    if (resp.status != 200) return response_error(resp, c.what);
    const auto digest_header = resp.headers.get("Docker-Content-Digest");
    if (!digest_header) {
        FORGE_TRY_ASSIGN(auto m, get_manifest(repo, ref));
        return std::optional<oci::descriptor>(m.desc);
    }
    oci::descriptor d;
    d.media_type = media_type_of(resp);
    FORGE_TRY_ASSIGN(d.digest, oci::digest::parse(*digest_header));
    d.size = std::strtoll(resp.headers.get("Content-Length").value_or("0").c_str(), nullptr, 10);
    return std::optional<oci::descriptor>(d);
}

result<manifest_data> client::get_manifest(const std::string &repo, const std::string &ref) {
    std::optional<oci::digest> expected;
    if (ref.find(':') != std::string::npos) {
        FORGE_TRY_ASSIGN(expected, oci::digest::parse(ref));
    }
    call c;
    c.method = "GET";
    c.url = base_url() + "/v2/" + repo + "/manifests/" + ref;
    c.headers.set("Accept", std::string(manifest_accept));
    c.scopes = {pull_scope(repo)};
    c.what = "GET manifest " + repo + ":" + ref;
    std::string bytes;
    const std::uint64_t max = options_.limits.max_manifest_bytes;
    c.sink = [&](std::string_view chunk) -> status_result {
        if (bytes.size() + chunk.size() > max)
            return make_error(status::limit, c.what + ": manifest larger than " + std::to_string(max) + " bytes");
        bytes.append(chunk);
        return {};
    };
    c.reset_sink = [&] { bytes.clear(); };
    FORGE_TRY_ASSIGN(auto resp, perform(c));
    if (resp.status != 200) return response_error(resp, c.what);
    manifest_data m;
    m.desc.digest = oci::digest::of(bytes);
    m.desc.size = static_cast<std::int64_t>(bytes.size());
    m.desc.media_type = media_type_of(resp);
    if (expected && *expected != m.desc.digest)
        return make_error(status::integrity, c.what + ": the manifest served has digest " + m.desc.digest.str());
    if (auto header = resp.headers.get("Docker-Content-Digest");
        header && header->rfind("sha256:", 0) == 0 && *header != m.desc.digest.str())
        return make_error(status::integrity, c.what + ": the manifest served has digest " + m.desc.digest.str() +
                                                 " but the registry says " + *header);
    if (m.desc.media_type.empty() || m.desc.media_type == "application/json" || m.desc.media_type == "text/plain") {
        // Fall back to the document's own mediaType field.
        boost::system::error_code ec;
        auto doc = boost::json::parse(bytes, ec);
        const boost::json::value *mt = (!ec && doc.is_object()) ? doc.as_object().if_contains("mediaType") : nullptr;
        m.desc.media_type =
            (mt && mt->is_string()) ? std::string(mt->as_string()) : std::string(oci::media_type::image_manifest);
    }
    m.bytes = std::move(bytes);
    return m;
}

result<oci::descriptor> client::put_manifest(const std::string &repo, const std::string &ref,
                                             std::string_view media_type, std::string_view bytes) {
    if (bytes.size() > options_.limits.max_manifest_bytes)
        return make_error(status::limit, "manifest of " + std::to_string(bytes.size()) +
                                             " bytes is larger than the limit of " +
                                             std::to_string(options_.limits.max_manifest_bytes));
    call c;
    c.method = "PUT";
    c.url = base_url() + "/v2/" + repo + "/manifests/" + ref;
    c.headers.set("Content-Type", std::string(media_type));
    c.body = bytes;
    c.scopes = {push_scope(repo)};
    c.what = "PUT manifest " + repo + ":" + ref;
    FORGE_TRY_ASSIGN(auto resp, perform(c));
    if (resp.status != 201 && resp.status != 200) return response_error(resp, c.what);
    oci::descriptor d;
    d.media_type = std::string(media_type);
    d.digest = oci::digest::of(bytes);
    d.size = static_cast<std::int64_t>(bytes.size());
    if (auto header = resp.headers.get("Docker-Content-Digest"); header && *header != d.digest.str())
        return make_error(status::integrity,
                          c.what + ": registry stored digest " + *header + ", expected " + d.digest.str());
    return d;
}

result<bool> client::blob_exists(const std::string &repo, const oci::digest &digest) {
    call c;
    c.method = "HEAD";
    c.url = base_url() + "/v2/" + repo + "/blobs/" + digest.str();
    c.scopes = {pull_scope(repo)};
    c.what = "HEAD blob " + repo + "@" + digest.str();
    FORGE_TRY_ASSIGN(auto resp, perform(c));
    if (resp.status == 200) return true;
    if (resp.status == 404) return false;
    return response_error(resp, c.what);
}

status_result client::get_blob(const std::string &repo, const oci::descriptor &desc, const blob_sink &sink) {
    if (desc.size < 0 || static_cast<std::uint64_t>(desc.size) > options_.limits.max_blob_bytes)
        return make_error(status::limit, "blob " + desc.digest.str() + " of " + std::to_string(desc.size) +
                                             " bytes is larger than the limit of " +
                                             std::to_string(options_.limits.max_blob_bytes));
    call c;
    c.method = "GET";
    c.url = base_url() + "/v2/" + repo + "/blobs/" + desc.digest.str();
    c.scopes = {pull_scope(repo)};
    c.what = "GET blob " + repo + "@" + desc.digest.str();
    std::optional<oci::sha256_hasher> hasher;
    bool handed_out = false;
    const auto expected = static_cast<std::uint64_t>(desc.size);
    c.reset_sink = [&] { hasher.emplace(); };
    c.may_retry = [&] { return !handed_out; };
    c.sink = [&](std::string_view chunk) -> status_result {
        if (hasher->bytes() + chunk.size() > expected)
            return make_error(status::integrity, c.what + ": the registry sent more than the " +
                                                     std::to_string(expected) + " bytes the descriptor declares");
        hasher->update(chunk);
        handed_out = true;
        return sink(chunk);
    };
    FORGE_TRY_ASSIGN(auto resp, perform(c));
    if (resp.status != 200) return response_error(resp, c.what);
    if (hasher->bytes() != expected)
        return make_error(status::integrity, c.what + ": received " + std::to_string(hasher->bytes()) +
                                                 " bytes, expected " + std::to_string(expected));
    const oci::digest got = hasher->finish();
    if (got != desc.digest) return make_error(status::integrity, c.what + ": content has digest " + got.str());
    return {};
}

status_result client::get_blob_restarting(const std::string &repo, const oci::descriptor &desc, const blob_sink &sink,
                                          const std::function<status_result()> &restart) {
    const int max = std::max(1, options_.retry.max_attempts);
    for (int attempt = 0;; ++attempt) {
        if (attempt > 0) FORGE_TRY(restart());
        auto r = get_blob(repo, desc, sink);
        if (r.ok()) return r;
        // get_blob retries only before the first byte; a transfer cut later starts over here.
        const bool transient = r.err().code == status::io || r.err().code == status::timeout;
        if (!transient || attempt + 1 >= max) return r;
        backoff(attempt, nullptr);
    }
}

result<std::string> client::get_blob_bytes(const std::string &repo, const oci::descriptor &desc) {
    std::string bytes;
    if (desc.size > 0) bytes.reserve(static_cast<std::size_t>(std::min<std::int64_t>(desc.size, 1 << 30)));
    FORGE_TRY(get_blob_restarting(
        repo, desc,
        [&](std::string_view chunk) -> status_result {
            bytes.append(chunk);
            return {};
        },
        [&]() -> status_result {
            bytes.clear();
            return {};
        }));
    return bytes;
}

status_result client::upload_once(const std::string &repo, const oci::descriptor &desc, std::string_view bytes) {
    const std::string what = "uploading blob " + desc.digest.str() + " to " + repo;
    const std::string uploads = base_url() + "/v2/" + repo + "/blobs/uploads/";
    const std::string digest_param = "digest=" + http::percent_encode(desc.digest.str());
    auto step = [&](std::string method, std::string url, std::string_view body) -> result<http::response> {
        call c;
        c.method = std::move(method);
        c.url = std::move(url);
        c.body = body;
        if (body.size() == bytes.size()) c.body_digest = desc.digest;  // the whole blob in one body
        c.retry = false;  // the whole upload is retried (after a HEAD), not its steps
        c.scopes = {push_scope(repo)};
        c.what = what + " (" + c.method + ")";
        if (!body.empty()) c.headers.set("Content-Type", "application/octet-stream");
        return perform(c);
    };
    auto location_of = [&](const http::response &resp) -> result<std::string> {
        auto loc = resp.headers.get("Location");
        if (!loc) return make_error(status::io, what + ": the registry opened an upload without a Location");
        return absolute(*loc);
    };
    auto finish = [&](const std::string &location, std::string_view body) -> status_result {
        FORGE_TRY_ASSIGN(auto resp, step("PUT", with_query(location, digest_param), body));
        if (resp.status != 201 && resp.status != 204 && resp.status != 200) return response_error(resp, what);
        return {};
    };

    if (options_.upload == upload_method::single_post) {
        FORGE_TRY_ASSIGN(auto resp, step("POST", with_query(uploads, digest_param), bytes));
        if (resp.status == 201) return {};
        if (resp.status != 202) return response_error(resp, what);
        FORGE_TRY_ASSIGN(auto location, location_of(resp));
        return finish(location, bytes);  // the registry opened a session instead
    }
    FORGE_TRY_ASSIGN(auto opened, step("POST", uploads, {}));
    if (opened.status != 202) return response_error(opened, what);
    FORGE_TRY_ASSIGN(auto location, location_of(opened));
    if (options_.upload == upload_method::post_put || bytes.size() <= options_.chunk_size)
        return finish(location, bytes);

    for (std::size_t offset = 0; offset < bytes.size(); offset += options_.chunk_size) {
        const std::string_view chunk = bytes.substr(offset, options_.chunk_size);
        call c;
        c.method = "PATCH";
        c.url = location;
        c.body = chunk;
        c.retry = false;
        c.scopes = {push_scope(repo)};
        c.what = what + " (PATCH at " + std::to_string(offset) + ")";
        c.headers.set("Content-Type", "application/octet-stream");
        c.headers.set("Content-Range", std::to_string(offset) + "-" + std::to_string(offset + chunk.size() - 1));
        FORGE_TRY_ASSIGN(auto resp, perform(c));
        if (resp.status != 202) return response_error(resp, c.what);
        FORGE_TRY_ASSIGN(location, location_of(resp));
    }
    return finish(location, {});
}

template <class Upload>
status_result client::upload_with_retries(const std::string &repo, const oci::descriptor &desc, Upload &&upload) {
    const int max = std::max(1, options_.retry.max_attempts);
    for (int attempt = 0;; ++attempt) {
        auto r = upload();
        if (r.ok()) return r;
        const auto code = r.err().code;
        const bool transient = code == status::io || code == status::timeout || code == status::limit;
        if (!transient) return r;
        // The upload may have completed even though we saw an error (a lost response, a timeout
        // after the registry stored it): ask before sending it again.
        auto exists = blob_exists(repo, desc.digest);
        if (exists.ok() && *exists) return {};
        if (attempt + 1 >= max) return r;
        backoff(attempt, nullptr);
    }
}

status_result client::push_blob(const std::string &repo, const oci::descriptor &desc, std::string_view bytes) {
    if (static_cast<std::uint64_t>(desc.size) != bytes.size())
        return make_error(status::invalid, "blob " + desc.digest.str() + ": " + std::to_string(bytes.size()) +
                                               " bytes given, the descriptor says " + std::to_string(desc.size));
    if (options_.upload == upload_method::chunked && bytes.size() > options_.chunk_size &&
        oci::digest::of(bytes) != desc.digest)
        // Pieces go out in several requests: check the whole blob before the first one.
        return make_error(status::integrity, "uploading blob " + desc.digest.str() + " to " + repo +
                                                 ": the bytes do not match the digest");
    return upload_with_retries(repo, desc, [&] { return upload_once(repo, desc, bytes); });
}

status_result client::push_blob(const std::string &repo, const oci::descriptor &desc, const blob_reader &reader) {
    if (desc.size < 0 || static_cast<std::uint64_t>(desc.size) > options_.limits.max_blob_bytes)
        return make_error(status::limit, "blob " + desc.digest.str() + " of " + std::to_string(desc.size) +
                                             " bytes is larger than the limit of " +
                                             std::to_string(options_.limits.max_blob_bytes));
    const auto size = static_cast<std::uint64_t>(desc.size);
    if (size <= copy_body_limit || options_.upload == upload_method::chunked) {
        std::string bytes(static_cast<std::size_t>(size), '\0');
        FORGE_TRY(reader.rewind());
        std::size_t done = 0;
        while (done < bytes.size()) {
            FORGE_TRY_ASSIGN(std::size_t n, reader.read(bytes.data() + done, bytes.size() - done));
            if (n == 0) break;
            done += n;
        }
        char extra;
        std::size_t more = 0;
        if (done == bytes.size()) {
            FORGE_TRY_ASSIGN(more, reader.read(&extra, 1));
        }
        if (done != bytes.size() || more != 0)
            return make_error(status::integrity, "uploading blob " + desc.digest.str() + " to " + repo +
                                                     ": the blob does not have the " + std::to_string(size) +
                                                     " bytes its descriptor declares");
        return push_blob(repo, desc, bytes);
    }
    return upload_with_retries(repo, desc, [&] { return upload_streaming_once(repo, desc, reader); });
}

status_result client::upload_streaming_once(const std::string &repo, const oci::descriptor &desc,
                                            const blob_reader &reader) {
    const std::string what = "uploading blob " + desc.digest.str() + " to " + repo;
    FORGE_TRY(reader.rewind());
    call open;
    open.method = "POST";
    open.url = base_url() + "/v2/" + repo + "/blobs/uploads/";
    open.retry = false;  // the whole upload is retried (after a HEAD), not its steps
    open.scopes = {push_scope(repo)};
    open.what = what + " (POST)";
    FORGE_TRY_ASSIGN(auto opened, perform(open));
    if (opened.status != 202) return response_error(opened, what);
    auto loc = opened.headers.get("Location");
    if (!loc) return make_error(status::io, what + ": the registry opened an upload without a Location");
    FORGE_TRY_ASSIGN(std::string location, absolute(*loc));

    call put;
    put.method = "PUT";
    put.url = with_query(location, "digest=" + http::percent_encode(desc.digest.str()));
    put.stream = reader.read;
    put.stream_length = static_cast<std::uint64_t>(desc.size);
    put.rewind = reader.rewind;
    put.body_digest = desc.digest;
    put.retry = false;
    put.scopes = {push_scope(repo)};
    put.what = what + " (PUT)";
    put.headers.set("Content-Type", "application/octet-stream");
    FORGE_TRY_ASSIGN(auto resp, perform(put));
    if (resp.status != 201 && resp.status != 204 && resp.status != 200) return response_error(resp, what);
    return {};
}

result<bool> client::mount_blob(const std::string &repo, const oci::digest &digest, const std::string &from_repo) {
    call c;
    c.method = "POST";
    c.url = base_url() + "/v2/" + repo + "/blobs/uploads/?mount=" + http::percent_encode(digest.str()) +
            "&from=" + http::percent_encode(from_repo);
    c.scopes = {push_scope(repo), pull_scope(from_repo)};
    c.what = "mounting blob " + digest.str() + " from " + from_repo + " into " + repo;
    FORGE_TRY_ASSIGN(auto resp, perform(c));
    if (resp.status == 201) return true;
    if (resp.status != 202) return response_error(resp, c.what);
    // The registry opened an upload session instead; close it (best effort).
    if (auto loc = resp.headers.get("Location")) {
        if (auto url = absolute(*loc); url.ok()) {
            call d;
            d.method = "DELETE";
            d.url = *url;
            d.retry = false;
            d.scopes = {push_scope(repo)};
            d.what = "cancelling an upload";
            (void)perform(d);
        }
    }
    return false;
}

}  // namespace forge::registry
