#pragma once
// A small HTTP/1.1 proxy on 127.0.0.1 (POSIX sockets and threads, no HTTP library) that stands in
// front of a real registry so tests can bend what the client sees:
//  - intercept: answer a request itself (inject 429/500, drop a request) instead of forwarding;
//  - rewrite: change the registry's answer (tamper with a blob, hide a success behind a 500);
//  - bearer mode: demand `Authorization: Bearer <token>` on /v2/ (401 with a Bearer challenge
//    naming its own /token endpoint otherwise) and issue opaque tokens at /token, optionally behind
//    basic credentials. Tokens carry the scopes they were issued for; pushes need a push scope.
// Keep-alive towards the client; one upstream connection per request.
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "support/net.hpp"

namespace forge::test {

struct proxy_request {
    std::string method;
    std::string target;
    std::map<std::string, std::string> headers;  // names lowercased
    std::string body;
};

struct proxy_response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

struct proxy_options {
    int upstream_port = 0;
    std::function<std::optional<proxy_response>(const proxy_request &)> intercept;
    std::function<void(const proxy_request &, proxy_response &)> rewrite;
    bool require_bearer = false;
    std::optional<basic_credentials> token_credentials;  // required at /token when set
    int token_expires_in = 300;
};

class registry_proxy {
  public:
    explicit registry_proxy(proxy_options options);
    ~registry_proxy();
    registry_proxy(const registry_proxy &) = delete;
    registry_proxy &operator=(const registry_proxy &) = delete;

    int port() const { return port_; }
    std::string host() const { return "127.0.0.1:" + std::to_string(port_); }

    int requests() const { return requests_; }
    int tokens_issued() const { return tokens_issued_; }
    // The scope parameters of every token request, in order.
    std::vector<std::string> token_scopes() const;
    // "METHOD target" of every request received, in order.
    std::vector<std::string> log() const;

  private:
    void accept_loop();
    void serve(int fd);
    proxy_response handle(const proxy_request &req);
    proxy_response forward(const proxy_request &req);
    std::optional<proxy_response> check_bearer(const proxy_request &req);

    proxy_options options_;
    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<int> requests_{0};
    std::atomic<int> tokens_issued_{0};
    std::thread acceptor_;
    mutable std::mutex mutex_;
    std::vector<std::thread> workers_;
    std::vector<int> client_fds_;
    std::map<std::string, std::string> tokens_;  // token -> space-separated scopes
    std::vector<std::string> scopes_;
    std::vector<std::string> log_;
};

}  // namespace forge::test
