#include "support/net.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

#include "support/fixture_error.hpp"

namespace forge::test {
namespace {

sockaddr_in loopback_address(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string trim(std::string_view text) {
  auto begin = text.find_first_not_of(" \t");
  auto end = text.find_last_not_of(" \t\r");
  if (begin == std::string_view::npos) return {};
  return std::string(text.substr(begin, end - begin + 1));
}

std::string decode_chunked(const std::string& raw) {
  std::string out;
  std::size_t pos = 0;
  for (;;) {
    auto eol = raw.find("\r\n", pos);
    if (eol == std::string::npos) throw fixture_error("malformed chunked HTTP body");
    std::size_t size = std::stoul(raw.substr(pos, eol - pos), nullptr, 16);
    pos = eol + 2;
    if (size == 0) return out;
    if (pos + size > raw.size()) throw fixture_error("truncated chunked HTTP body");
    out.append(raw, pos, size);
    pos += size + 2;
  }
}

}  // namespace

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw fixture_error(std::string("socket: ") + std::strerror(errno));
  sockaddr_in addr = loopback_address(0);
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    int saved = errno;
    ::close(fd);
    throw fixture_error(std::string("cannot bind 127.0.0.1:0: ") + std::strerror(saved));
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool port_accepts(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr = loopback_address(port);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

tcp_client::tcp_client(int port, std::chrono::milliseconds timeout) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw fixture_error(std::string("socket: ") + std::strerror(errno));
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in addr = loopback_address(port);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    int saved = errno;
    ::close(fd_);
    fd_ = -1;
    throw fixture_error("cannot connect to 127.0.0.1:" + std::to_string(port) + ": " + std::strerror(saved));
  }
}

tcp_client::~tcp_client() {
  if (fd_ >= 0) ::close(fd_);
}

void tcp_client::send_all(std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw fixture_error(std::string("send failed: ") + std::strerror(errno));
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

std::string tcp_client::read_line() {
  for (;;) {
    auto eol = buffer_.find('\n');
    if (eol != std::string::npos) {
      std::string line = buffer_.substr(0, eol);
      buffer_.erase(0, eol + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return line;
    }
    char chunk[4096];
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw fixture_error(std::string("read failed: ") + std::strerror(errno));
    if (n == 0) throw fixture_error("connection closed before a full line arrived");
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

std::string tcp_client::read_to_end() {
  std::string out = std::move(buffer_);
  buffer_.clear();
  for (;;) {
    char chunk[4096];
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw fixture_error(std::string("read failed: ") + std::strerror(errno));
    if (n == 0) return out;
    out.append(chunk, static_cast<std::size_t>(n));
  }
}

http_response http_get(int port, const std::string& target, const std::optional<basic_credentials>& auth,
                       std::chrono::milliseconds timeout) {
  tcp_client client(port, timeout);
  std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                        "\r\nConnection: close\r\nAccept: */*\r\n";
  if (auth) request += "Authorization: Basic " + base64_encode(auth->user + ":" + auth->password) + "\r\n";
  request += "\r\n";
  client.send_all(request);

  http_response response;
  std::string status_line = client.read_line();
  // "HTTP/1.1 200 OK"
  auto space = status_line.find(' ');
  if (status_line.rfind("HTTP/", 0) != 0 || space == std::string::npos) {
    throw fixture_error("not an HTTP response: " + status_line);
  }
  response.status = std::stoi(status_line.substr(space + 1, 3));
  for (;;) {
    std::string line = client.read_line();
    if (line.empty()) break;
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    response.headers[lower(line.substr(0, colon))] = trim(std::string_view(line).substr(colon + 1));
  }
  std::string raw = client.read_to_end();
  auto te = response.headers.find("transfer-encoding");
  auto cl = response.headers.find("content-length");
  if (te != response.headers.end() && lower(te->second).find("chunked") != std::string::npos) {
    response.body = decode_chunked(raw);
  } else if (cl != response.headers.end()) {
    response.body = raw.substr(0, std::stoul(cl->second));
  } else {
    response.body = std::move(raw);
  }
  return response;
}

std::string base64_encode(std::string_view data) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(data[i]) << 16) | (static_cast<unsigned char>(data[i + 1]) << 8) |
                 static_cast<unsigned char>(data[i + 2]);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  if (i < data.size()) {
    unsigned v = static_cast<unsigned char>(data[i]) << 16;
    if (i + 1 < data.size()) v |= static_cast<unsigned char>(data[i + 1]) << 8;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += i + 1 < data.size() ? alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace forge::test
