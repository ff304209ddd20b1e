#include "oci/attestation.hpp"

#include <boost/json.hpp>

#include "forge/version.h"
#include "oci/canonical_json.hpp"

namespace forge::oci {

namespace json = boost::json;

namespace {
error missing(const std::string &document, const std::string &field) {
    return make_error(status::invalid, document + ": field " + field + " is required");
}

// syft gives every artifact and file an id; ours is derived from the content so it is stable.
std::string stable_id(std::string_view kind, const sbom_component &c) {
    std::string key(kind);
    key += '\0' + c.name + '\0' + c.version.value_or("") + '\0' + c.type + '\0' + c.digest.str();
    for (const auto &l : c.locations) key += '\0' + l;
    return std::string(digest::of(key).hex().substr(0, 16));
}
}  // namespace

result<std::string> syft_sbom_json(const sbom_document &doc) {
    const std::string what = "sbom";
    if (doc.source_name.empty()) return missing(what, "source.name");
    json::array artifacts;
    json::array files;
    for (std::size_t i = 0; i < doc.components.size(); ++i) {
        const auto &c = doc.components[i];
        const std::string field = "components[" + std::to_string(i) + "]";
        if (c.name.empty()) return missing(what, field + ".name");
        if (c.type.empty()) return missing(what, field + ".type");
        if (!c.digest.is_set()) return missing(what, field + ".digest");
        const json::object digest_entry{{"algorithm", "sha256"}, {"value", std::string(c.digest.hex())}};
        json::array locations;
        for (const auto &l : c.locations) locations.push_back(json::object{{"path", l}});
        json::object artifact{
            {"id", stable_id("package", c)},
            {"name", c.name},
            {"type", c.type},
            {"foundBy", "catalyst-forge"},
            {"locations", locations},
            {"licenses", json::array{}},
            {"language", ""},
            {"cpes", json::array{}},
            {"purl", ""},
            {"metadata", json::object{{"digests", json::array{digest_entry}}}},
        };
        if (c.version) artifact["version"] = *c.version;
        artifacts.push_back(std::move(artifact));
        for (const auto &l : c.locations)
            files.push_back(json::object{{"id", stable_id("file:" + l, c)},
                                         {"location", json::object{{"path", l}}},
                                         {"digests", json::array{digest_entry}}});
    }
    json::object source{{"id", std::string(digest::of(doc.source_name + '\0' + doc.source_version.value_or("")).hex())},
                        {"name", doc.source_name},
                        {"type", doc.source_type},
                        {"metadata", json::object{{"path", doc.source_name}}}};
    if (doc.source_version) source["version"] = *doc.source_version;
    json::object out{
        {"artifacts", std::move(artifacts)},
        {"artifactRelationships", json::array{}},
        {"files", std::move(files)},
        {"source", std::move(source)},
        {"distro", json::object{}},
        {"descriptor", json::object{{"name", "catalyst-forge"}, {"version", FORGE_VERSION_STRING}}},
        {"schema",
         json::object{{"version", "16.0.0"},
                      {"url", "https://raw.githubusercontent.com/anchore/syft/main/schema/json/schema-16.0.0.json"}}},
    };
    return canonical_json(out);
}

result<std::string> in_toto_statement_json(const provenance &p) {
    const std::string what = "provenance";
    if (p.subjects.empty()) return missing(what, "subjects");
    if (p.builder_id.empty()) return missing(what, "builder_id");
    if (p.source_repository.empty()) return missing(what, "source_repository");
    if (p.source_commit.empty()) return missing(what, "source_commit");
    if (p.run_id.empty()) return missing(what, "run_id");
    if (p.build_type.empty()) return missing(what, "build_type");
    json::array subjects;
    for (std::size_t i = 0; i < p.subjects.size(); ++i) {
        const auto &s = p.subjects[i];
        if (s.name.empty() || !s.digest.is_set())
            return missing(what, "subjects[" + std::to_string(i) + "].name and digest");
        subjects.push_back(
            json::object{{"name", s.name}, {"digest", json::object{{"sha256", std::string(s.digest.hex())}}}});
    }
    json::object external;
    for (const auto &[k, v] : p.external_parameters) external[k] = v;
    json::object source_param{{"uri", p.source_repository}, {"digest", json::object{{"gitCommit", p.source_commit}}}};
    if (p.source_ref) source_param["ref"] = *p.source_ref;
    external["source"] = source_param;
    // The source as a resolved dependency in the SLSA "git+<url>@<ref>" convention.
    std::string uri = "git+" + p.source_repository;
    if (p.source_ref) uri += "@" + *p.source_ref;
    json::array dependencies{json::object{{"uri", uri}, {"digest", json::object{{"gitCommit", p.source_commit}}}}};
    json::object metadata{{"invocationId", p.run_id}};
    if (p.started_on) metadata["startedOn"] = *p.started_on;
    if (p.finished_on) metadata["finishedOn"] = *p.finished_on;
    json::object statement{
        {"_type", "https://in-toto.io/Statement/v1"},
        {"subject", std::move(subjects)},
        {"predicateType", "https://slsa.dev/provenance/v1"},
        {"predicate", json::object{{"buildDefinition", json::object{{"buildType", p.build_type},
                                                                    {"externalParameters", std::move(external)},
                                                                    {"internalParameters", json::object{}},
                                                                    {"resolvedDependencies", std::move(dependencies)}}},
                                   {"runDetails", json::object{{"builder", json::object{{"id", p.builder_id}}},
                                                               {"metadata", std::move(metadata)}}}}},
    };
    return canonical_json(statement);
}

}  // namespace forge::oci
