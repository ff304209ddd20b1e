#pragma once
// Just enough networking for the tests to talk to the servers: a free-port probe, a blocking TCP
// client with timeouts, and a tiny HTTP/1.1 GET over it (no TLS, no keep-alive).
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace forge::test {

inline constexpr const char* loopback = "127.0.0.1";

// Binds 127.0.0.1:0 and returns the port the kernel chose. Another process may take it before the
// server binds it, so fixtures that use it retry on "address in use".
int free_port();

// True if something accepts TCP connections on 127.0.0.1:port.
bool port_accepts(int port);

class tcp_client {
 public:
  // Connects to 127.0.0.1:port; throws fixture_error on failure. Reads and writes time out.
  explicit tcp_client(int port, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  ~tcp_client();
  tcp_client(const tcp_client&) = delete;
  tcp_client& operator=(const tcp_client&) = delete;

  void send_all(std::string_view data);
  // Reads up to and excluding "\r\n" (or "\n"); throws on timeout or close before a full line.
  std::string read_line();
  // Reads until the peer closes the connection.
  std::string read_to_end();

 private:
  int fd_ = -1;
  std::string buffer_;
};

struct http_response {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
};

struct basic_credentials {
  std::string user;
  std::string password;
};

// GET http://127.0.0.1:port<target>; handles Content-Length, chunked and close-delimited bodies.
http_response http_get(int port, const std::string& target, const std::optional<basic_credentials>& auth = std::nullopt,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10));

std::string base64_encode(std::string_view data);

}  // namespace forge::test
