// The transport of the HTTP client: Boost.Beast over Asio and OpenSSL. This is the only translation
// unit of libforge that includes Beast or Asio (they are slow to compile).
//
// Every operation is an asynchronous Asio call run to completion on the connection's own
// io_context with run_for(timeout): that gives synchronous calls with a timeout on every step,
// including name resolution, which the blocking Asio calls cannot do.
#include "http/client.hpp"

#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <map>
#include <mutex>

namespace forge::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;
using error_code = boost::system::error_code;

// Bodies move through a buffer of this size: large enough that a 200 MB blob is a few hundred
// reads and writes, small enough to stay in the cache while it is hashed.
constexpr std::size_t piece_size = 1024 * 1024;

struct connection {
    asio::io_context ioc;
    std::optional<beast::tcp_stream> plain;
    std::optional<beast::ssl_stream<beast::tcp_stream>> tls;
    beast::flat_buffer buffer;
    bool reused = false;

    beast::tcp_stream &lowest() { return tls ? beast::get_lowest_layer(*tls) : *plain; }
};

// Why a step failed: the error and whether the deadline passed.
struct step_error {
    error_code ec;
    bool timed_out = false;
    explicit operator bool() const { return ec || timed_out; }
};

// Starts an asynchronous operation and runs the connection's io_context until it completes or the
// timeout passes; on timeout the socket is closed, which aborts the operation.
template <class Start>
step_error run_step(connection &c, std::chrono::milliseconds timeout, Start &&start) {
    bool done = false;
    error_code result;
    start([&](error_code ec, auto &&...) {
        result = ec;
        done = true;
    });
    c.ioc.restart();
    c.ioc.run_for(timeout);
    if (done) return {result, false};
    error_code ignored;
    c.lowest().socket().close(ignored);
    c.ioc.restart();
    c.ioc.run();  // lets the aborted handler run before its captures go away
    return {result, true};
}

error step_failure(const step_error &e, std::string_view what, const std::string &where) {
    if (e.timed_out) return make_error(status::timeout, where + ": " + std::string(what) + ": timed out");
    return make_error(status::io, where + ": " + std::string(what) + ": " + e.ec.message());
}

// Errors that mean a kept-alive connection was closed by the server while idle.
bool stale_connection(const error_code &ec) {
    return ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
           ec == asio::error::broken_pipe || ec == ssl::error::stream_truncated;
}

bool is_redirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

class beast_client final : public client {
  public:
    explicit beast_client(client_options options) : options_(std::move(options)) {}

    // A CA file the caller names is loaded now, so a wrong path fails here. The system trust store
    // is loaded on the first https connection instead: parsing it takes about 150 ms, which a
    // client that only ever speaks plain HTTP (a local registry) should not pay.
    status_result init() {
        if (options_.ca_file.empty()) return {};
        std::lock_guard lock(tls_mutex_);
        return make_tls_context();
    }

    result<response> send(request req) override {
        FORGE_TRY_ASSIGN(url current, parse_url(req.url));
        const std::string original_origin = current.origin();
        const bool replayable = !req.source;
        for (int redirects = 0;; ++redirects) {
            bool redirected = false;
            url next;
            FORGE_TRY_ASSIGN(response resp, exchange(req, current, replayable, redirected, next));
            if (!redirected) return resp;
            if (redirects >= options_.max_redirects)
                return make_error(status::io, req.method + " " + req.url + ": more than " +
                                                  std::to_string(options_.max_redirects) + " redirects");
            if (next.origin() != original_origin) req.headers.remove("Authorization");
            current = std::move(next);
        }
    }

    void close_idle() override {
        std::lock_guard lock(mutex_);
        idle_.clear();
    }

