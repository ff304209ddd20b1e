#include "registry/auth.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

namespace forge::registry {

namespace {
char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}
bool token_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}
constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// "https://host:5000/v1/" -> "host:5000"
std::string host_of_key(std::string_view key) {
    if (auto p = key.find("://"); p != std::string_view::npos) key = key.substr(p + 3);
    key = key.substr(0, key.find('/'));
    std::string out;
    for (char c : key) out += lower(c);
    return out;
}
}  // namespace

result<std::vector<challenge>> parse_www_authenticate(std::string_view v) {
    std::vector<challenge> out;
    std::size_t i = 0;
    auto bad = [&](const std::string &why) {
        return make_error(status::invalid, "WWW-Authenticate \"" + std::string(v) + "\": " + why);
    };
    auto skip_ws = [&] {
        while (i < v.size() && (v[i] == ' ' || v[i] == '\t')) ++i;
    };
    auto read_token = [&] {
        std::size_t s = i;
        while (i < v.size() && token_char(v[i])) ++i;
        return v.substr(s, i - s);
    };
    for (;;) {
        skip_ws();
        while (i < v.size() && v[i] == ',') {
            ++i;
            skip_ws();
        }
        if (i >= v.size()) break;
        challenge ch;
        std::string_view scheme = read_token();
        if (scheme.empty()) return bad("expected an auth scheme at offset " + std::to_string(i));
        for (char c : scheme) ch.scheme += lower(c);
        // auth-params: name=value pairs separated by commas, until the next scheme.
        for (;;) {
            skip_ws();
            const std::size_t mark = i;
            std::string_view name = read_token();
            skip_ws();
            if (name.empty() || i >= v.size() || v[i] != '=') {
                i = mark;  // a token68 or the next challenge's scheme
                if (!name.empty() && i < v.size() && ch.params.empty() &&
                    v.substr(i).find('=') == std::string_view::npos) {
                    read_token();  // token68 form (e.g. "Negotiate abc"): ignored
                }
                break;
            }
            ++i;
            skip_ws();
            std::string value;
            if (i < v.size() && v[i] == '"') {
                ++i;
                bool closed = false;
                while (i < v.size()) {
                    char c = v[i++];
                    if (c == '\\' && i < v.size()) {
                        value += v[i++];
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        value += c;
                    }
                }
                if (!closed) return bad("unterminated quoted string");
            } else {
                value = std::string(read_token());
            }
            std::string key;
            for (char c : name) key += lower(c);
            ch.params[key] = value;
            skip_ws();
            if (i < v.size() && v[i] == ',') {
                ++i;
                continue;
            }
            break;
        }
        out.push_back(std::move(ch));
        skip_ws();
        if (i < v.size() && v[i] != ',' && !token_char(v[i]))
            return bad("unexpected character at offset " + std::to_string(i));
    }
    if (out.empty()) return bad("no challenge");
    return out;
}

std::string base64_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned n =
            (unsigned char)bytes[i] << 16 | (unsigned char)bytes[i + 1] << 8 | (unsigned char)bytes[i + 2];
        out += alphabet[n >> 18];
        out += alphabet[(n >> 12) & 63];
        out += alphabet[(n >> 6) & 63];
        out += alphabet[n & 63];
    }
    if (i < bytes.size()) {
        unsigned n = (unsigned char)bytes[i] << 16;
        if (i + 1 < bytes.size()) n |= (unsigned char)bytes[i + 1] << 8;
        out += alphabet[n >> 18];
        out += alphabet[(n >> 12) & 63];
        out += i + 1 < bytes.size() ? alphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

result<std::string> base64_decode(std::string_view text) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    if (text.size() % 4 != 0) return make_error(status::invalid, "base64: length is not a multiple of 4");
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += 4) {
        int v[4];
        int pad = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = text[i + k];
            if (c == '=' && i + 4 == text.size() && k >= 2) {
                v[k] = 0;
                ++pad;
            } else if (pad > 0 || (v[k] = value(c)) < 0) {
                return make_error(status::invalid, "base64: invalid character at offset " + std::to_string(i + k));
            }
        }
        const unsigned n = unsigned(v[0]) << 18 | unsigned(v[1]) << 12 | unsigned(v[2]) << 6 | unsigned(v[3]);
        out += char(n >> 16);
        if (pad < 2) out += char((n >> 8) & 255);
        if (pad < 1) out += char(n & 255);
    }
    return out;
}

result<std::optional<credentials>> credentials_from_docker_config(std::string_view json_text, std::string_view host) {
    boost::system::error_code ec;
    boost::json::value doc = boost::json::parse(json_text, ec);
    if (ec) return make_error(status::invalid, "docker config: " + ec.message());
    if (!doc.is_object()) return make_error(status::invalid, "docker config: the document must be an object");
    const auto *auths = doc.as_object().if_contains("auths");
    if (!auths) return std::optional<credentials>();
    if (!auths->is_object()) return make_error(status::invalid, "docker config: field auths must be an object");
    std::string wanted;
    for (char c : host) wanted += lower(c);
    for (const auto &[key, entry] : auths->as_object()) {
        if (host_of_key(key) != wanted) continue;
        const std::string field = "docker config: field auths[\"" + std::string(key) + "\"]";
        if (!entry.is_object()) return make_error(status::invalid, field + " must be an object");
        const auto &obj = entry.as_object();
        credentials creds;
        if (const auto *a = obj.if_contains("auth"); a && a->is_string() && !a->as_string().empty()) {
            auto decoded = base64_decode(std::string_view(a->as_string()));
            if (!decoded.ok()) return make_error(status::invalid, field + ".auth: " + decoded.err().message);
            const auto colon = decoded->find(':');
            if (colon == std::string::npos)
                return make_error(status::invalid, field + ".auth: must be base64 of \"user:password\"");
            creds.username = decoded->substr(0, colon);
            creds.password = decoded->substr(colon + 1);
            return std::optional<credentials>(std::move(creds));
        }
        const auto *u = obj.if_contains("username");
        const auto *p = obj.if_contains("password");
        if (u && p && u->is_string() && p->is_string()) {
            creds.username = std::string(u->as_string());
            creds.password = std::string(p->as_string());
            return std::optional<credentials>(std::move(creds));
        }
    }
    return std::optional<credentials>();
}

result<std::optional<credentials>> load_docker_config(const std::filesystem::path &file, std::string_view host) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return make_error(status::not_found, "docker config " + file.string() + ": cannot be read");
    std::ostringstream text;
    text << in.rdbuf();
    auto r = credentials_from_docker_config(text.str(), host);
    if (!r.ok()) return std::move(r).err().wrap(file.string());
    return r;
}

}  // namespace forge::registry
