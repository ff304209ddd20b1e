#include "cue/label.hpp"

namespace forge::cue {

label_table::label_table() { names_.reserve(256); }

static label_class classify(std::string_view n) {
    if (n.starts_with("_#")) return label_class::hidden_definition;
    if (n.starts_with("#")) return label_class::definition;
    if (n.starts_with("_") && n.size() > 1) return label_class::hidden;
    return label_class::regular;
}

label_t label_table::intern(std::string_view name) {
    std::string key(name);
    auto it = ids_.find(key);
    if (it != ids_.end()) return it->second;
    label_t id = static_cast<label_t>(names_.size());
    names_.push_back({key, classify(name)});
    ids_.emplace(std::move(key), id);
    return id;
}

label_t label_table::make_let(std::string_view name) {
    label_t id = static_cast<label_t>(names_.size());
    names_.push_back({std::string(name), label_class::let});
    return id;
}

std::string_view label_table::name(label_t l) const {
    if (is_index(l) || l >= names_.size()) return {};
    return names_[l].name;
}

label_class label_table::cls(label_t l) const {
    if (is_index(l)) return label_class::index;
    if (l >= names_.size()) return label_class::regular;
    return names_[l].cls;
}

std::string label_table::str(label_t l) const {
    if (is_index(l)) return std::to_string(label_index(l));
    return std::string(name(l));
}

}  // namespace forge::cue
