#include "adapters/s3/s3_object_store.hpp"

#include <algorithm>

#include "adapters/fs/fs_object_store.hpp"
#include "adapters/s3/s3_xml.hpp"

namespace forge::adapters {

namespace {

constexpr std::size_t min_part_size = 5u << 20;                 // S3's floor for every part but the last
constexpr std::size_t max_parts = 10000;                        // S3's ceiling on parts per upload
constexpr std::chrono::seconds max_presign_ttl{7 * 24 * 3600};  // SigV4 presigned URLs: one week at most

bool is_dns_bucket(std::string_view name) {
    if (name.size() < 3 || name.size() > 63) return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) return false;
    return name.front() != '-' && name.front() != '.' && name.back() != '-' && name.back() != '.';
}

// An S3 error response as a forge error: the status says what kind, the message carries S3's own
// Code and Message (never a header: the request's Authorization is not repeated anywhere).
error s3_error(const http::response &r, const std::string &what) {
    std::string code = s3_xml::first(r.body, "Code").value_or("");
    std::string message = s3_xml::first(r.body, "Message").value_or("");
    std::string text = what + ": HTTP " + std::to_string(r.status);
    if (!code.empty()) text += " " + code;
    if (!message.empty()) text += ": " + message;
    status s = status::io;
    if (r.status == 404)
        s = status::not_found;
    else if (code == "SignatureDoesNotMatch" || code == "InvalidAccessKeyId" || code == "ExpiredToken" ||
             code == "InvalidToken" || r.status == 401)
        s = status::auth;
    else if (r.status == 403)
        s = status::permission;
    else if (r.status == 409)
        s = status::conflict;
    else if (r.status == 400 || r.status == 411 || r.status == 413)
        s = status::invalid;
    return make_error(s, text);
}

bool ok_status(int status) {
    return status >= 200 && status < 300;
}

}  // namespace

result<std::shared_ptr<s3_object_store>> s3_object_store::create(s3_options options, s3_credentials_source credentials,
                                                                 std::shared_ptr<http::client> client, s3_clock clock) {
    if (options.bucket.empty()) return make_error(status::invalid, "objstore.s3.bucket: the bucket must be set");
    if (options.bucket.find('/') != std::string::npos)
        return make_error(status::invalid, "objstore.s3.bucket: \"" + options.bucket + "\" must not contain '/'");
    if (options.region.empty()) return make_error(status::invalid, "objstore.s3.region: the region must be set");
    if (!credentials) return make_error(status::invalid, "the s3 object store needs credentials");
    if (options.endpoint.empty()) options.endpoint = "https://s3." + options.region + ".amazonaws.com";
    auto endpoint = http::parse_url(options.endpoint);
    if (!endpoint) return std::move(endpoint).err().wrap("objstore.s3.endpoint");
    if (endpoint->target != "/")
        return make_error(status::invalid, "objstore.s3.endpoint: \"" + options.endpoint +
                                               "\" must be scheme://host[:port] without a path");
    if (!options.path_style && !is_dns_bucket(options.bucket))
        return make_error(status::invalid, "objstore.s3.bucket: \"" + options.bucket +
                                               "\" cannot be a host name; set objstore.s3.path_style to true");
    if (options.part_size < min_part_size)
        return make_error(status::invalid, "objstore.s3.part_size: at least " + std::to_string(min_part_size) +
                                               " bytes (S3's minimum part size)");
    if (options.multipart_threshold < 1)
        return make_error(status::invalid, "objstore.s3.multipart_threshold: must be positive");
    if (!client) {
        auto made = http::client::create();
        if (!made) return std::move(made).err().wrap("creating the HTTP client of the s3 object store");
        client = std::move(made).value();
    }
    if (!clock) clock = [] { return std::chrono::system_clock::now(); };
    return std::shared_ptr<s3_object_store>(new s3_object_store(
        std::move(options), std::move(endpoint).value(), std::move(credentials), std::move(client), std::move(clock)));
}

s3_object_store::s3_object_store(s3_options options, http::url endpoint, s3_credentials_source credentials,
                                 std::shared_ptr<http::client> client, s3_clock clock)
    : options_(std::move(options)),
      endpoint_(std::move(endpoint)),
      credentials_(std::move(credentials)),
      client_(std::move(client)),
      clock_(std::move(clock)) {}

