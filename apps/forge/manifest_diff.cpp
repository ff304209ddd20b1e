#include "manifest_diff.hpp"

#include <algorithm>
#include <map>
#include <sstream>

namespace forge_cli {

namespace {

std::vector<std::string> lines_of(const std::string &text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

std::string unquote(std::string v) {
    while (!v.empty() && (v.back() == ' ' || v.back() == '\r')) v.pop_back();
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
        v = v.substr(1, v.size() - 2);
    return v;
}

// The plugin prints block-style YAML with top-level keys at column 0 and metadata's fields at
// column 2, so the identity of an object can be read from its lines.
object_change identify(const std::string &doc) {
    object_change c;
    bool in_metadata = false;
    for (const auto &l : lines_of(doc)) {
        if (!l.empty() && l[0] != ' ' && l[0] != '#') in_metadata = l.rfind("metadata:", 0) == 0;
        if (l.rfind("apiVersion: ", 0) == 0)
            c.api_version = unquote(l.substr(12));
        else if (l.rfind("kind: ", 0) == 0)
            c.kind = unquote(l.substr(6));
        else if (in_metadata && l.rfind("  name: ", 0) == 0)
            c.name = unquote(l.substr(8));
        else if (in_metadata && l.rfind("  namespace: ", 0) == 0)
            c.ns = unquote(l.substr(13));
    }
    return c;
}

std::string key_of(const object_change &c) {
    return c.api_version + "\n" + c.kind + "\n" + c.ns + "\n" + c.name;
}

}  // namespace

std::string object_change::label() const {
    return kind + " " + (ns.empty() ? "" : ns + "/") + name + " (" + api_version + ")";
}

std::vector<std::string> split_documents(const std::string &stream) {
    std::vector<std::string> docs;
    std::string cur;
    bool any = false;
    for (const auto &l : lines_of(stream)) {
        if (l == "---") {
            if (any) docs.push_back(cur);
            cur.clear();
            any = true;
            continue;
        }
        cur += l + "\n";
        any = true;
    }
    if (any && !cur.empty()) docs.push_back(cur);
    return docs;
}

std::string unified_diff(const std::string &before, const std::string &after, int context) {
    const auto a = lines_of(before), b = lines_of(after);
    const std::size_t n = a.size(), m = b.size();
    // Longest common subsequence table, from the ends (objects are small: a few hundred lines).
    std::vector<std::vector<std::uint32_t>> lcs(n + 1, std::vector<std::uint32_t>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;)
        for (std::size_t j = m; j-- > 0;)
            lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    struct op {
        char tag;
        std::size_t ai, bi;
    };
    std::vector<op> ops;
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[i] == b[j])
            ops.push_back({' ', i++, j++});
        else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]))
            ops.push_back({'-', i++, j});
        else
            ops.push_back({'+', i, j++});
    }
    std::string out;
    const std::size_t count = ops.size();
    std::size_t k = 0;
    while (k < count) {
        if (ops[k].tag == ' ') {
            ++k;
            continue;
        }
        // A hunk: from `context` lines before this change to `context` lines after the last change
        // that is at most 2*context lines from the previous one.
        std::size_t start = k >= std::size_t(context) ? k - context : 0;
        std::size_t end = k;
        for (std::size_t p = k; p < count; ++p) {
            if (ops[p].tag != ' ')
                end = p;
            else if (p - end > std::size_t(2 * context))
                break;
        }
        std::size_t stop = std::min(count, end + 1 + context);
        std::size_t a_start = ops[start].ai, b_start = ops[start].bi, a_len = 0, b_len = 0;
        for (std::size_t p = start; p < stop; ++p) {
            if (ops[p].tag != '+') ++a_len;
            if (ops[p].tag != '-') ++b_len;
        }
        out += "@@ -" + std::to_string(a_start + 1) + "," + std::to_string(a_len) + " +" + std::to_string(b_start + 1) +
               "," + std::to_string(b_len) + " @@\n";
        for (std::size_t p = start; p < stop; ++p)
            out += std::string(1, ops[p].tag) + (ops[p].tag == '+' ? b[ops[p].bi] : a[ops[p].ai]) + "\n";
        k = stop;
    }
    return out;
}

std::vector<object_change> diff_manifests(const std::string &before, const std::string &after) {
    std::map<std::string, std::string> old_docs;
    std::vector<std::string> old_order;
    for (const auto &d : split_documents(before)) {
        auto key = key_of(identify(d));
        if (old_docs.emplace(key, d).second) old_order.push_back(key);
    }
    std::vector<object_change> out;
    std::map<std::string, bool> seen;
    for (const auto &d : split_documents(after)) {
        auto c = identify(d);
        const auto key = key_of(c);
        if (seen[key]) continue;
        seen[key] = true;
        auto it = old_docs.find(key);
        if (it == old_docs.end()) {
            c.change = object_change::what::added;
            c.diff = unified_diff("", d);
        } else if (it->second != d) {
            c.change = object_change::what::changed;
            c.diff = unified_diff(it->second, d);
        }
        out.push_back(std::move(c));
    }
    for (const auto &key : old_order) {
        if (seen.count(key)) continue;
        auto c = identify(old_docs[key]);
        c.change = object_change::what::removed;
        c.diff = unified_diff(old_docs[key], "");
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace forge_cli
