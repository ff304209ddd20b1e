#include "discovery/evaluation_cache.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <openssl/evp.h>
#include <sstream>
#include <thread>
#include <unistd.h>

#include "project/schemas.hpp"

namespace forge::discovery {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

// Bumped when the analysis format or the checks change, so old entries stop matching.
constexpr std::string_view analysis_version = "discovery-analysis-1";

const std::string &schema_digest() {
    static const std::string digest = [] {
        std::string all;
        for (const auto &[name, text] : project::embedded_schema_files()) {
            all += name;
            all += '\0';
            all += text;
            all += '\0';
        }
        return digest_of({analysis_version, all});
    }();
    return digest;
}

}  // namespace

std::string digest_of(std::initializer_list<std::string_view> parts) {
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx == nullptr) throw std::bad_alloc();
    EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
    for (auto p : parts) {
        std::string len = std::to_string(p.size()) + ":";
        EVP_DigestUpdate(ctx, len.data(), len.size());
        EVP_DigestUpdate(ctx, p.data(), p.size());
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx, md, &n);
    EVP_MD_CTX_free(ctx);
    static const char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(n * 2);
    for (unsigned i = 0; i < n; ++i) {
        out += hex[md[i] >> 4];
        out += hex[md[i] & 15];
    }
    return out;
}

std::string cache_key(std::string_view project_dir, const git::object_id &forge_tree, std::string_view repo_digest) {
    return digest_of({project_dir, forge_tree.hex(), repo_digest, schema_digest()});
}

evaluation_cache::evaluation_cache(fs::path dir, std::size_t max_memory_entries)
    : dir_(std::move(dir)), max_entries_(max_memory_entries) {}

fs::path evaluation_cache::file_for(const std::string &key) const { return dir_ / (key + ".json"); }

std::shared_ptr<const project_analysis> evaluation_cache::find(const std::string &key) {
    {
        std::lock_guard lock(mutex_);
        if (auto it = memory_.find(key); it != memory_.end()) return it->second;
    }
    if (dir_.empty()) return nullptr;
    std::ifstream in(file_for(key), std::ios::binary);
    if (!in) return nullptr;
    std::ostringstream text;
    text << in.rdbuf();
    boost::system::error_code ec;
    json::value v = json::parse(text.str(), ec);
    if (ec) return nullptr;  // a damaged entry is a miss; storing again replaces it
    auto analysis = analysis_from_json(v);
    if (!analysis) return nullptr;
    auto shared = std::make_shared<const project_analysis>(std::move(*analysis));
    std::lock_guard lock(mutex_);
    if (memory_.size() >= max_entries_) memory_.clear();
    memory_[key] = shared;
    return shared;
}

void evaluation_cache::store(const std::string &key, std::shared_ptr<const project_analysis> analysis) {
    if (!dir_.empty()) {
        // Best effort: a cache that cannot be written only makes the next discovery slower.
        std::error_code ec;
        fs::create_directories(dir_, ec);
        std::ostringstream tmp_name;
        tmp_name << key << ".json.tmp." << ::getpid() << "." << std::this_thread::get_id();
        fs::path tmp = dir_ / tmp_name.str();
        {
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            out << json::serialize(to_json(*analysis));
            out.close();
            if (!out) {
                fs::remove(tmp, ec);
                tmp.clear();
            }
        }
        if (!tmp.empty()) {
            fs::rename(tmp, file_for(key), ec);
            if (ec) fs::remove(tmp, ec);
        }
    }
    std::lock_guard lock(mutex_);
    if (memory_.size() >= max_entries_) memory_.clear();
    memory_[key] = std::move(analysis);
}

}  // namespace forge::discovery
