#include "adapters/s3/s3_xml.hpp"

#include <cstdint>
#include <cstdlib>

#include "core/utf8.hpp"

namespace forge::adapters::s3_xml {

std::string decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '&') {
            out += text[i];
            continue;
        }
        const auto semi = text.find(';', i);
        if (semi == std::string_view::npos || semi - i > 10) {
            out += '&';
            continue;
        }
        const std::string_view name = text.substr(i + 1, semi - i - 1);
        if (name == "lt")
            out += '<';
        else if (name == "gt")
            out += '>';
        else if (name == "amp")
            out += '&';
        else if (name == "quot")
            out += '"';
        else if (name == "apos")
            out += '\'';
        else if (name.size() > 1 && name[0] == '#') {
            const bool hex = name[1] == 'x' || name[1] == 'X';
            const std::string digits(name.substr(hex ? 2 : 1));
            char *end = nullptr;
            const unsigned long cp = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
            if (digits.empty() || *end != '\0' || cp > 0x10FFFF) {
                out += '&';
                continue;
            }
            append_utf8(out, static_cast<std::uint32_t>(cp));
        } else {
            out += '&';
            continue;
        }
        i = semi;
    }
    return out;
}

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::vector<std::string> all(std::string_view doc, std::string_view tag) {
    std::vector<std::string> out;
    const std::string open = "<" + std::string(tag);
    const std::string close = "</" + std::string(tag) + ">";
    std::size_t pos = 0;
    while ((pos = doc.find(open, pos)) != std::string_view::npos) {
        const std::size_t after = pos + open.size();
        if (after >= doc.size()) break;
        // "<Key>" or "<Key attr=...>" or "<Key/>", never "<KeyCount>".
        const char next = doc[after];
        if (next != '>' && next != ' ' && next != '/') {
            pos = after;
            continue;
        }
        const auto gt = doc.find('>', after);
        if (gt == std::string_view::npos) break;
        if (doc[gt - 1] == '/') {
            out.emplace_back();
            pos = gt + 1;
            continue;
        }
        const auto end = doc.find(close, gt + 1);
        if (end == std::string_view::npos) break;
        out.push_back(decode(doc.substr(gt + 1, end - gt - 1)));
        pos = end + close.size();
    }
    return out;
}

std::optional<std::string> first(std::string_view doc, std::string_view tag) {
    auto found = all(doc, tag);
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
}

}  // namespace forge::adapters::s3_xml