  private:
    // Creates tls_ (callers hold tls_mutex_).
    status_result make_tls_context() {
        if (tls_) return {};
        ssl::context context(ssl::context::tls_client);
        error_code ec;
        if (options_.insecure) {
            context.set_verify_mode(ssl::verify_none, ec);
        } else {
            context.set_verify_mode(ssl::verify_peer, ec);
            if (!ec) {
                if (options_.ca_file.empty())
                    context.set_default_verify_paths(ec);
                else
                    context.load_verify_file(options_.ca_file, ec);
            }
        }
        if (ec)
            return make_error(status::io, "loading TLS trust anchors" +
                                              (options_.ca_file.empty() ? std::string() : " from " + options_.ca_file) +
                                              ": " + ec.message());
        tls_.emplace(std::move(context));
        return {};
    }

    result<ssl::context *> tls_context() {
        std::lock_guard lock(tls_mutex_);
        FORGE_TRY(make_tls_context());
        return &*tls_;
    }

    std::unique_ptr<connection> take(const std::string &key) {
        std::lock_guard lock(mutex_);
        auto it = idle_.find(key);
        if (it == idle_.end() || it->second.empty()) return nullptr;
        auto c = std::move(it->second.back());
        it->second.pop_back();
        c->reused = true;
        return c;
    }

    void give_back(const std::string &key, std::unique_ptr<connection> c) {
        std::lock_guard lock(mutex_);
        auto &list = idle_[key];
        if (list.size() < options_.max_idle_per_host) list.push_back(std::move(c));
    }

    result<std::unique_ptr<connection>> connect(const url &u, std::chrono::milliseconds timeout) {
        auto c = std::make_unique<connection>();
        const std::string where = "connecting to " + u.authority();
        tcp::resolver resolver(c->ioc);
        tcp::resolver::results_type endpoints;
        bool resolved = false;
        error_code rec;
        resolver.async_resolve(u.host, std::to_string(u.port), [&](error_code ec, tcp::resolver::results_type r) {
            rec = ec;
            endpoints = std::move(r);
            resolved = true;
        });
        c->ioc.run_for(timeout);
        if (!resolved) {
            resolver.cancel();
            c->ioc.restart();
            c->ioc.run();
            return make_error(status::timeout, where + ": resolving " + u.host + ": timed out");
        }
        if (rec) return make_error(status::io, where + ": resolving " + u.host + ": " + rec.message());

        if (u.scheme == "https") {
            FORGE_TRY_ASSIGN(ssl::context * context, tls_context());
            c->tls.emplace(c->ioc, *context);
            if (!SSL_set_tlsext_host_name(c->tls->native_handle(), u.host.c_str()))
                return make_error(status::io, where + ": setting the TLS server name failed");
            if (!options_.insecure) c->tls->set_verify_callback(ssl::host_name_verification(u.host));
        } else {
            c->plain.emplace(c->ioc);
        }
        if (auto e = run_step(*c, timeout, [&](auto h) { c->lowest().async_connect(endpoints, h); }))
            return step_failure(e, "connect", where);
        error_code ignored;
        c->lowest().socket().set_option(tcp::no_delay(true), ignored);
        if (c->tls) {
            if (auto e = run_step(*c, timeout, [&](auto h) { c->tls->async_handshake(ssl::stream_base::client, h); }))
                return step_failure(e, "TLS handshake", where);
        }
        return c;
    }

    template <class Stream, class Msg>
    step_error write_message(connection &c, Stream &stream, Msg &msg, std::chrono::milliseconds timeout) {
        return run_step(c, timeout, [&](auto h) { bhttp::async_write(stream, msg, h); });
    }

    template <class Stream>
    step_error write_raw(connection &c, Stream &stream, asio::const_buffer buf, std::chrono::milliseconds timeout) {
        return run_step(c, timeout, [&](auto h) { asio::async_write(stream, buf, h); });
    }

