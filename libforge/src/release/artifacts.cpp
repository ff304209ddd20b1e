#include "release/artifacts.hpp"

#include <boost/json.hpp>

#include "forge/version.h"
#include "objstore/objstore.hpp"
#include "oci/attestation.hpp"
#include "oci/files.hpp"
#include "oci/layout.hpp"
#include "oci/tracking_image.hpp"
#include "release/docker_archive.hpp"
#include "release/releases.hpp"

namespace forge::release {

namespace {

constexpr std::uint64_t max_file_artifact = std::uint64_t(2) << 30;

struct produced {
    std::string type;
    std::optional<oci::image> container;  // container artifacts
    std::string file_name;                // binary and archive artifacts
    std::string file_bytes;
    oci::digest digest;
    oci::sbom_document sbom;
};

std::string setting(const artifact_job &job, const std::string &publisher, std::string_view key) {
    auto it = job.publisher_settings.find(publisher);
    if (it == job.publisher_settings.end()) return {};
    const auto *v = it->second.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

result<produced> produce(const artifact_job &job, const discovery::artifact_def &def) {
    produced p;
    p.type = def.type;
    if (def.producer_path.empty())
        return make_error(status::invalid, "artifact \"" + def.name + "\": producer.path is not set");
    const std::filesystem::path where = job.project_dir / def.producer_path;
    std::error_code ec;
    if (!std::filesystem::exists(where, ec))
        return make_error(status::not_found, "artifact \"" + def.name + "\": the producer step" +
                                                 (def.producer_step.empty() ? "" : " \"" + def.producer_step + "\"") +
                                                 " left nothing at " + where.string() + " (has it run?)");
    p.sbom.source_name = def.name;
    p.sbom.source_version = job.commit;
    if (def.type == "container") {
        result<oci::image> img = make_error(status::internal, "unset");
        if (std::filesystem::is_directory(where)) {
            auto layout = oci::image_layout::open(where);
            if (!layout) return std::move(layout).err().wrap("artifact \"" + def.name + "\"");
            img = layout->read_image("");
        } else {
            // A docker-archive tarball (docker save).
            auto bytes = oci::files::read_bounded(where, max_file_artifact);
            if (!bytes) return std::move(bytes).err().wrap("artifact \"" + def.name + "\"");
            img = image_from_docker_archive(*bytes);
        }
        if (!img) return std::move(img).err().wrap("artifact \"" + def.name + "\": " + where.string());
        p.digest = img->manifest_descriptor.digest;
        p.sbom.source_type = "image";
        for (std::size_t i = 0; i < img->manifest.layers.size(); ++i) {
            const auto &l = img->manifest.layers[i];
            p.sbom.components.push_back(oci::sbom_component{
                "layer-" + std::to_string(i), std::nullopt, "oci-layer", {l.digest.str()}, l.digest});
        }
        p.container = std::move(img).value();
        return p;
    }
    if (def.type != "binary" && def.type != "archive")
        return make_error(status::invalid, "artifact \"" + def.name + "\": unknown type \"" + def.type + "\"");
    if (!std::filesystem::is_regular_file(where))
        return make_error(status::invalid, "artifact \"" + def.name + "\": " + where.string() + " is not a file");
    auto bytes = oci::files::read_bounded(where, max_file_artifact);
    if (!bytes) return std::move(bytes).err().wrap("artifact \"" + def.name + "\"");
    p.file_name = where.filename().string();
    p.file_bytes = std::move(bytes).value();
    p.digest = oci::digest::of(p.file_bytes);
    p.sbom.source_type = "file";
    p.sbom.components.push_back(oci::sbom_component{
        p.file_name, std::nullopt, def.type == "binary" ? "binary" : "archive", {def.producer_path}, p.digest});
    return p;
}

result<std::string> publish_docker(const artifact_job &job, const discovery::artifact_def &def, const produced &p,
                                   image_store &images) {
    if (!p.container)
        return make_error(status::invalid, "artifact \"" + def.name +
                                               "\": the docker publisher takes container "
                                               "artifacts, not " +
                                               p.type);
    const std::string path = artifact_path(job, def.name);
    FORGE_TRY_ASSIGN(auto desc, images.write(path, *p.container, {job.commit}));
    return images.name(path) + "@" + desc.digest.str();
}

result<std::string> publish_s3(context &ctx, const artifact_job &job, const std::string &publisher,
                               const discovery::artifact_def &def, const produced &p) {
    if (p.container)
        return make_error(status::invalid, "artifact \"" + def.name +
                                               "\": the s3 publisher takes binary and archive "
                                               "artifacts, not containers");
    FORGE_TRY_ASSIGN(auto store, objstore::object_store_for(ctx));
    std::string prefix = setting(job, publisher, "prefix");
    while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
    std::string key = (prefix.empty() ? "" : prefix + "/") + objstore::key_segment(job.repository) + "/" +
                      objstore::key_segment(job.project) + "/" + objstore::key_segment(def.name) + "/" + job.commit +
                      "/" + objstore::key_segment(p.file_name);
    auto existing = store->get(key);
    if (existing && *existing == p.file_bytes) {
        // Idempotent: the same content is already there.
    } else if (!existing && existing.err().code != status::not_found) {
        return std::move(existing).err().wrap("publisher \"" + publisher + "\"");
    } else {
        auto put = store->put(key, p.file_bytes);
        if (!put.ok()) return std::move(put).err().wrap("publisher \"" + publisher + "\"");
    }
    std::string bucket = setting(job, publisher, "bucket");
    if (bucket.empty()) bucket = ctx.config().get_or("objstore.s3.bucket", "");
    return (bucket.empty() ? std::string("objstore:") : "s3://" + bucket + "/") + key;
}

}  // namespace

std::string artifact_path(const artifact_job &job, const std::string &artifact) {
    return job.repository + "/" + job.project + "/" + artifact;
}

std::map<std::string, std::string> published_artifact::fields() const {
    std::map<std::string, std::string> f{
        {"image", tracking_image},
        {"uri", tracking_image},
        {"digest", tracking_manifest.digest.str()},
        {"type", type},
        {"name", name},
        {"published", locations.empty() ? std::string() : locations.front()},
    };
    return f;
}

oci::release_artifact_ref published_artifact::ref() const {
    return oci::release_artifact_ref{name, tracking_image, tracking_manifest.digest};
}

result<published_artifact> publish_artifact(context &ctx, const artifact_job &job, const discovery::artifact_def &def,
                                            image_store &images, image_store &tracking) {
    auto fail = [&](error e) { return e.wrap("project " + job.project); };
    // Refuse unsupported publishers before doing any work.
    for (const auto &pub : def.publishers) {
        auto t = job.publisher_types.find(pub);
        if (t == job.publisher_types.end())
            return fail(make_error(status::invalid, "artifact \"" + def.name + "\": publisher \"" + pub +
                                                        "\" is not defined in .forge/repo.cue"));
        if (t->second != "docker" && t->second != "s3")
            return fail(make_error(status::unsupported, "artifact \"" + def.name + "\": publisher \"" + pub +
                                                            "\" of type " + t->second +
                                                            " is not supported yet "
                                                            "(supported: docker, s3)"));
    }
    auto made = produce(job, def);
    if (!made) return fail(std::move(made).err());

    published_artifact out;
    out.name = def.name;
    out.type = def.type;
    out.content_digest = made->digest;
    for (const auto &pub : def.publishers) {
        const std::string &type = job.publisher_types.at(pub);
        auto loc = type == "docker" ? publish_docker(job, def, *made, images) : publish_s3(ctx, job, pub, def, *made);
        if (!loc) return fail(std::move(loc).err().wrap("publisher \"" + pub + "\""));
        out.locations.push_back(std::move(loc).value());
    }

    oci::artifact_metadata meta;
    meta.name = def.name;
    meta.type = def.type;
    meta.repository = job.repository;
    meta.project = job.project;
    meta.commit = job.commit;
    meta.locations = out.locations;
    meta.pipeline_run = job.run_id;
    meta.producer = def.producer_step.empty() ? std::string("path:") + def.producer_path : "step:" + def.producer_step;

    oci::provenance prov;
    prov.subjects.push_back({def.name, made->digest});
    prov.builder_id = std::string("https://forge.projectcatalyst.io/builders/embedded@v") + FORGE_VERSION_STRING;
    prov.source_repository = job.source_url.empty() ? job.repository : job.source_url;
    prov.source_commit = job.commit;
    prov.source_ref = job.source_ref;
    prov.run_id = job.run_id;
    prov.external_parameters = {{"project", job.project}, {"artifact", def.name}};

    auto img = oci::build_tracking_image(meta, made->sbom, prov);
    if (!img) return fail(std::move(img).err().wrap("artifact \"" + def.name + "\": tracking image"));
    auto fallback = oci::build_tracking_image(meta, made->sbom, prov, {oci::config_style::image_config});
    if (!fallback) return fail(std::move(fallback).err().wrap("artifact \"" + def.name + "\": tracking image"));
    const std::string path = artifact_path(job, def.name);
    const std::string tag = "sha-" + job.commit;
    auto pushed = write_artifact_image(tracking, path, *img, *fallback, {tag});
    if (!pushed) return fail(std::move(pushed).err().wrap("artifact \"" + def.name + "\": tracking image"));
    out.tracking_image = tracking.reference(path, tag);
    out.tracking_manifest = *pushed;
    return out;
}

}  // namespace forge::release