std::string s3_object_store::host() const {
    return options_.path_style ? endpoint_.authority() : options_.bucket + "." + endpoint_.authority();
}

s3_object_store::target s3_object_store::object_target(std::string_view full_key) const {
    target t;
    t.path = options_.path_style ? "/" + options_.bucket + "/" : "/";
    t.path += full_key;
    return t;
}

s3_object_store::target s3_object_store::bucket_target() const {
    target t;
    t.path = options_.path_style ? "/" + options_.bucket : "/";
    return t;
}

std::string s3_object_store::url_of(const target &t, const std::string &query_string) const {
    std::string url = endpoint_.scheme + "://" + host() + sigv4::uri_encode(t.path, false);
    if (!query_string.empty()) url += "?" + query_string;
    return url;
}

result<std::string> s3_object_store::full_key(std::string_view key) const {
    FORGE_TRY(fs_object_store::validate_key(key));
    std::string full = options_.prefix + std::string(key);
    if (full.size() > 1024)
        return make_error(status::invalid, "object key \"" + std::string(key) + "\": longer than S3's 1024 bytes");
    return full;
}

result<http::response> s3_object_store::send(const std::string &method, const target &t, std::string body,
                                             std::vector<sigv4::name_value> extra_headers) {
    auto creds = credentials_();
    if (!creds) return std::move(creds).err().wrap("s3 credentials");
    sigv4::params p;
    p.creds = std::move(creds).value();
    p.region = options_.region;
    p.service = "s3";
    p.amz_date = sigv4::amz_date(clock_());

    sigv4::request signing{method, t.path, t.query, std::move(extra_headers)};
    signing.headers.emplace_back("host", host());
    const auto sig = sigv4::sign_headers(signing, sigv4::sha256_hex(body), p, true);

    http::request req;
    req.method = method;
    req.url = url_of(t, sigv4::canonical_query(t.query));
    for (const auto &[name, value] : signing.headers) req.headers.set(name, value);
    for (const auto &[name, value] : sig.added) req.headers.set(name, value);
    req.body = std::move(body);
    req.timeout = options_.timeout;
    req.follow_redirects = false;  // a redirect would carry our signature to another host
    auto r = client_->send(std::move(req));
    if (!r) return std::move(r).err().wrap(method + " " + url_of(t, sigv4::canonical_query(t.query)));
    return r;
}

status_result s3_object_store::put(std::string_view key, std::string_view data) {
    FORGE_TRY_ASSIGN(std::string full, full_key(key));
    if (data.size() > options_.multipart_threshold) return put_multipart(full, data);
    return put_single(full, data);
}

status_result s3_object_store::put_single(const std::string &key, std::string_view data) {
    FORGE_TRY_ASSIGN(auto r, send("PUT", object_target(key), std::string(data)));
    if (!ok_status(r.status)) return s3_error(r, "putting object \"" + key + "\"");
    return {};
}

status_result s3_object_store::put_multipart(const std::string &key, std::string_view data) {
    const std::string what = "multipart upload of \"" + key + "\"";
    target initiate = object_target(key);
    initiate.query = {{"uploads", ""}};
    FORGE_TRY_ASSIGN(auto started, send("POST", initiate, ""));
    if (!ok_status(started.status)) return s3_error(started, "starting the " + what);
    auto upload_id = s3_xml::first(started.body, "UploadId");
    if (!upload_id || upload_id->empty())
        return make_error(status::io, "starting the " + what + ": the answer carries no UploadId");

    // Parts and completion; any failure aborts the upload so the server drops the stored parts.
    auto upload = [&]() -> status_result {
        std::size_t part_size = std::max(options_.part_size, (data.size() + max_parts - 1) / max_parts);
        std::string manifest = "<CompleteMultipartUpload>";
        int number = 0;
        for (std::size_t offset = 0; offset < data.size(); offset += part_size) {
            ++number;
            target part = object_target(key);
            part.query = {{"partNumber", std::to_string(number)}, {"uploadId", *upload_id}};
            FORGE_TRY_ASSIGN(auto r, send("PUT", part, std::string(data.substr(offset, part_size))));
            if (!ok_status(r.status))
                return s3_error(r, "uploading part " + std::to_string(number) + " of the " + what);
            auto etag = r.headers.get("ETag");
            if (!etag)
                return make_error(status::io, "part " + std::to_string(number) + " of the " + what + ": no ETag");
            manifest += "<Part><PartNumber>" + std::to_string(number) + "</PartNumber><ETag>" + s3_xml::escape(*etag) +
                        "</ETag></Part>";
        }
        manifest += "</CompleteMultipartUpload>";
        target complete = object_target(key);
        complete.query = {{"uploadId", *upload_id}};
        FORGE_TRY_ASSIGN(auto done, send("POST", complete, manifest, {{"content-type", "application/xml"}}));
        // S3 may answer 200 and still report a failure in the body (it sends the status line early).
        if (!ok_status(done.status) || done.body.find("<Error>") != std::string::npos)
            return s3_error(done, "completing the " + what);
        return {};
    };
    auto uploaded = upload();
    if (uploaded) return {};
    target abort = object_target(key);
    abort.query = {{"uploadId", *upload_id}};
    (void)send("DELETE", abort, "");  // best effort: the upload's own error is the one to report
    return uploaded;
}

