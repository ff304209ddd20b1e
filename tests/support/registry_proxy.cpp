#include "support/registry_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "support/fixture_error.hpp"

namespace forge::test {
namespace {

std::string lower(std::string s) {
    for (auto &c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string trim(std::string_view text) {
    auto b = text.find_first_not_of(" \t");
    auto e = text.find_last_not_of(" \t\r");
    return b == std::string_view::npos ? std::string() : std::string(text.substr(b, e - b + 1));
}

bool send_all(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n <= 0) {
            if (n < 0 && errno == EINTR) continue;
            return false;
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

// Reads one message head (up to the blank line) from fd into buf; false on close or error.
bool read_head(int fd, std::string &buf, std::string &head) {
    for (;;) {
        auto end = buf.find("\r\n\r\n");
        if (end != std::string::npos) {
            head = buf.substr(0, end);
            buf.erase(0, end + 4);
            return true;
        }
        char tmp[65536];
        ssize_t n = ::recv(fd, tmp, sizeof tmp, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        buf.append(tmp, static_cast<std::size_t>(n));
    }
}

bool read_exact(int fd, std::string &buf, std::size_t size, std::string &out) {
    while (buf.size() < size) {
        char tmp[65536];
        ssize_t n = ::recv(fd, tmp, sizeof tmp, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        buf.append(tmp, static_cast<std::size_t>(n));
    }
    out = buf.substr(0, size);
    buf.erase(0, size);
    return true;
}

std::map<std::string, std::string> parse_headers(std::string_view head, std::string &first_line) {
    std::map<std::string, std::string> headers;
    std::size_t pos = head.find("\r\n");
    first_line = std::string(head.substr(0, pos));
    while (pos != std::string_view::npos) {
        std::size_t next = head.find("\r\n", pos + 2);
        std::string_view line =
            head.substr(pos + 2, next == std::string_view::npos ? std::string_view::npos : next - pos - 2);
        auto colon = line.find(':');
        if (colon != std::string_view::npos)
            headers[lower(std::string(line.substr(0, colon)))] = trim(line.substr(colon + 1));
        pos = next;
    }
    return headers;
}

std::string dechunk(const std::string &raw) {
    std::string out;
    std::size_t pos = 0;
    for (;;) {
        auto eol = raw.find("\r\n", pos);
        if (eol == std::string::npos) return out;
        std::size_t size = std::stoul(raw.substr(pos, eol - pos), nullptr, 16);
        pos = eol + 2;
        if (size == 0) return out;
        out.append(raw, pos, size);
        pos += size + 2;
    }
}

std::string reason(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 201:
            return "Created";
        case 202:
            return "Accepted";
        case 204:
            return "No Content";
        case 307:
            return "Temporary Redirect";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 429:
            return "Too Many Requests";
        case 500:
            return "Internal Server Error";
        case 503:
            return "Service Unavailable";
        default:
            return "Status";
    }
}

// /v2/<name>/(manifests|blobs|tags)/... -> <name>
std::string repository_of(const std::string &target) {
    const std::string path = target.substr(0, target.find('?'));
    if (path.rfind("/v2/", 0) != 0) return {};
    for (const char *marker : {"/manifests/", "/blobs/", "/tags/"}) {
        auto p = path.rfind(marker);
        if (p != std::string::npos && p > 4) return path.substr(4, p - 4);
    }
    return {};
}

std::string query_values(const std::string &target, const std::string &name) {
    std::string values;
    auto q = target.find('?');
    if (q == std::string::npos) return values;
    std::string query = target.substr(q + 1);
    std::size_t pos = 0;
    while (pos <= query.size()) {
        auto amp = query.find('&', pos);
        std::string pair = query.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
        if (pair.rfind(name + "=", 0) == 0) {
            std::string raw = pair.substr(name.size() + 1), decoded;
            for (std::size_t i = 0; i < raw.size(); ++i) {
                if (raw[i] == '%' && i + 2 < raw.size()) {
                    decoded += static_cast<char>(std::stoi(raw.substr(i + 1, 2), nullptr, 16));
                    i += 2;
                } else {
                    decoded += raw[i] == '+' ? ' ' : raw[i];
                }
            }
            if (!values.empty()) values += ' ';
            values += decoded;
        }
        if (amp == std::string::npos) break;
        pos = amp + 1;
    }
    return values;
}

}  // namespace

registry_proxy::registry_proxy(proxy_options options) : options_(std::move(options)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) throw fixture_error(std::string("proxy socket: ") + std::strerror(errno));
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 64) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr *>(&addr), &len) != 0) {
        ::close(listen_fd_);
        throw fixture_error(std::string("proxy bind/listen: ") + std::strerror(errno));
    }
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
}

registry_proxy::~registry_proxy() {
    stopping_ = true;
    if (acceptor_.joinable()) acceptor_.join();
    ::close(listen_fd_);
    std::vector<std::thread> workers;
    {
        std::lock_guard lock(mutex_);
        for (int fd : client_fds_) ::shutdown(fd, SHUT_RDWR);
        workers.swap(workers_);
    }
    for (auto &t : workers) t.join();
}

std::vector<std::string> registry_proxy::token_scopes() const {
    std::lock_guard lock(mutex_);
    return scopes_;
}

std::vector<std::string> registry_proxy::log() const {
    std::lock_guard lock(mutex_);
    return log_;
}

void registry_proxy::accept_loop() {
    while (!stopping_) {
        pollfd p{listen_fd_, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        std::lock_guard lock(mutex_);
        client_fds_.push_back(fd);
        workers_.emplace_back([this, fd] { serve(fd); });
    }
}

void registry_proxy::serve(int fd) {
    std::string buf;
    for (;;) {
        std::string head, first;
        if (!read_head(fd, buf, head)) break;
        proxy_request req;
        req.headers = parse_headers(head, first);
        auto sp1 = first.find(' '), sp2 = first.rfind(' ');
        if (sp1 == std::string::npos || sp2 == sp1) break;
        req.method = first.substr(0, sp1);
        req.target = first.substr(sp1 + 1, sp2 - sp1 - 1);
        if (req.headers.count("transfer-encoding")) {
            send_all(fd, "HTTP/1.1 501 Not Implemented\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            break;
        }
        if (auto cl = req.headers.find("content-length"); cl != req.headers.end()) {
            if (!read_exact(fd, buf, std::stoull(cl->second), req.body)) break;
        }
        ++requests_;
        {
            std::lock_guard lock(mutex_);
            log_.push_back(req.method + " " + req.target);
        }
        proxy_response resp;
        try {
            resp = handle(req);
        } catch (const std::exception &e) {
            resp = proxy_response{502, {{"Content-Type", "text/plain"}}, std::string("proxy: ") + e.what()};
        }
        if (resp.status == 0) break;  // intercept asked to drop the connection
        std::string out = "HTTP/1.1 " + std::to_string(resp.status) + " " + reason(resp.status) + "\r\n";
        bool has_length = false;
        for (const auto &[name, value] : resp.headers) {
            const std::string n = lower(name);
            if (n == "connection" || n == "transfer-encoding" || n == "keep-alive") continue;
            if (n == "content-length") {
                if (req.method != "HEAD") continue;
                has_length = true;
            }
            out += name + ": " + value + "\r\n";
        }
        if (!has_length)
            out += "Content-Length: " + std::to_string(req.method == "HEAD" ? 0 : resp.body.size()) + "\r\n";
        out += "Connection: keep-alive\r\n\r\n";
        if (req.method != "HEAD") out += resp.body;
        if (!send_all(fd, out)) break;
    }
    ::close(fd);
    std::lock_guard lock(mutex_);
    std::erase(client_fds_, fd);
}

std::optional<proxy_response> registry_proxy::check_bearer(const proxy_request &req) {
    const std::string path = req.target.substr(0, req.target.find('?'));
    if (path == "/token") {
        if (options_.token_credentials) {
            auto auth = req.headers.find("authorization");
            const std::string want =
                "Basic " + base64_encode(options_.token_credentials->user + ":" + options_.token_credentials->password);
            if (auth == req.headers.end() || auth->second != want)
                return proxy_response{401, {{"Content-Type", "application/json"}}, R"({"details":"bad credentials"})"};
        }
        const std::string scopes = query_values(req.target, "scope");
        const std::string token = "tok-" + std::to_string(++tokens_issued_);
        {
            std::lock_guard lock(mutex_);
            scopes_.push_back(scopes);
            tokens_[token] = scopes;
        }
        return proxy_response{
            200,
            {{"Content-Type", "application/json"}},
            R"({"token":")" + token + R"(","expires_in":)" + std::to_string(options_.token_expires_in) + "}"};
    }
    const std::string repo = repository_of(req.target);
    const bool push = req.method == "PUT" || req.method == "POST" || req.method == "PATCH" || req.method == "DELETE";
    std::string needed = repo.empty() ? "" : "repository:" + repo + (push ? ":pull,push" : ":pull");
    auto auth = req.headers.find("authorization");
    if (auth != req.headers.end() && auth->second.rfind("Bearer ", 0) == 0) {
        std::lock_guard lock(mutex_);
        auto it = tokens_.find(auth->second.substr(7));
        if (it != tokens_.end()) {
            bool ok = repo.empty();
            if (!ok) {
                // A pull needs a scope of the repository with pull; a push one with push.
                const std::string prefix = "repository:" + repo + ":";
                std::size_t pos = 0;
                const std::string &scopes = it->second;
                while ((pos = scopes.find(prefix, pos)) != std::string::npos) {
                    const std::string actions =
                        scopes.substr(pos + prefix.size(), scopes.find(' ', pos) - pos - prefix.size());
                    if (actions.find(push ? "push" : "pull") != std::string::npos) ok = true;
                    pos += prefix.size();
                }
            }
            if (ok) return std::nullopt;
        }
    }
    std::string challenge =
        "Bearer realm=\"http://127.0.0.1:" + std::to_string(port_) + "/token\",service=\"forge-proxy\"";
    if (!needed.empty()) challenge += ",scope=\"" + needed + "\"";
    return proxy_response{401,
                          {{"Content-Type", "application/json"}, {"WWW-Authenticate", challenge}},
                          R"({"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]})"};
}

proxy_response registry_proxy::handle(const proxy_request &req) {
    if (options_.require_bearer)
        if (auto denied = check_bearer(req)) return *denied;
    if (options_.intercept)
        if (auto canned = options_.intercept(req)) return *canned;
    proxy_response resp = forward(req);
    if (options_.rewrite) options_.rewrite(req, resp);
    return resp;
}

proxy_response registry_proxy::forward(const proxy_request &req) {
    tcp_client upstream(options_.upstream_port, std::chrono::seconds(60));
    std::string out = req.method + " " + req.target + " HTTP/1.1\r\n";
    for (const auto &[name, value] : req.headers) {
        if (name == "connection" || name == "keep-alive") continue;
        if (options_.require_bearer && name == "authorization") continue;
        out += name + ": " + value + "\r\n";
    }
    out += "Connection: close\r\n\r\n" + req.body;
    upstream.send_all(out);
    const std::string raw = upstream.read_to_end();
    proxy_response resp;
    auto end = raw.find("\r\n\r\n");
    if (end == std::string::npos) throw fixture_error("proxy: malformed upstream response");
    std::string first;
    auto headers = parse_headers(std::string_view(raw).substr(0, end), first);
    resp.status = std::stoi(first.substr(first.find(' ') + 1, 3));
    // Keep the upstream's spelling and order is not needed; lowercase names are valid HTTP.
    for (const auto &[name, value] : headers) resp.headers.emplace_back(name, value);
    resp.body = raw.substr(end + 4);
    if (auto te = headers.find("transfer-encoding");
        te != headers.end() && lower(te->second).find("chunked") != std::string::npos)
        resp.body = dechunk(resp.body);
    return resp;
}

}  // namespace forge::test
