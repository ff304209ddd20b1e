// AWS Signature Version 4 against AWS's published vectors.
//
// Sources:
//  - tests/unit/objstore/sigv4_vectors/: AWS's Signature V4 test suite (see the README there).
//  - The 2015 aws-sig-v4-test-suite cases get-vanilla-query-order-key and -order-value, whose
//    expected Authorization headers are quoted inline below.
//  - Amazon S3 API Reference, "Signature Calculations for the Authorization Header: Transferring
//    Payload in a Single Chunk" (GET Object, PUT Object, GET Bucket lifecycle, list objects) and
//    "Authenticating Requests: Using Query Parameters" (the presigned GET of examplebucket/test.txt).
//  - IAM User Guide, "Examples of how to derive a signing key for Signature Version 4".
#include "adapters/s3/sigv4.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sigv4 = forge::adapters::sigv4;

namespace {

namespace fs = std::filesystem;

const fs::path vectors_dir = fs::path(FORGE_SOURCE_DIR) / "tests/unit/objstore/sigv4_vectors";

sigv4::params suite_params() {
    sigv4::params p;
    p.creds = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};
    p.region = "us-east-1";
    p.service = "service";
    p.amz_date = "20150830T123600Z";
    p.normalize_path = true;
    return p;
}

sigv4::params s3_doc_params() {
    sigv4::params p;
    p.creds = {"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
    p.region = "us-east-1";
    p.service = "s3";
    p.amz_date = "20130524T000000Z";
    return p;
}

std::string read_file(const fs::path &path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string lower(std::string s) {
    for (char &c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// One signed request of the suite: what to sign, and the Authorization header AWS computed.
struct suite_case {
    sigv4::request req;
    std::string body;
    std::string session_token;
    bool content_sha256 = false;
    std::string expected_authorization;
};

// Parses "METHOD target HTTP/1.1\nName:value\n...\n\nbody". The suite's query strings and paths
// hold no percent-escapes, so the target's text is already the decoded form the signer expects.
suite_case parse_signed_request(const std::string &text) {
    suite_case c;
    std::istringstream in(text);
    std::string line;
    std::getline(in, line);
    const auto sp1 = line.find(' ');
    const auto sp2 = line.rfind(' ');
    c.req.method = line.substr(0, sp1);
    std::string target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    const auto qmark = target.find('?');
    c.req.path = target.substr(0, qmark);
    if (qmark != std::string::npos) {
        std::string query = target.substr(qmark + 1);
        std::size_t start = 0;
        while (start <= query.size()) {
            auto amp = query.find('&', start);
            std::string pair = query.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
            auto eq = pair.find('=');
            c.req.query.emplace_back(pair.substr(0, eq), eq == std::string::npos ? "" : pair.substr(eq + 1));
            if (amp == std::string::npos) break;
            start = amp + 1;
        }
    }
    while (std::getline(in, line) && !line.empty()) {
        const auto colon = line.find(':');
        std::string name = line.substr(0, colon);
        std::string value = line.substr(colon + 1);
        const std::string key = lower(name);
        if (key == "authorization") {
            c.expected_authorization = value;
        } else if (key == "x-amz-security-token") {
            c.session_token = value;
        } else if (key == "x-amz-content-sha256") {
            c.content_sha256 = true;
        } else if (key != "x-amz-date") {
            c.req.headers.emplace_back(name, value);
        }
    }
    std::ostringstream body;
    body << in.rdbuf();
    c.body = body.str();
    return c;
}

}  // namespace

TEST_CASE("sigv4: every vector of AWS's test suite gives AWS's Authorization header", "[objstore][sigv4]") {
    REQUIRE(fs::is_directory(vectors_dir));
    int checked = 0;
    for (const auto &entry : fs::directory_iterator(vectors_dir)) {
        if (!entry.is_directory()) continue;
        const std::string name = entry.path().filename().string();
        DYNAMIC_SECTION(name) {
            suite_case c = parse_signed_request(read_file(entry.path() / "header-signed-request.txt"));
            REQUIRE_FALSE(c.expected_authorization.empty());
            sigv4::params p = suite_params();
            p.creds.session_token = c.session_token;
            p.normalize_path = name.find("-unnormalized") == std::string::npos;
            auto signed_req = sigv4::sign_headers(c.req, sigv4::sha256_hex(c.body), p, c.content_sha256);
            REQUIRE(signed_req.added.back().first == "authorization");
            CHECK(signed_req.added.back().second == c.expected_authorization);
        }
        ++checked;
    }
    CHECK(checked >= 14);
}

TEST_CASE("sigv4: get-vanilla's canonical request and string to sign", "[objstore][sigv4]") {
    sigv4::request req{"GET", "/", {}, {{"Host", "example.amazonaws.com"}}};
    auto s = sigv4::sign_headers(req, sigv4::sha256_hex(""), suite_params(), false);
    CHECK(s.canonical_request ==
          "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(s.string_to_sign ==
          "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
          "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
    CHECK(s.signature == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    CHECK(s.signed_names == "host;x-amz-date");
    REQUIRE(s.added.size() == 2);
    CHECK(s.added[0] == sigv4::name_value{"x-amz-date", "20150830T123600Z"});
}

TEST_CASE("sigv4: repeated query keys sort by value too (2015 suite)", "[objstore][sigv4]") {
    const std::string prefix =
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=";
    // get-vanilla-query-order-key: GET /?Param1=value2&Param1=Value1
    sigv4::request key{"GET", "/", {{"Param1", "value2"}, {"Param1", "Value1"}}, {{"Host", "example.amazonaws.com"}}};
    CHECK(sigv4::canonical_query(key.query) == "Param1=Value1&Param1=value2");
    CHECK(sigv4::sign_headers(key, sigv4::sha256_hex(""), suite_params(), false).added.back().second ==
          prefix + "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1");
    // get-vanilla-query-order-value: GET /?Param1=value2&Param1=value1
    sigv4::request value{"GET", "/", {{"Param1", "value2"}, {"Param1", "value1"}}, {{"Host", "example.amazonaws.com"}}};
    CHECK(sigv4::sign_headers(value, sigv4::sha256_hex(""), suite_params(), false).added.back().second ==
          prefix + "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694");
}

TEST_CASE("sigv4: the signing key derivation of the IAM guide", "[objstore][sigv4]") {
    CHECK(sigv4::hex(sigv4::signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam")) ==
          "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

TEST_CASE("sigv4: S3's documented header-signed examples", "[objstore][sigv4]") {
    const std::string host = "examplebucket.s3.amazonaws.com";
    const std::string empty = sigv4::sha256_hex("");

    SECTION("GET Object with a Range header, hashed empty payload") {
        sigv4::request req{"GET", "/test.txt", {}, {{"Host", host}, {"Range", "bytes=0-9"}}};
        auto s = sigv4::sign_headers(req, empty, s3_doc_params(), true);
        CHECK(s.signed_names == "host;range;x-amz-content-sha256;x-amz-date");
        CHECK(sigv4::sha256_hex(s.canonical_request) ==
              "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
        CHECK(s.signature == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    }
    SECTION("PUT Object: a '$' in the key and a hashed payload") {
        const std::string body = "Welcome to Amazon S3.";
        const std::string payload = sigv4::sha256_hex(body);
        CHECK(payload == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
        sigv4::request req{
            "PUT",
            "/test$file.text",
            {},
            {{"Host", host}, {"Date", "Fri, 24 May 2013 00:00:00 GMT"}, {"x-amz-storage-class", "REDUCED_REDUNDANCY"}}};
        auto s = sigv4::sign_headers(req, payload, s3_doc_params(), true);
        CHECK(s.signed_names == "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class");
        CHECK(s.signature == "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
    }
    SECTION("GET Bucket lifecycle: a query parameter without a value") {
        sigv4::request req{"GET", "/", {{"lifecycle", ""}}, {{"Host", host}}};
        CHECK(sigv4::sign_headers(req, empty, s3_doc_params(), true).signature ==
              "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
    }
    SECTION("GET Bucket (list objects): query parameters given out of order") {
        sigv4::request req{"GET", "/", {{"prefix", "J"}, {"max-keys", "2"}}, {{"Host", host}}};
        CHECK(sigv4::sign_headers(req, empty, s3_doc_params(), true).signature ==
              "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
    }
}

TEST_CASE("sigv4: S3's documented presigned GET URL", "[objstore][sigv4]") {
    sigv4::request req{"GET", "/test.txt", {}, {{"Host", "examplebucket.s3.amazonaws.com"}}};
    const std::string query =
        sigv4::presign_query(req, std::chrono::seconds(86400), sigv4::unsigned_payload, s3_doc_params());
    CHECK(query ==
          "X-Amz-Algorithm=AWS4-HMAC-SHA256"
          "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
          "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
          "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

TEST_CASE("sigv4: a session token is signed into a presigned URL", "[objstore][sigv4]") {
    sigv4::request req{"GET", "/test.txt", {}, {{"Host", "examplebucket.s3.amazonaws.com"}}};
    sigv4::params p = s3_doc_params();
    const std::string without = sigv4::presign_query(req, std::chrono::seconds(60), sigv4::unsigned_payload, p);
    p.creds.session_token = "token/with+special=chars";
    const std::string with = sigv4::presign_query(req, std::chrono::seconds(60), sigv4::unsigned_payload, p);
    CHECK(with.find("&X-Amz-Security-Token=token%2Fwith%2Bspecial%3Dchars&X-Amz-SignedHeaders=host") !=
          std::string::npos);
    CHECK(with.substr(with.rfind('=')) != without.substr(without.rfind('=')));
}

TEST_CASE("sigv4: encoding and canonical pieces", "[objstore][sigv4]") {
    CHECK(sigv4::uri_encode("a b/c~d+e%", false) == "a%20b/c~d%2Be%25");
    CHECK(sigv4::uri_encode("a b/c", true) == "a%20b%2Fc");
    CHECK(sigv4::uri_encode("\xc3\xa9", true) == "%C3%A9");
    // S3 keys are signed as they are: no normalisation of "//" or "..".
    CHECK(sigv4::canonical_uri("/bucket/a//b/../c", false) == "/bucket/a//b/../c");
    CHECK(sigv4::canonical_uri("/bucket/a//b/../c", true) == "/bucket/a/c");
    CHECK(sigv4::canonical_uri("", false) == "/");
    std::string names;
    CHECK(sigv4::canonical_headers({{"X-B", "  two   words "}, {"x-a", "1"}, {"X-B", "again"}}, names) ==
          "x-a:1\nx-b:two words,again\n");
    CHECK(names == "x-a;x-b");
}

TEST_CASE("sigv4: amz_date formats UTC", "[objstore][sigv4]") {
    using namespace std::chrono;
    CHECK(sigv4::amz_date(system_clock::time_point(seconds(1440938160))) == "20150830T123600Z");
    CHECK(sigv4::amz_date(system_clock::time_point(seconds(951782400))) == "20000229T000000Z");
}