    // Sends the request (headers and body); stale is set when the failure looks like a kept-alive
    // connection that the server had closed.
    template <class Stream>
    status_result write_request(connection &c, Stream &stream, request &req, const url &u, bool &stale) {
        const std::string where = req.method + " " + u.str();
        const auto verb = bhttp::string_to_verb(req.method);
        auto prepare = [&](auto &msg) {
            if (verb == bhttp::verb::unknown)
                msg.method_string(req.method);
            else
                msg.method(verb);
            msg.target(u.target);
            msg.version(11);
            for (const auto &[name, value] : req.headers.fields()) msg.insert(name, value);
            if (!req.headers.contains("Host")) msg.set(bhttp::field::host, u.authority());
            if (!req.headers.contains("User-Agent")) msg.set(bhttp::field::user_agent, options_.user_agent);
        };
        if (!req.source) {
            bhttp::request<bhttp::string_body> msg;
            prepare(msg);
            msg.body() = req.body;
            const bool bodyless = req.body.empty() && (verb == bhttp::verb::get || verb == bhttp::verb::head ||
                                                       verb == bhttp::verb::delete_);
            if (!bodyless) msg.prepare_payload();
            if (auto e = write_message(c, stream, msg, req.timeout)) {
                stale = c.reused && stale_connection(e.ec);
                return step_failure(e, "sending the request", where);
            }
            return {};
        }
        bhttp::request<bhttp::empty_body> msg;
        prepare(msg);
        const bool chunked = !req.source_length.has_value();
        if (chunked)
            msg.set(bhttp::field::transfer_encoding, "chunked");
        else
            msg.set(bhttp::field::content_length, std::to_string(*req.source_length));
        bhttp::request_serializer<bhttp::empty_body> serializer(msg);
        if (auto e = run_step(c, req.timeout, [&](auto h) { bhttp::async_write_header(stream, serializer, h); })) {
            stale = c.reused && stale_connection(e.ec);
            return step_failure(e, "sending the request header", where);
        }
        std::vector<char> piece(piece_size);
        std::uint64_t sent = 0;
        for (;;) {
            FORGE_TRY_ASSIGN(std::size_t n, req.source(piece.data(), piece.size()));
            if (n > piece.size()) return make_error(status::internal, where + ": body source overran its buffer");
            if (n == 0) break;
            sent += n;
            if (!chunked && sent > *req.source_length)
                return make_error(status::invalid, where + ": body source produced more than the declared " +
                                                       std::to_string(*req.source_length) + " bytes");
            step_error e;
            if (chunked)
                e = run_step(c, req.timeout, [&](auto h) {
                    asio::async_write(stream, bhttp::make_chunk(asio::buffer(piece.data(), n)), h);
                });
            else
                e = write_raw(c, stream, asio::buffer(piece.data(), n), req.timeout);
            if (e) return step_failure(e, "sending the request body", where);
        }
        if (!chunked && sent != *req.source_length)
            return make_error(status::invalid, where + ": body source produced " + std::to_string(sent) +
                                                   " bytes, not the declared " + std::to_string(*req.source_length));
        if (chunked) {
            if (auto e =
                    run_step(c, req.timeout, [&](auto h) { asio::async_write(stream, bhttp::make_chunk_last(), h); }))
                return step_failure(e, "sending the request body", where);
        }
        return {};
    }

