#include "support/s3_server.hpp"

#include <fstream>
#include <regex>
#include <sstream>

#include "support/fixture_error.hpp"
#include "support/net.hpp"

namespace forge::test {
namespace {

// s3rver prints "S3rver listening on 127.0.0.1:PORT" with the port actually bound.
int listening_port(const std::filesystem::path &log) {
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    static const std::regex listening(R"(listening on 127\.0\.0\.1:([0-9]+))");
    std::smatch match;
    const std::string content = text.str();
    if (!std::regex_search(content, match, listening)) return 0;
    return std::stoi(match[1].str());
}

}  // namespace

std::filesystem::path s3rver_script() {
    const std::filesystem::path script =
        std::filesystem::path(FORGE_TEST_NODE_DIR) / "node_modules" / "s3rver" / "bin" / "s3rver.js";
    if (!std::filesystem::is_regular_file(script))
        throw fixture_error("s3rver is not installed (" + script.string() +
                            " is missing): run cmake/install-deps.sh test, or npm ci in tests/node");
    return script;
}

s3_server::s3_server(const s3_server_options &options) : dir_("s3"), bucket_(options.bucket) {
    dir_path_ = dir_.path();
    log_file_ = dir_path_ / "s3rver.log";
    std::filesystem::create_directory(dir_path_ / "data");
    spawn_options spawn;
    // s3rver 3.7 makes ListObjectsV2 continuation tokens with DES, which OpenSSL 3 (Node >= 17) only
    // offers through its legacy provider: without it every truncated listing fails with a 500.
    spawn.argv = {"node",
                  "--openssl-legacy-provider",
                  s3rver_script().string(),
                  "--directory",
                  (dir_path_ / "data").string(),
                  "--address",
                  loopback,
                  "--port",
                  "0",
                  "--no-vhost-buckets",
                  "--configure-bucket",
                  bucket_};
    spawn.log_file = log_file_;
    spawn.working_dir = dir_path_;
    server_ = process::spawn(spawn);
    pid_ = server_.pid();

    wait_for_ready(server_, "s3rver", options.startup_timeout, [&] {
        port_ = listening_port(log_file_);
        return port_ > 0 && port_accepts(port_);
    });
}

void s3_server::stop() noexcept {
    server_.stop();
    dir_.remove();
}

}  // namespace forge::test