result<std::string> s3_object_store::get(std::string_view key) {
    FORGE_TRY_ASSIGN(std::string full, full_key(key));
    FORGE_TRY_ASSIGN(auto r, send("GET", object_target(full), ""));
    if (r.status == 404) return make_error(status::not_found, "object \"" + std::string(key) + "\" does not exist");
    if (!ok_status(r.status)) return s3_error(r, "getting object \"" + full + "\"");
    return std::move(r.body);
}

result<std::vector<std::string>> s3_object_store::list(std::string_view prefix) {
    if (prefix.find('\0') != std::string_view::npos)
        return make_error(status::invalid, "object key prefix must not contain NUL");
    if (!prefix.empty() && prefix.front() == '/')
        return make_error(status::invalid, "object key prefix must be relative");
    const std::string full_prefix = options_.prefix + std::string(prefix);
    std::vector<std::string> keys;
    std::optional<std::string> token;
    for (int page = 0;; ++page) {
        target t = bucket_target();
        t.query = {{"list-type", "2"}, {"prefix", full_prefix}};
        if (token) t.query.emplace_back("continuation-token", *token);
        FORGE_TRY_ASSIGN(auto r, send("GET", t, ""));
        if (!ok_status(r.status)) return s3_error(r, "listing \"" + full_prefix + "\" in bucket " + options_.bucket);
        for (auto &k : s3_xml::all(r.body, "Key"))
            if (k.compare(0, options_.prefix.size(), options_.prefix) == 0)
                keys.push_back(k.substr(options_.prefix.size()));
        const bool truncated = s3_xml::first(r.body, "IsTruncated").value_or("false") == "true";
        if (!truncated) break;
        token = s3_xml::first(r.body, "NextContinuationToken");
        if (!token || token->empty())
            return make_error(status::io,
                              "listing \"" + full_prefix + "\": truncated answer without a continuation token");
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    return keys;
}

status_result s3_object_store::remove(std::string_view key) {
    FORGE_TRY_ASSIGN(std::string full, full_key(key));
    FORGE_TRY_ASSIGN(auto r, send("DELETE", object_target(full), ""));
    if (r.status == 404 || ok_status(r.status)) return {};
    return s3_error(r, "removing object \"" + full + "\"");
}

result<std::string> s3_object_store::presign_get(std::string_view key, std::chrono::seconds ttl) {
    if (ttl.count() < 1 || ttl > max_presign_ttl)
        return make_error(status::invalid, "presigned URL lifetime must be between 1 second and 7 days, not " +
                                               std::to_string(ttl.count()) + " s");
    FORGE_TRY_ASSIGN(std::string full, full_key(key));
    auto creds = credentials_();
    if (!creds) return std::move(creds).err().wrap("s3 credentials");
    sigv4::params p;
    p.creds = std::move(creds).value();
    p.region = options_.region;
    p.service = "s3";
    p.amz_date = sigv4::amz_date(clock_());
    const target t = object_target(full);
    sigv4::request signing{"GET", t.path, {}, {{"host", host()}}};
    return url_of(t, sigv4::presign_query(signing, ttl, sigv4::unsigned_payload, p));
}

}  // namespace forge::adapters
