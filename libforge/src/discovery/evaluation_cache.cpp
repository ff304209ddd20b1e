#include "discovery/evaluation_cache.hpp"

#include <openssl/evp.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>

#include "project/schemas.hpp"

namespace forge::discovery {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

// Bumped when the analysis format or the checks change, so old entries stop matching.
constexpr std::string_view analysis_version = "discovery-analysis-2";

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
    // Fetched once and a context per thread: an implicit fetch and a new context per call cost
    // more than hashing the few bytes of a cache key.
    static EVP_MD *const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx_owner(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_MD_CTX *ctx = ctx_owner.get();
    if (ctx == nullptr || sha256 == nullptr) throw std::bad_alloc();
    EVP_DigestInit_ex(ctx, sha256, nullptr);
    for (auto p : parts) {
        std::string len = std::to_string(p.size()) + ":";
        EVP_DigestUpdate(ctx, len.data(), len.size());
        EVP_DigestUpdate(ctx, p.data(), p.size());
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx, md, &n);
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

namespace {

constexpr std::string_view segment_prefix = "segment-";
constexpr std::size_t merge_after_segments = 8;

std::string unique_suffix() {
    std::random_device rd;
    std::ostringstream s;
    s << std::hex << ::getpid() << "-" << rd() << rd();
    return s.str();
}

std::optional<json::value> read_json(const fs::path &p, json::storage_ptr storage = {}) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    boost::system::error_code ec;
    json::value v = json::parse(text.str(), ec, std::move(storage));
    if (ec) return std::nullopt;
    return v;
}

}  // namespace

evaluation_cache::evaluation_cache(fs::path dir, std::size_t max_memory_entries)
    : dir_(std::move(dir)), max_entries_(max_memory_entries) {}

evaluation_cache::~evaluation_cache() {
    flush();
}

void evaluation_cache::load_locked() {
    if (loaded_) return;
    loaded_ = true;
    if (dir_.empty()) return;
    // Segments hold thousands of small JSON nodes: parsed into one monotonic buffer, released at
    // once with the cache instead of node by node (a third of a warm re-discovery otherwise).
    segment_memory_ = json::make_shared_resource<json::monotonic_resource>();
    std::error_code ec;
    for (const auto &e : fs::directory_iterator(dir_, ec)) {
        std::string name = e.path().filename().string();
        if (!name.starts_with(segment_prefix) || !name.ends_with(".json")) continue;
        auto v = read_json(e.path(), segment_memory_);
        if (!v || !v->is_object()) continue;  // damaged or vanished: a miss, never an error
        const auto *format = v->as_object().if_contains("format");
        const auto *entries = v->as_object().if_contains("entries");
        if (!format || !format->is_int64() || format->as_int64() != 1 || !entries || !entries->is_object()) continue;
        segments_.push_back(e.path());
        for (auto &kv : entries->as_object()) on_disk_.emplace(std::string(kv.key()), std::move(kv.value()));
        if (const auto *trees = v->as_object().if_contains("trees"); trees && trees->is_object()) {
            for (const auto &kv : trees->as_object()) {
                const auto *list = kv.value().if_array();
                if (list == nullptr) continue;
                std::vector<git::project_location> projects;
                bool ok = true;
                for (const auto &item : *list) {
                    const auto *pair = item.if_array();
                    if (!pair || pair->size() != 2 || !(*pair)[0].is_string() || !(*pair)[1].is_string()) {
                        ok = false;
                        break;
                    }
                    auto id = git::object_id::parse((*pair)[1].as_string());
                    if (!id.ok()) {
                        ok = false;
                        break;
                    }
                    std::string dir((*pair)[0].as_string());
                    std::string config = dir.empty() ? ".forge/project.cue" : dir + "/.forge/project.cue";
                    projects.push_back(git::project_location{std::move(dir), std::move(config), *id});
                }
                if (ok) trees_.emplace(std::string(kv.key()), std::move(projects));
            }
        }
    }
}

std::shared_ptr<const project_analysis> evaluation_cache::find(const std::string &key) {
    std::lock_guard lock(mutex_);
    if (auto it = memory_.find(key); it != memory_.end()) {
        used_[key] = true;
        return it->second;
    }
    load_locked();
    auto it = on_disk_.find(key);
    if (it == on_disk_.end()) return nullptr;
    auto analysis = analysis_from_json(it->second);
    on_disk_.erase(it);
    if (!analysis) return nullptr;
    auto shared = std::make_shared<const project_analysis>(std::move(*analysis));
    if (memory_.size() >= max_entries_) memory_.clear();
    memory_[key] = shared;
    used_[key] = true;
    return shared;
}

void evaluation_cache::store(const std::string &key, std::shared_ptr<const project_analysis> analysis) {
    std::lock_guard lock(mutex_);
    if (memory_.size() >= max_entries_) memory_.clear();
    memory_[key] = analysis;
    used_[key] = true;
    if (!dir_.empty()) pending_[key] = std::move(analysis);
}

std::optional<std::vector<git::project_location>> evaluation_cache::find_tree(const git::object_id &tree) {
    std::lock_guard lock(mutex_);
    load_locked();
    auto it = trees_.find(tree.hex());
    if (it == trees_.end()) return std::nullopt;
    return it->second;
}

void evaluation_cache::store_tree(const git::object_id &tree, std::vector<git::project_location> projects) {
    std::lock_guard lock(mutex_);
    std::string key = tree.hex();
    if (!dir_.empty()) pending_trees_[key] = projects;
    if (trees_.size() >= max_entries_ * 8) trees_.clear();
    trees_[key] = std::move(projects);
}

void evaluation_cache::flush() {
    std::lock_guard lock(mutex_);
    if (dir_.empty() || (pending_.empty() && pending_trees_.empty())) return;
    load_locked();
    const bool merge = segments_.size() >= merge_after_segments;
    json::object entries;
    if (merge) {
        for (const auto &[key, _] : used_)
            if (auto it = memory_.find(key); it != memory_.end()) entries[key] = to_json(*it->second);
    }
    for (const auto &[key, analysis] : pending_) entries[key] = to_json(*analysis);
    pending_.clear();
    json::object trees;
    for (const auto &[key, projects] : merge ? trees_ : pending_trees_) {
        json::array list;
        for (const auto &p : projects) list.push_back(json::array{json::value(p.dir), json::value(p.forge_tree.hex())});
        trees[key] = std::move(list);
    }
    pending_trees_.clear();

    std::error_code ec;
    fs::create_directories(dir_, ec);
    const std::string suffix = unique_suffix();
    fs::path tmp = dir_ / (".tmp-" + suffix);
    fs::path target = dir_ / (std::string(segment_prefix) + suffix + ".json");
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << json::serialize(
            json::object{{"format", 1}, {"entries", std::move(entries)}, {"trees", std::move(trees)}});
        out.close();
        if (!out) {
            fs::remove(tmp, ec);
            return;
        }
    }
    fs::rename(tmp, target, ec);
    if (ec) {
        fs::remove(tmp, ec);
        return;
    }
    if (merge) {
        for (const auto &old : segments_) fs::remove(old, ec);  // another process may have removed it
        segments_.assign(1, target);
        used_.clear();
    } else {
        segments_.push_back(target);
    }
}

}  // namespace forge::discovery