    // One request/response on one connection. Sets `redirected` and `next` when the response is a
    // redirect to follow (its body has been drained).
    template <class Stream>
    result<response> exchange_on(connection &c, Stream &stream, request &req, const url &u, bool replayable,
                                 bool &redirected, url &next, bool &stale, bool &keep) {
        const std::string where = req.method + " " + u.str();
        FORGE_TRY(write_request(c, stream, req, u, stale));

        bhttp::response_parser<bhttp::buffer_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(options_.max_header_bytes, UINT32_MAX)));
        parser.body_limit(boost::none);
        const bool head = iequals(req.method, "HEAD");
        if (head) parser.skip(true);
        if (auto e = run_step(c, req.timeout, [&](auto h) { bhttp::async_read_header(stream, c.buffer, parser, h); })) {
            stale = c.reused && !e.timed_out && stale_connection(e.ec);
            if (e.ec == bhttp::error::header_limit)
                return make_error(status::limit, where + ": response header larger than " +
                                                     std::to_string(options_.max_header_bytes) + " bytes");
            return step_failure(e, "reading the response header", where);
        }
        auto &msg = parser.get();
        response resp;
        resp.status = static_cast<int>(msg.result_int());
        resp.url = u.str();
        for (const auto &field : msg) resp.headers.add(std::string(field.name_string()), std::string(field.value()));

        const auto location = resp.headers.get("Location");
        const bool follow = req.follow_redirects && replayable && is_redirect(resp.status) && location &&
                            (iequals(req.method, "GET") || head);
        if (follow) {
            FORGE_TRY_ASSIGN(next, resolve_url(u, *location));
            redirected = true;
        }
        const bool to_sink = req.sink && !follow && resp.status >= 200 && resp.status < 300;

        std::uint64_t received = 0;
        auto take_body = [&](const char *data, std::size_t n) -> status_result {
            if (n == 0) return {};
            received += n;
            if (to_sink) return req.sink(std::string_view(data, n));
            if (received > options_.max_body_bytes)
                return make_error(status::limit, where + ": response body larger than " +
                                                     std::to_string(options_.max_body_bytes) + " bytes");
            if (!follow) resp.body.append(data, n);
            return {};
        };
        if (parser.is_done()) {
            keep = msg.keep_alive();
            return resp;
        }
        std::vector<char> piece(piece_size);
        if (const auto length = parser.content_length(); length && !parser.chunked()) {
            // A body of known length is read past the parser: what came with the header is taken
            // from the connection's buffer, the rest goes from the socket straight into `piece`
            // a whole piece at a time (one copy fewer, and few large reads instead of many 64 KiB
            // ones through the parser's buffer).
            std::uint64_t remaining = *length;
            const auto buffered = c.buffer.data();
            const std::size_t ready = static_cast<std::size_t>(std::min<std::uint64_t>(remaining, buffered.size()));
            FORGE_TRY(take_body(static_cast<const char *>(buffered.data()), ready));
            c.buffer.consume(ready);
            remaining -= ready;
            while (remaining > 0) {
                const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(remaining, piece.size()));
                if (auto e = run_step(c, req.timeout,
                                      [&](auto h) { asio::async_read(stream, asio::buffer(piece.data(), want), h); }))
                    return step_failure(e, "reading the response body", where);
                FORGE_TRY(take_body(piece.data(), want));
                remaining -= want;
            }
            keep = msg.keep_alive();
            return resp;
        }
        while (!parser.is_done()) {
            msg.body().data = piece.data();
            msg.body().size = piece.size();
            auto e = run_step(c, req.timeout, [&](auto h) { bhttp::async_read(stream, c.buffer, parser, h); });
            if (e.ec == bhttp::error::need_buffer) e.ec = {};
            if (e) return step_failure(e, "reading the response body", where);
            FORGE_TRY(take_body(piece.data(), piece.size() - msg.body().size));
        }
        keep = msg.keep_alive();
        return resp;
    }

    result<response> exchange(request &req, const url &u, bool replayable, bool &redirected, url &next) {
        const std::string key = u.origin();
        for (int attempt = 0;; ++attempt) {
            std::unique_ptr<connection> c = take(key);
            if (!c) {
                FORGE_TRY_ASSIGN(c, connect(u, req.timeout));
            }
            bool stale = false, keep = false;
            redirected = false;
            result<response> r = c->tls ? exchange_on(*c, *c->tls, req, u, replayable, redirected, next, stale, keep)
                                        : exchange_on(*c, *c->plain, req, u, replayable, redirected, next, stale, keep);
            if (r.ok()) {
                if (keep) give_back(key, std::move(c));
                return r;
            }
            // A kept-alive connection the server closed meanwhile: once more on a fresh one.
            if (stale && replayable && attempt == 0) continue;
            return r;
        }
    }

    client_options options_;
    std::mutex tls_mutex_;
    std::optional<ssl::context> tls_;  // made on first use (see init)
    std::mutex mutex_;
    std::map<std::string, std::vector<std::unique_ptr<connection>>> idle_;
};

}  // namespace

result<std::shared_ptr<client>> client::create(const client_options &options) {
    auto c = std::make_shared<beast_client>(options);
    FORGE_TRY(c->init());
    return std::shared_ptr<client>(std::move(c));
}

}  // namespace forge::http
