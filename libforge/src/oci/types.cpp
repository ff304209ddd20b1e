#include "oci/types.hpp"

#include <boost/json.hpp>

#include "oci/canonical_json.hpp"
#include "oci/media_types.hpp"

namespace forge::oci {

namespace json = boost::json;

namespace {

error field_error(const std::string &field, const std::string &what) {
    return make_error(status::invalid, "field " + field + ": " + what);
}

std::string join(const std::string &parent, std::string_view child) {
    return parent.empty() ? std::string(child) : parent + "." + std::string(child);
}

result<const json::object *> as_object(const json::value &v, const std::string &field) {
    if (!v.is_object()) return field_error(field, "must be an object");
    return &v.get_object();
}

// A required string member.
result<std::string> get_string(const json::object &o, const std::string &parent, std::string_view key) {
    const json::value *v = o.if_contains(key);
    if (!v) return field_error(join(parent, key), "is required");
    if (!v->is_string()) return field_error(join(parent, key), "must be a string");
    return std::string(v->get_string());
}

result<std::optional<std::string>> get_optional_string(const json::object &o, const std::string &parent,
                                                       std::string_view key) {
    const json::value *v = o.if_contains(key);
    if (!v || v->is_null()) return std::optional<std::string>();
    if (!v->is_string()) return field_error(join(parent, key), "must be a string");
    return std::optional<std::string>(std::string(v->get_string()));
}

result<std::vector<std::string>> get_string_array(const json::object &o, const std::string &parent,
                                                  std::string_view key) {
    std::vector<std::string> out;
    const json::value *v = o.if_contains(key);
    if (!v || v->is_null()) return out;
    const std::string field = join(parent, key);
    if (!v->is_array()) return field_error(field, "must be an array of strings");
    for (std::size_t i = 0; i < v->get_array().size(); ++i) {
        const auto &item = v->get_array()[i];
        if (!item.is_string()) return field_error(field + "[" + std::to_string(i) + "]", "must be a string");
        out.emplace_back(item.get_string());
    }
    return out;
}

result<annotations_map> get_string_map(const json::object &o, const std::string &parent, std::string_view key) {
    annotations_map out;
    const json::value *v = o.if_contains(key);
    if (!v || v->is_null()) return out;
    const std::string field = join(parent, key);
    if (!v->is_object()) return field_error(field, "must be an object of strings");
    for (const auto &member : v->get_object()) {
        if (!member.value().is_string())
            return field_error(field + "." + std::string(member.key()), "must be a string");
        out.emplace(std::string(member.key()), std::string(member.value().get_string()));
    }
    return out;
}

result<int> get_schema_version(const json::object &o, const std::string &parent) {
    const json::value *v = o.if_contains("schemaVersion");
    const std::string field = join(parent, "schemaVersion");
    if (!v) return field_error(field, "is required");
    if (!v->is_int64() && !v->is_uint64()) return field_error(field, "must be an integer");
    if (!(v->is_int64() ? v->get_int64() == 2 : v->get_uint64() == 2)) return field_error(field, "must be 2");
    return 2;
}

result<oci::digest> get_digest(const json::object &o, const std::string &parent, std::string_view key) {
    FORGE_TRY_ASSIGN(std::string text, get_string(o, parent, key));
    auto parsed = oci::digest::parse(text);
    if (!parsed) return field_error(join(parent, key), parsed.err().message);
    return std::move(parsed).value();
}

result<std::optional<descriptor>> get_optional_descriptor(const json::object &o, const std::string &parent,
                                                          std::string_view key) {
    const json::value *v = o.if_contains(key);
    if (!v || v->is_null()) return std::optional<descriptor>();
    FORGE_TRY_ASSIGN(descriptor d, descriptor_from_json(*v, join(parent, key)));
    return std::optional<descriptor>(std::move(d));
}

result<std::vector<descriptor>> get_descriptor_array(const json::object &o, const std::string &parent,
                                                     std::string_view key) {
    const json::value *v = o.if_contains(key);
    const std::string field = join(parent, key);
    if (!v) return field_error(field, "is required");
    if (!v->is_array()) return field_error(field, "must be an array");
    std::vector<descriptor> out;
    out.reserve(v->get_array().size());
    for (std::size_t i = 0; i < v->get_array().size(); ++i) {
        FORGE_TRY_ASSIGN(descriptor d, descriptor_from_json(v->get_array()[i], field + "[" + std::to_string(i) + "]"));
        out.push_back(std::move(d));
    }
    return out;
}

result<oci::platform> platform_from_json(const json::value &v, const std::string &field) {
    FORGE_TRY_ASSIGN(const json::object *o, as_object(v, field));
    oci::platform p;
    FORGE_TRY_ASSIGN(p.architecture, get_string(*o, field, "architecture"));
    FORGE_TRY_ASSIGN(p.os, get_string(*o, field, "os"));
    FORGE_TRY_ASSIGN(p.os_version, get_optional_string(*o, field, "os.version"));
    FORGE_TRY_ASSIGN(p.os_features, get_string_array(*o, field, "os.features"));
    FORGE_TRY_ASSIGN(p.variant, get_optional_string(*o, field, "variant"));
    return p;
}

json::value string_array(const std::vector<std::string> &items) {
    json::array a;
    for (const auto &item : items) a.emplace_back(item);
    return a;
}

json::value string_map(const annotations_map &map) {
    json::object o;
    for (const auto &[k, v] : map) o[k] = v;
    return o;
}

json::value to_json(const oci::platform &p) {
    json::object o;
    o["architecture"] = p.architecture;
    o["os"] = p.os;
    if (p.os_version) o["os.version"] = *p.os_version;
    if (!p.os_features.empty()) o["os.features"] = string_array(p.os_features);
    if (p.variant) o["variant"] = *p.variant;
    return o;
}

status_result check_media_type(std::string_view value, const std::string &field) {
    if (!is_valid_media_type(value))
        return field_error(field, "\"" + std::string(value) + "\" is not a valid media type");
    return {};
}

status_result check_annotations(const annotations_map &map, const std::string &field) {
    for (const auto &[key, value] : map)
        if (key.empty()) return field_error(field, "annotation keys must not be empty");
    return {};
}

template <class T>
result<std::string> encode_validated(const T &doc) {
    FORGE_TRY(validate(doc));
    return canonical_json(to_json(doc));
}

}  // namespace

bool is_valid_media_type(std::string_view value) {
    // restricted-name = restricted-name-first *126restricted-name-chars (RFC 6838 §4.2)
    auto valid_name = [](std::string_view name) {
        if (name.empty() || name.size() > 127) return false;
        auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
        if (!alnum(name[0])) return false;
        for (char c : name.substr(1))
            if (!alnum(c) && std::string_view("!#$&-^_.+").find(c) == std::string_view::npos) return false;
        return true;
    };
    const auto slash = value.find('/');
    if (slash == std::string_view::npos) return false;
    return valid_name(value.substr(0, slash)) && valid_name(value.substr(slash + 1));
}

descriptor descriptor::of(std::string_view media_type, std::string_view bytes) {
    descriptor d;
    d.media_type = std::string(media_type);
    d.digest = oci::digest::of(bytes);
    d.size = static_cast<std::int64_t>(bytes.size());
    return d;
}

result<descriptor> descriptor_from_json(const json::value &v, const std::string &field) {
    FORGE_TRY_ASSIGN(const json::object *o, as_object(v, field));
    descriptor d;
    FORGE_TRY_ASSIGN(d.media_type, get_string(*o, field, "mediaType"));
    FORGE_TRY_ASSIGN(d.digest, get_digest(*o, field, "digest"));
    const json::value *size = o->if_contains("size");
    if (!size) return field_error(join(field, "size"), "is required");
    if (size->is_int64() && size->get_int64() >= 0) {
        d.size = size->get_int64();
    } else {
        return field_error(join(field, "size"), "must be a non-negative 64-bit integer");
    }
    FORGE_TRY_ASSIGN(d.urls, get_string_array(*o, field, "urls"));
    FORGE_TRY_ASSIGN(d.annotations, get_string_map(*o, field, "annotations"));
    FORGE_TRY_ASSIGN(d.artifact_type, get_optional_string(*o, field, "artifactType"));
    FORGE_TRY_ASSIGN(d.data, get_optional_string(*o, field, "data"));
    if (const json::value *p = o->if_contains("platform"); p && !p->is_null()) {
        FORGE_TRY_ASSIGN(d.platform, platform_from_json(*p, join(field, "platform")));
    }
    FORGE_TRY(validate(d, field));
    return d;
}

status_result validate(const descriptor &d, const std::string &field) {
    FORGE_TRY(check_media_type(d.media_type, join(field, "mediaType")));
    if (!d.digest.is_set()) return field_error(join(field, "digest"), "is required");
    if (d.size < 0) return field_error(join(field, "size"), "must not be negative");
    if (d.artifact_type) FORGE_TRY(check_media_type(*d.artifact_type, join(field, "artifactType")));
    FORGE_TRY(check_annotations(d.annotations, join(field, "annotations")));
    return {};
}

result<image_manifest> image_manifest_from_json(const json::value &v) {
    const std::string root;
    FORGE_TRY_ASSIGN(const json::object *o, as_object(v, "manifest"));
    FORGE_TRY(get_schema_version(*o, root));
    image_manifest m;
    FORGE_TRY_ASSIGN(auto media, get_optional_string(*o, root, "mediaType"));
    if (media) m.media_type = *media;
    FORGE_TRY_ASSIGN(m.artifact_type, get_optional_string(*o, root, "artifactType"));
    const json::value *config = o->if_contains("config");
    if (!config) return field_error("config", "is required");
    FORGE_TRY_ASSIGN(m.config, descriptor_from_json(*config, "config"));
    FORGE_TRY_ASSIGN(m.layers, get_descriptor_array(*o, root, "layers"));
    FORGE_TRY_ASSIGN(m.subject, get_optional_descriptor(*o, root, "subject"));
    FORGE_TRY_ASSIGN(m.annotations, get_string_map(*o, root, "annotations"));
    FORGE_TRY(validate(m));
    return m;
}

status_result validate(const image_manifest &m) {
    if (m.media_type != media_type::image_manifest)
        return field_error("mediaType",
                           "must be " + std::string(media_type::image_manifest) + ", got \"" + m.media_type + "\"");
    if (m.artifact_type) FORGE_TRY(check_media_type(*m.artifact_type, "artifactType"));
    FORGE_TRY(validate(m.config, "config"));
    // OCI 1.1: an artifact with the empty config names its type in artifactType.
    if (m.config.media_type == media_type::empty && !m.artifact_type)
        return field_error("artifactType", "is required when config.mediaType is " + std::string(media_type::empty));
    for (std::size_t i = 0; i < m.layers.size(); ++i)
        FORGE_TRY(validate(m.layers[i], "layers[" + std::to_string(i) + "]"));
    if (m.subject) FORGE_TRY(validate(*m.subject, "subject"));
    FORGE_TRY(check_annotations(m.annotations, "annotations"));
    return {};
}

result<image_index> image_index_from_json(const json::value &v) {
    const std::string root;
    FORGE_TRY_ASSIGN(const json::object *o, as_object(v, "index"));
    FORGE_TRY(get_schema_version(*o, root));
    image_index i;
    FORGE_TRY_ASSIGN(auto media, get_optional_string(*o, root, "mediaType"));
    if (media) i.media_type = *media;
    FORGE_TRY_ASSIGN(i.artifact_type, get_optional_string(*o, root, "artifactType"));
    FORGE_TRY_ASSIGN(i.manifests, get_descriptor_array(*o, root, "manifests"));
    FORGE_TRY_ASSIGN(i.subject, get_optional_descriptor(*o, root, "subject"));
    FORGE_TRY_ASSIGN(i.annotations, get_string_map(*o, root, "annotations"));
    FORGE_TRY(validate(i));
    return i;
}

status_result validate(const image_index &i) {
    if (i.media_type != media_type::image_index)
        return field_error("mediaType",
                           "must be " + std::string(media_type::image_index) + ", got \"" + i.media_type + "\"");
    if (i.artifact_type) FORGE_TRY(check_media_type(*i.artifact_type, "artifactType"));
    for (std::size_t n = 0; n < i.manifests.size(); ++n)
        FORGE_TRY(validate(i.manifests[n], "manifests[" + std::to_string(n) + "]"));
    if (i.subject) FORGE_TRY(validate(*i.subject, "subject"));
    FORGE_TRY(check_annotations(i.annotations, "annotations"));
    return {};
}

result<image_config> image_config_from_json(const json::value &v) {
    const std::string root;
    FORGE_TRY_ASSIGN(const json::object *o, as_object(v, "config"));
    image_config c;
    FORGE_TRY_ASSIGN(c.architecture, get_string(*o, root, "architecture"));
    FORGE_TRY_ASSIGN(c.os, get_string(*o, root, "os"));
    FORGE_TRY_ASSIGN(c.created, get_optional_string(*o, root, "created"));
    if (const json::value *cfg = o->if_contains("config"); cfg && !cfg->is_null()) {
        FORGE_TRY_ASSIGN(const json::object *inner, as_object(*cfg, "config"));
        FORGE_TRY_ASSIGN(c.labels, get_string_map(*inner, "config", "Labels"));
    }
    const json::value *rootfs = o->if_contains("rootfs");
    if (!rootfs) return field_error("rootfs", "is required");
    FORGE_TRY_ASSIGN(const json::object *r, as_object(*rootfs, "rootfs"));
    FORGE_TRY_ASSIGN(std::string type, get_string(*r, "rootfs", "type"));
    if (type != "layers") return field_error("rootfs.type", "must be \"layers\"");
    FORGE_TRY_ASSIGN(auto ids, get_string_array(*r, "rootfs", "diff_ids"));
    for (std::size_t n = 0; n < ids.size(); ++n) {
        auto d = oci::digest::parse(ids[n]);
        if (!d) return field_error("rootfs.diff_ids[" + std::to_string(n) + "]", d.err().message);
        c.diff_ids.push_back(std::move(d).value());
    }
    return c;
}

namespace {
template <class T, class F>
result<T> parse_document(std::string_view bytes, std::string_view what, F from_json) {
    FORGE_TRY_ASSIGN(json::value v, parse_json(bytes, what));
    auto doc = from_json(v);
    if (!doc) return std::move(doc).err().wrap(what);
    return doc;
}
}  // namespace

result<image_manifest> parse_image_manifest(std::string_view bytes) {
    return parse_document<image_manifest>(bytes, "image manifest", image_manifest_from_json);
}
result<image_index> parse_image_index(std::string_view bytes) {
    return parse_document<image_index>(bytes, "image index", image_index_from_json);
}
result<image_config> parse_image_config(std::string_view bytes) {
    return parse_document<image_config>(bytes, "image config", image_config_from_json);
}

json::value to_json(const descriptor &d) {
    json::object o;
    o["mediaType"] = d.media_type;
    o["digest"] = d.digest.str();
    o["size"] = d.size;
    if (!d.urls.empty()) o["urls"] = string_array(d.urls);
    if (!d.annotations.empty()) o["annotations"] = string_map(d.annotations);
    if (d.artifact_type) o["artifactType"] = *d.artifact_type;
    if (d.platform) o["platform"] = to_json(*d.platform);
    if (d.data) o["data"] = *d.data;
    return o;
}

json::value to_json(const image_manifest &m) {
    json::object o;
    o["schemaVersion"] = 2;
    o["mediaType"] = m.media_type;
    if (m.artifact_type) o["artifactType"] = *m.artifact_type;
    o["config"] = to_json(m.config);
    json::array layers;
    for (const auto &layer : m.layers) layers.push_back(to_json(layer));
    o["layers"] = std::move(layers);
    if (m.subject) o["subject"] = to_json(*m.subject);
    if (!m.annotations.empty()) o["annotations"] = string_map(m.annotations);
    return o;
}

json::value to_json(const image_index &i) {
    json::object o;
    o["schemaVersion"] = 2;
    o["mediaType"] = i.media_type;
    if (i.artifact_type) o["artifactType"] = *i.artifact_type;
    json::array manifests;
    for (const auto &m : i.manifests) manifests.push_back(to_json(m));
    o["manifests"] = std::move(manifests);
    if (i.subject) o["subject"] = to_json(*i.subject);
    if (!i.annotations.empty()) o["annotations"] = string_map(i.annotations);
    return o;
}

json::value to_json(const image_config &c) {
    json::object o;
    o["architecture"] = c.architecture;
    o["os"] = c.os;
    if (c.created) o["created"] = *c.created;
    if (!c.labels.empty()) o["config"] = json::object{{"Labels", string_map(c.labels)}};
    json::array ids;
    for (const auto &d : c.diff_ids) ids.emplace_back(d.str());
    o["rootfs"] = json::object{{"type", "layers"}, {"diff_ids", std::move(ids)}};
    return o;
}

result<std::string> encode(const image_manifest &m) {
    return encode_validated(m);
}
result<std::string> encode(const image_index &i) {
    return encode_validated(i);
}
result<std::string> encode(const image_config &c) {
    if (c.architecture.empty()) return field_error("architecture", "is required");
    if (c.os.empty()) return field_error("os", "is required");
    return canonical_json(to_json(c));
}

}  // namespace forge::oci
