#include "cmp/kube_yaml.hpp"

#include <yaml-cpp/yaml.h>

namespace forge::cmp {

namespace {

std::string where(std::string_view source, const YAML::Mark &mark) {
    std::string w(source);
    if (!mark.is_null()) w += ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
    return w;
}

// Writes the node as the parser understood it. yaml-cpp's own `emitter << node` loses how a scalar
// was written, so "3" would come out as 3 and change type on the way to Kubernetes: a quoted
// scalar (non-specific tag "!") stays double-quoted and an explicit tag is kept. Counts the nodes
// as it goes (aliases expanded) against the budget, and bounds the depth.
bool emit(YAML::Emitter &out, const YAML::Node &node, yaml_budget &budget, int depth) {
    if (budget.nodes_left == 0 || depth > 200) return false;
    --budget.nodes_left;
    switch (node.Type()) {
        case YAML::NodeType::Sequence:
            out << YAML::BeginSeq;
            for (const auto &child : node)
                if (!emit(out, child, budget, depth + 1)) return false;
            out << YAML::EndSeq;
            return true;
        case YAML::NodeType::Map:
            out << YAML::BeginMap;
            for (auto it = node.begin(); it != node.end(); ++it) {
                out << YAML::Key;
                if (!emit(out, it->first, budget, depth + 1)) return false;
                out << YAML::Value;
                if (!emit(out, it->second, budget, depth + 1)) return false;
            }
            out << YAML::EndMap;
            return true;
        case YAML::NodeType::Scalar: {
            const std::string &tag = node.Tag();
            if (tag == "!") {
                out << YAML::DoubleQuoted << node.Scalar();
            } else if (tag.empty() || tag == "?") {
                out << node.Scalar();
            } else {
                out << YAML::VerbatimTag(tag) << node.Scalar();
            }
            return true;
        }
        default:
            out << YAML::Null;
            return true;
    }
}

// Looking up a missing key gives an invalid node, on which everything but IsDefined throws.
bool non_empty_string(const YAML::Node &n) {
    return n.IsDefined() && n.IsScalar() && !n.Scalar().empty();
}

}  // namespace

result<std::vector<std::string>> kubernetes_documents(std::string_view text, std::string_view source,
                                                      yaml_budget &budget) {
    std::vector<std::string> out;
    std::vector<YAML::Node> docs;
    try {
        docs = YAML::LoadAll(std::string(text));
    } catch (const YAML::Exception &e) {
        return make_error(status::invalid, where(source, e.mark) + ": invalid YAML: " + e.msg);
    }
    int index = 0;
    for (const auto &doc : docs) {
        ++index;
        if (doc.IsNull()) continue;
        const std::string at = where(source, doc.Mark()) + " (document " + std::to_string(index) + ")";
        if (!doc.IsMap()) return make_error(status::invalid, at + ": not a Kubernetes object (not a mapping)");
        if (!non_empty_string(doc["apiVersion"])) return make_error(status::invalid, at + ": no apiVersion");
        if (!non_empty_string(doc["kind"])) return make_error(status::invalid, at + ": no kind");
        const YAML::Node meta = doc["metadata"];
        if (!meta.IsDefined() || !meta.IsMap() || !non_empty_string(meta["name"]))
            return make_error(status::invalid, at + ": no metadata.name");
        YAML::Emitter emitter;
        if (!emit(emitter, doc, budget, 0))
            return make_error(status::limit, at + ": the manifests are too large or too deeply nested once aliases are "
                                                  "expanded");
        if (!emitter.good())
            return make_error(status::invalid, at + ": cannot be written back: " + emitter.GetLastError());
        if (emitter.size() > budget.bytes_left)
            return make_error(status::limit, at + ": the rendered manifests exceed the output limit");
        budget.bytes_left -= emitter.size();
        out.emplace_back(emitter.c_str(), emitter.size());
    }
    return out;
}

}  // namespace forge::cmp
