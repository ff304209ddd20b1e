// The s3 adapter's requests, seen through a recording HTTP client: addressing styles, signing
// headers, multipart sequencing and abort. (Real-server behaviour: tests/integration/objstore.)
#include "adapters/s3/s3_object_store.hpp"

#include <catch2/catch.hpp>
#include <deque>
#include <functional>

#include "adapters/s3/s3_xml.hpp"

using forge::adapters::s3_object_store;
using forge::adapters::s3_options;
namespace sigv4 = forge::adapters::sigv4;
namespace http = forge::http;

namespace {

class recording_client final : public http::client {
  public:
    std::vector<http::request> sent;
    std::function<http::response(const http::request &)> answer = [](const http::request &) {
        http::response r;
        r.status = 200;
        return r;
    };

    forge::result<http::response> send(http::request req) override {
        sent.push_back(req);
        return answer(sent.back());
    }
    void close_idle() override {}
};

std::chrono::system_clock::time_point fixed_time() {
    return std::chrono::system_clock::time_point(std::chrono::seconds(1369353600));  // 2013-05-24T00:00:00Z
}

std::shared_ptr<s3_object_store> make_store(s3_options options, std::shared_ptr<recording_client> client,
                                            std::string token = "") {
    auto made = s3_object_store::create(
        std::move(options),
        [token]() -> forge::result<sigv4::credentials> {
            return sigv4::credentials{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", token};
        },
        client, fixed_time);
    INFO((made ? std::string() : made.err().message));
    REQUIRE(made);
    return made.value();
}

}  // namespace

TEST_CASE("s3 store: virtual-host-style addressing signs the bucket's host", "[objstore][s3]") {
    auto client = std::make_shared<recording_client>();
    s3_options o;
    o.bucket = "examplebucket";
    o.region = "us-east-1";
    o.endpoint = "https://s3.amazonaws.com";
    auto store = make_store(o, client);
    REQUIRE(store->put("dir/a b.txt", "Welcome to Amazon S3."));
    REQUIRE(client->sent.size() == 1);
    const auto &req = client->sent[0];
    CHECK(req.method == "PUT");
    CHECK(req.url == "https://examplebucket.s3.amazonaws.com/dir/a%20b.txt");
    CHECK(req.headers.get("host").value() == "examplebucket.s3.amazonaws.com");
    CHECK(req.headers.get("x-amz-content-sha256").value() == sigv4::sha256_hex("Welcome to Amazon S3."));
    CHECK(req.headers.get("x-amz-date").value() == "20130524T000000Z");
    const std::string auth = req.headers.get("authorization").value();
    CHECK(auth.rfind("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                     "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=",
                     0) == 0);
    CHECK(auth.find("wJalrXUtnFEMI") == std::string::npos);
    CHECK(req.body == "Welcome to Amazon S3.");
    CHECK_FALSE(req.follow_redirects);
}

TEST_CASE("s3 store: the presigned URL of S3's documentation example", "[objstore][s3]") {
    auto client = std::make_shared<recording_client>();
    s3_options o;
    o.bucket = "examplebucket";
    o.endpoint = "https://s3.amazonaws.com";
    auto store = make_store(o, client);
    auto url = store->presign_get("test.txt", std::chrono::seconds(86400));
    REQUIRE(url);
    CHECK(*url ==
          "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
          "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
          "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
          "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
    CHECK(client->sent.empty());  // presigning is local
}

TEST_CASE("s3 store: path-style addressing, prefix and session token", "[objstore][s3]") {
    auto client = std::make_shared<recording_client>();
    s3_options o;
    o.bucket = "My_Bucket";  // not a host name: fine with path-style
    o.endpoint = "http://127.0.0.1:9000";
    o.path_style = true;
    o.prefix = "forge/";
    auto store = make_store(o, client, "the-token");
    REQUIRE(store->get("k/v.log"));
    const auto &req = client->sent.at(0);
    CHECK(req.url == "http://127.0.0.1:9000/My_Bucket/forge/k/v.log");
    CHECK(req.headers.get("host").value() == "127.0.0.1:9000");
    CHECK(req.headers.get("x-amz-security-token").value() == "the-token");
    CHECK(req.headers.get("authorization")
              .value()
              .find("SignedHeaders=host;x-amz-content-sha256;x-amz-date;"
                    "x-amz-security-token,") != std::string::npos);
    auto url = store->presign_get("k/v.log", std::chrono::seconds(10));
    REQUIRE(url);
    CHECK(url->rfind("http://127.0.0.1:9000/My_Bucket/forge/k/v.log?", 0) == 0);
    CHECK(url->find("X-Amz-Security-Token=the-token") != std::string::npos);
}

TEST_CASE("s3 store: configuration errors name the option", "[objstore][s3]") {
    auto client = std::make_shared<recording_client>();
    auto creds = []() -> forge::result<sigv4::credentials> { return sigv4::credentials{"a", "b", ""}; };
    s3_options o;
    o.endpoint = "http://127.0.0.1:9000";
    auto no_bucket = s3_object_store::create(o, creds, client);
    REQUIRE_FALSE(no_bucket);
    CHECK(no_bucket.err().message.find("objstore.s3.bucket") != std::string::npos);
    o.bucket = "Not_A_Host";
    auto vhost = s3_object_store::create(o, creds, client);
    REQUIRE_FALSE(vhost);
    CHECK(vhost.err().message.find("path_style") != std::string::npos);
    o.bucket = "ok-bucket";
    o.endpoint = "ftp://x";
    CHECK(s3_object_store::create(o, creds, client).err().message.find("objstore.s3.endpoint") != std::string::npos);
    o.endpoint = "http://127.0.0.1:9000/some/path";
    CHECK(s3_object_store::create(o, creds, client).err().code == forge::status::invalid);
    o.endpoint = "";
    auto aws = s3_object_store::create(o, creds, client);
    REQUIRE(aws);
    CHECK(aws.value()
              ->presign_get("k", std::chrono::seconds(1))
              .value()
              .rfind("https://ok-bucket.s3.us-east-1.amazonaws.com/k?", 0) == 0);
    o.part_size = 1024;
    CHECK(s3_object_store::create(o, creds, client).err().message.find("part_size") != std::string::npos);
}

TEST_CASE("s3 store: bad keys are refused before any request", "[objstore][s3]") {
    auto client = std::make_shared<recording_client>();
    s3_options o;
    o.bucket = "b-1";
    o.endpoint = "http://127.0.0.1:9000";
    o.path_style = true;
    auto store = make_store(o, client);
    for (const std::string &key :
         std::vector<std::string>{"", "/abs", "a//b", "a/../b", "./a", std::string("a\0b", 3)}) {
        CHECK(store->put(key, "x").err().code == forge::status::invalid);
        CHECK(store->get(key).err().code == forge::status::invalid);
    }
    CHECK(store->put(std::string(1100, 'k'), "x").err().code == forge::status::invalid);
    CHECK(client->sent.empty());
}

TEST_CASE("s3 store: list follows continuation tokens and strips the prefix", "[objstore][s3]") {
    auto client = std::make_shared<recording_client>();
    std::deque<std::string> pages = {
        "<ListBucketResult><KeyCount>2</KeyCount><Contents><Key>p/b&amp;c</Key></Contents>"
        "<Contents><Key>p/a</Key></Contents><IsTruncated>true</IsTruncated>"
        "<NextContinuationToken>tok/+=</NextContinuationToken></ListBucketResult>",
        "<ListBucketResult><Contents><Key>p/0</Key></Contents><IsTruncated>false</IsTruncated></ListBucketResult>"};
    client->answer = [&](const http::request &) {
        http::response r;
        r.status = 200;
        r.body = pages.front();
        pages.pop_front();
        return r;
    };
    s3_options o;
    o.bucket = "b-1";
    o.endpoint = "http://127.0.0.1:9000";
    o.path_style = true;
    o.prefix = "p/";
    auto store = make_store(o, client);
    auto keys = store->list("");
    REQUIRE(keys);
    CHECK(*keys == std::vector<std::string>{"0", "a", "b&c"});
    REQUIRE(client->sent.size() == 2);
    CHECK(client->sent[0].url == "http://127.0.0.1:9000/b-1?list-type=2&prefix=p%2F");
    CHECK(client->sent[1].url == "http://127.0.0.1:9000/b-1?continuation-token=tok%2F%2B%3D&list-type=2&prefix=p%2F");
}

TEST_CASE("s3 store: multipart upload in order, and aborted when a part fails", "[objstore][s3]") {
    auto client = std::make_shared<recording_client>();
    int fail_part = 0;
    client->answer = [&](const http::request &req) {
        http::response r;
        r.status = 200;
        if (req.method == "POST" && req.url.find("?uploads=") != std::string::npos) {
            r.body = "<InitiateMultipartUploadResult><UploadId>up-1</UploadId></InitiateMultipartUploadResult>";
        } else if (req.method == "PUT" && req.url.find("partNumber=") != std::string::npos) {
            const auto n = req.url.find("partNumber=");
            const int number = std::stoi(req.url.substr(n + 11));
            if (number == fail_part) {
                r.status = 500;
                r.body = "<Error><Code>InternalError</Code><Message>disk full</Message></Error>";
            }
            r.headers.set("ETag", "\"etag-" + std::to_string(number) + "\"");
        }
        return r;
    };
    s3_options o;
    o.bucket = "b-1";
    o.endpoint = "http://127.0.0.1:9000";
    o.path_style = true;
    o.multipart_threshold = 6u << 20;
    o.part_size = 5u << 20;
    auto store = make_store(o, client);
    const std::string data(11u << 20, 'z');  // parts of 5, 5 and 1 MiB

    SECTION("success: initiate, three parts, complete") {
        REQUIRE(store->put("big", data));
        REQUIRE(client->sent.size() == 5);
        CHECK(client->sent[0].url == "http://127.0.0.1:9000/b-1/big?uploads=");
        CHECK(client->sent[1].url == "http://127.0.0.1:9000/b-1/big?partNumber=1&uploadId=up-1");
        CHECK(client->sent[1].body.size() == (5u << 20));
        CHECK(client->sent[3].body.size() == (1u << 20));
        CHECK(client->sent[4].method == "POST");
        CHECK(client->sent[4].url == "http://127.0.0.1:9000/b-1/big?uploadId=up-1");
        CHECK(client->sent[4].body ==
              "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&quot;etag-1&quot;</ETag></Part>"
              "<Part><PartNumber>2</PartNumber><ETag>&quot;etag-2&quot;</ETag></Part>"
              "<Part><PartNumber>3</PartNumber><ETag>&quot;etag-3&quot;</ETag></Part></CompleteMultipartUpload>");
    }
    SECTION("a failed part aborts the upload and reports the part's error") {
        fail_part = 2;
        auto put = store->put("big", data);
        REQUIRE_FALSE(put);
        CHECK(put.err().message.find("part 2") != std::string::npos);
        CHECK(put.err().message.find("disk full") != std::string::npos);
        REQUIRE(client->sent.size() == 4);
        CHECK(client->sent[3].method == "DELETE");
        CHECK(client->sent[3].url == "http://127.0.0.1:9000/b-1/big?uploadId=up-1");
    }
    SECTION("small objects go up in one PUT") {
        REQUIRE(store->put("small", std::string(6u << 20, 's')));
        REQUIRE(client->sent.size() == 1);
        CHECK(client->sent[0].method == "PUT");
    }
}

TEST_CASE("s3 store: HTTP statuses map to forge statuses", "[objstore][s3]") {
    auto client = std::make_shared<recording_client>();
    int status = 404;
    std::string code = "NoSuchKey";
    client->answer = [&](const http::request &) {
        http::response r;
        r.status = status;
        r.body = "<Error><Code>" + code + "</Code><Message>m</Message></Error>";
        return r;
    };
    s3_options o;
    o.bucket = "b-1";
    o.endpoint = "http://127.0.0.1:9000";
    o.path_style = true;
    auto store = make_store(o, client);
    CHECK(store->get("k").err().code == forge::status::not_found);
    CHECK(store->remove("k"));  // absent: fine
    status = 403;
    code = "SignatureDoesNotMatch";
    CHECK(store->get("k").err().code == forge::status::auth);
    code = "AccessDenied";
    CHECK(store->put("k", "v").err().code == forge::status::permission);
    CHECK(store->remove("k").err().code == forge::status::permission);
    status = 500;
    code = "InternalError";
    CHECK(store->list("").err().code == forge::status::io);
}

TEST_CASE("s3 xml: leaf elements and entities", "[objstore][s3]") {
    namespace x = forge::adapters::s3_xml;
    const std::string doc =
        "<R><KeyCount>2</KeyCount><Key>a&lt;b&gt;&#233;&#x41;</Key><Key/><Key attr=\"1\">c</Key></R>";
    CHECK(x::all(doc, "Key") == std::vector<std::string>{"a<b>\xc3\xa9"
                                                         "A",
                                                         "", "c"});
    CHECK(x::first(doc, "KeyCount").value() == "2");
    CHECK_FALSE(x::first(doc, "Missing"));
    CHECK(x::decode("&bogus; & &#xZZ;") == "&bogus; & &#xZZ;");
    CHECK(x::escape("<a&'\">") == "&lt;a&amp;&apos;&quot;&gt;");
}
