#pragma once
// A real S3-compatible server (s3rver, from the npm packages in tests/node) on 127.0.0.1 with a port
// it picks itself (-p 0, read back from its log), its objects in a temporary directory and one
// bucket created at start-up. Its one account has access key id and secret "S3RVER". s3rver checks
// that requests are well-formed SigV4 (header or presigned), that the access key id exists and that a
// presigned URL has not expired, but it does NOT verify SigV4 signatures (only V2 ones): signing
// correctness is checked by the unit tests against AWS's vectors. Path-style addressing, plain HTTP.
#include <chrono>
#include <string>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace forge::test {

struct s3_server_options {
    std::string bucket = "forge-test";
    std::chrono::milliseconds startup_timeout = std::chrono::seconds(60);
};

class s3_server {
  public:
    explicit s3_server(const s3_server_options &options = {});
    ~s3_server() { stop(); }
    s3_server(const s3_server &) = delete;
    s3_server &operator=(const s3_server &) = delete;

    // Stops the server and removes its directory (the destructor does this too).
    void stop() noexcept;

    std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
    int port() const { return port_; }
    const std::string &bucket() const { return bucket_; }
    static std::string access_key() { return "S3RVER"; }
    static std::string secret_key() { return "S3RVER"; }
    const std::filesystem::path &dir() const { return dir_path_; }
    pid_t pid() const { return pid_; }
    pid_t pgid() const { return pid_; }
    const std::filesystem::path &log_file() const { return log_file_; }

  private:
    temp_dir dir_;  // declared before server_: destroyed after the server has stopped
    process server_;
    std::filesystem::path dir_path_;
    std::filesystem::path log_file_;
    std::string bucket_;
    int port_ = 0;
    pid_t pid_ = 0;
};

// The s3rver entry script in tests/node/node_modules; throws fixture_error saying how to install
// it when it is missing.
std::filesystem::path s3rver_script();

}  // namespace forge::test
