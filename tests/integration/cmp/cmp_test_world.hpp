#pragma once
// The world of the CMP integration tests: a temporary GitOps folder, an OCI layout per image
// repository, a blob cache, release images built with the oci release-image code, and crafted tars.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>

#include "cmp/render.hpp"
#include "gitops/pointer.hpp"
#include "integration/gitops/gitops_test_helpers.hpp"
#include "oci/layout.hpp"
#include "oci/media_types.hpp"
#include "oci/release_image.hpp"
#include "support/temp_dir.hpp"
#include "unit/oci/oci_test_support.hpp"

namespace cmp_test {

using namespace forge;
using forge::gitops::testing::fake_sha;
using forge::oci::test::craft_tar;
using forge::oci::test::crafted_entry;
using forge::test::temp_dir;

const std::string deployment_yaml =
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 2\n";
const std::string service_yaml =
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  ports:\n  - port: 80\n---\n"
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-config\ndata:\n  key: value\n";
const std::string env_yaml =
    "apiVersion: apiextensions.crossplane.io/v1alpha1\nkind: EnvironmentConfig\nmetadata:\n  name: api\ndata:\n  "
    "replicas: \"3\"\n";

inline void write_file(const std::filesystem::path &p, const std::string &text) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

inline std::string read_file(const std::filesystem::path &p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every file under root (except under `except`) with its size and content digest.
inline std::map<std::string, std::string> snapshot(const std::filesystem::path &root,
                                                   const std::filesystem::path &except) {
    std::map<std::string, std::string> out;
    for (auto it = std::filesystem::recursive_directory_iterator(root);
         it != std::filesystem::recursive_directory_iterator(); ++it) {
        if (it->path() == except) {
            it.disable_recursion_pending();
            continue;
        }
        out[it->path().string()] = it->is_regular_file() ? oci::digest::of(read_file(it->path())).str() : "dir";
    }
    return out;
}

struct cmp_world {
    temp_dir root{"cmp"};
    std::filesystem::path layouts = root.path() / "registry";
    std::filesystem::path cache = root.path() / "cache";
    std::filesystem::path gitops = root.path() / "gitops";
    std::string registry = "oci:" + (root.path() / "registry").string();

    std::filesystem::path app_dir(const std::string &project = "api") const {
        return gitops / "dev" / "apps" / "shop" / project;
    }

    // A release image of shop/<project> at `sha` in the layout, and its pointer in the app folder.
    oci::image publish(const std::string &sha, std::vector<oci::resource_file> files,
                       const std::string &project = "api") {
        oci::release_metadata m;
        m.repository = "shop";
        m.project = project;
        m.number = 1;
        m.trigger = "branch";
        m.commit = sha;
        auto img = oci::build_release_image(m, std::move(files));
        INFO((img.ok() ? std::string() : img.err().message));
        REQUIRE(img.ok());
        store(*img, sha, project);
        return *img;
    }

    void store(const oci::image &img, const std::string &sha, const std::string &project = "api") {
        auto layout = oci::image_layout::create(layouts / "shop" / project);
        GITOPS_REQUIRE_OK(layout);
        GITOPS_REQUIRE_OK(layout->write_image(img, sha));
        point(sha, project);
    }

    void point(const std::string &sha, const std::string &project = "api") {
        gitops::release_pointer p;
        p.name = project;
        p.release = sha;
        p.deployed_at = "2024-01-01T00:00:00Z";
        p.deployed_by = "ci";
        write_file(app_dir(project) / "release.yaml", gitops::pointer_yaml(p));
    }

    cmp::generate_request request(const std::string &project = "api") const {
        cmp::generate_request rq;
        rq.app_dir = app_dir(project);
        rq.env = {{"ARGOCD_APP_NAME", "dev-shop-" + project}, {"ARGOCD_APP_NAMESPACE", "shop-" + project}};
        rq.registry = registry;
        rq.cache_dir = cache;
        return rq;
    }
};

// A release image whose resources layer is `tar` (built around the builder's metadata layer).
inline oci::image image_with_resources(const std::string &sha, std::string tar) {
    oci::release_metadata m;
    m.repository = "shop";
    m.project = "api";
    m.number = 1;
    m.trigger = "branch";
    m.commit = sha;
    auto meta = oci::release_metadata_layer(m);
    REQUIRE(meta.ok());
    auto config = oci::artifact_config(oci::config_style::empty, oci::media_type::release_artifact);
    REQUIRE(config.ok());
    auto layer = oci::make_layer(oci::media_type::release_resources, std::move(tar),
                                 {{std::string(oci::annotation::layer_type), "resources"}});
    auto img = oci::assemble_image(oci::media_type::release_artifact, *config, {*meta, layer}, {});
    REQUIRE(img.ok());
    return *img;
}

inline crafted_entry entry(std::string path, std::string data, unsigned type = AE_IFREG, std::string link = {},
                           bool hardlink = false, std::uint64_t zeros = 0) {
    crafted_entry e;
    e.path = std::move(path);
    e.data = std::move(data);
    e.type = type;
    e.link = std::move(link);
    e.hardlink = hardlink;
    e.zero_bytes = zeros;
    return e;
}

}  // namespace cmp_test
