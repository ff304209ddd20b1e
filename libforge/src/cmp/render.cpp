#include "cmp/render.hpp"

#include "cmp/blob_cache.hpp"
#include "cmp/kube_yaml.hpp"
#include "gitops/names.hpp"
#include "gitops/release_store.hpp"
#include "oci/files.hpp"
#include "oci/media_types.hpp"
#include "oci/tar_reader.hpp"

namespace forge::cmp {

namespace {

// Argo CD shows the plugin's stderr in one line: keep messages on one.
std::string one_line(std::string s) {
    for (char &c : s)
        if (c == '\n' || c == '\r') c = ' ';
    return s;
}

// Blobs come from the cache when present, else from the source (verified there), then are cached.
struct blob_reader {
    gitops::release_source *source;
    std::optional<blob_cache> cache;

    result<std::string> read(const oci::descriptor &d, std::uint64_t max_bytes, const char *what, bool manifest) const {
        if (d.size < 0 || std::uint64_t(d.size) > max_bytes)
            return make_error(status::limit, std::string(what) + " is " + std::to_string(d.size) +
                                                 " bytes, over the limit of " + std::to_string(max_bytes));
        if (cache) {
            FORGE_TRY_ASSIGN(auto hit, cache->get(d.digest, max_bytes));
            if (hit) {
                if (d.size != 0 && hit->size() != std::uint64_t(d.size))
                    return make_error(status::integrity,
                                      std::string(what) + " " + d.digest.str() + " has the wrong size");
                return std::move(*hit);
            }
        }
        auto bytes = manifest ? source->read_manifest(d) : source->read_blob(d);
        if (!bytes) return std::move(bytes).err().wrap(what);
        if (cache) FORGE_TRY(cache->put(d.digest, *bytes));
        return std::move(bytes).value();
    }
};

result<std::string> render_image(const gitops::registry_location &where, const std::filesystem::path &cache_dir,
                                 const std::string &repo, const std::string &project, const std::string &sha,
                                 const std::optional<std::string> &env_yaml, const std::string &env_source,
                                 const render_limits &limits, const gitops::registry_access &access) {
    gitops::source_limits sl;
    sl.max_manifest_bytes = limits.max_manifest_bytes;
    sl.max_blob_bytes = limits.max_layer_bytes;
    FORGE_TRY_ASSIGN(auto source, gitops::release_source::open(where, repo, project, access, sl));
    FORGE_TRY_ASSIGN(auto manifest_desc, source.resolve(sha));
    if (manifest_desc.media_type != oci::media_type::image_manifest)
        return make_error(status::invalid,
                          "tag " + sha + " names a " + manifest_desc.media_type + ", not an image manifest");
    blob_reader reader{&source, std::nullopt};
    if (!cache_dir.empty()) reader.cache.emplace(cache_dir);
    FORGE_TRY_ASSIGN(auto manifest_bytes, reader.read(manifest_desc, limits.max_manifest_bytes, "manifest", true));
    FORGE_TRY_ASSIGN(auto manifest, oci::parse_image_manifest(manifest_bytes));
    if (manifest.artifact_type && *manifest.artifact_type != oci::media_type::release_artifact)
        return make_error(status::invalid, "not a release image (artifactType " + *manifest.artifact_type + ")");
    const oci::descriptor *resources = nullptr;
    for (const auto &l : manifest.layers) {
        if (l.media_type != oci::media_type::release_resources) continue;
        if (resources) return make_error(status::invalid, "the image has two resources layers");
        resources = &l;
    }
    if (!resources)
        return make_error(status::invalid,
                          "the image has no resources layer (" + std::string(oci::media_type::release_resources) + ")");
    FORGE_TRY_ASSIGN(auto layer, reader.read(*resources, limits.max_layer_bytes, "resources layer", false));

    oci::tar_read_limits tl;
    tl.max_total_bytes = limits.max_tar_bytes;
    tl.max_entry_bytes = limits.max_entry_bytes;
    tl.max_entries = limits.max_entries;
    tl.require_yaml_names = true;
    tl.allow_directories = true;
    FORGE_TRY_ASSIGN(auto files, oci::read_untrusted_tar(layer, tl));
    std::sort(files.begin(), files.end(), [](const auto &a, const auto &b) { return a.path < b.path; });

    yaml_budget budget;
    std::string stream;
    std::size_t objects = 0;
    for (const auto &f : files) {
        FORGE_TRY_ASSIGN(auto docs, kubernetes_documents(f.content, "resources layer: " + f.path, budget));
        for (const auto &d : docs) {
            stream += "---\n" + d + "\n";
            ++objects;
        }
    }
    if (objects == 0)
        return make_error(status::invalid,
                          "the resources layer holds no Kubernetes objects (refusing to render "
                          "nothing: Argo CD would prune the application)");
    if (env_yaml) {
        FORGE_TRY_ASSIGN(auto docs, kubernetes_documents(*env_yaml, env_source, budget));
        for (const auto &d : docs) stream += "---\n" + d + "\n";
    }
    return stream;
}

}  // namespace

result<std::string> render_release(const std::string &registry, const std::filesystem::path &cache_dir,
                                   const std::string &repo, const std::string &project, const std::string &sha,
                                   const std::optional<std::string> &env_yaml, const std::string &pointer_name,
                                   const render_limits &limits, const gitops::registry_access &access) {
    auto fail = [&](const std::string &image, error e) {
        e.message = one_line("pointer " + pointer_name + ": image " + image + ": " + e.message);
        return e;
    };
    auto where = gitops::parse_registry(registry);
    if (!where) return fail(repo + "/" + project + ":" + sha, std::move(where).err());
    const std::string image = where->image(repo, project, sha);
    if (!gitops::is_commit_sha(sha)) return fail(image, make_error(status::invalid, "release is not a commit SHA"));
    auto out = render_image(*where, cache_dir, repo, project, sha, env_yaml, "env.yaml", limits, access);
    if (!out) return fail(image, std::move(out).err());
    return out;
}

result<std::string> generate(const generate_request &rq) {
    std::error_code ec;
    auto dir = std::filesystem::absolute(rq.app_dir, ec).lexically_normal();
    if (ec) dir = rq.app_dir;
    std::string dir_text = dir.string();
    while (dir_text.size() > 1 && dir_text.back() == '/') dir_text.pop_back();
    dir = dir_text;
    const std::string pointer_file = (dir / "release.yaml").string();
    auto fail = [&](const std::string &image, error e) {
        e.message = one_line("pointer " + pointer_file + ": image " + image + ": " + e.message);
        return e;
    };
    // <...>/<env>/apps/<repo>/<project>
    const std::string project = dir.filename().string();
    const std::string repo = dir.parent_path().filename().string();
    const std::string apps = dir.parent_path().parent_path().filename().string();
    const std::string env = dir.parent_path().parent_path().parent_path().filename().string();
    if (apps != "apps" || !gitops::check_name(env, "environment") || !gitops::check_name(repo, "repository") ||
        !gitops::check_name(project, "project"))
        return fail("(unknown)", make_error(status::invalid, "the application folder " + dir.string() +
                                                                 " is not <env>/apps/<repo>/<project>"));

    auto text = oci::files::read_bounded(dir / "release.yaml", rq.limits.max_pointer_bytes);
    if (!text) return fail("(unknown)", std::move(text).err());
    auto pointer = gitops::parse_pointer(*text, pointer_file);
    if (!pointer) {
        error e = std::move(pointer).err();
        e.message = one_line("pointer " + e.message + " (image unknown)");
        return e;
    }
    if (pointer->name != project)
        return fail(repo + "/" + project + ":" + pointer->release,
                    make_error(status::invalid, "metadata.name \"" + pointer->name + "\" is not the project folder \"" +
                                                    project + "\""));
    std::optional<std::string> env_yaml;
    const auto env_path = dir / "env.yaml";
    if (std::filesystem::exists(env_path, ec)) {
        auto t = oci::files::read_bounded(env_path, rq.limits.max_env_bytes);
        if (!t) return fail(repo + "/" + project + ":" + pointer->release, std::move(t).err());
        env_yaml = std::move(t).value();
    }
    auto where = gitops::parse_registry(rq.registry);
    if (!where) return fail(repo + "/" + project + ":" + pointer->release, std::move(where).err());
    const std::string image = where->image(repo, project, pointer->release);
    auto out = render_image(*where, rq.cache_dir, repo, project, pointer->release, env_yaml, env_path.string(),
                            rq.limits, rq.access);
    if (!out) return fail(image, std::move(out).err());
    return out;
}

}  // namespace forge::cmp
