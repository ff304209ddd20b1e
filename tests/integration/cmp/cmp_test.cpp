#include <sys/wait.h>
#include <unistd.h>

#include "integration/cmp/cmp_test_world.hpp"

using namespace cmp_test;

TEST_CASE("cmp: generate renders the release's objects then env.yaml, sorted by file", "[integration][cmp]") {
    cmp_world w;
    const auto sha = fake_sha(10, 1);
    w.publish(sha, {{"service.yaml", service_yaml}, {"deployment.yaml", deployment_yaml}});
    write_file(w.app_dir() / "env.yaml", env_yaml);
    auto out = cmp::generate(w.request());
    GITOPS_REQUIRE_OK(out);
    CHECK(*out ==
          "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 2\n"
          "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  ports:\n    - port: 80\n"
          "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-config\ndata:\n  key: value\n"
          "---\napiVersion: apiextensions.crossplane.io/v1alpha1\nkind: EnvironmentConfig\nmetadata:\n  name: api\n"
          "data:\n  replicas: \"3\"\n");
    // Warm: same bytes, served from the blob cache even when the layout's blobs are gone.
    std::filesystem::remove_all(w.layouts / "shop" / "api" / "blobs");
    auto warm = cmp::generate(w.request());
    GITOPS_REQUIRE_OK(warm);
    CHECK(*warm == *out);
    // preview's entry point gives the same stream.
    auto preview =
        cmp::render_release(w.registry, w.cache, "shop", "api", sha, env_yaml, "dev/apps/shop/api/release.yaml");
    GITOPS_REQUIRE_OK(preview);
    CHECK(*preview == *out);
}

TEST_CASE("cmp: invalid pointers, folders and registries fail with one line naming pointer and image",
          "[integration][cmp]") {
    cmp_world w;
    const auto sha = fake_sha(11, 1);
    w.publish(sha, {{"deployment.yaml", deployment_yaml}});

    SECTION("pointer with a short sha") {
        write_file(w.app_dir() / "release.yaml",
                   "apiVersion: forge.projectcatalyst.io/v1alpha1\nkind: ReleasePointer\nmetadata:\n  name: "
                   "api\nspec:\n  release: abc123\n");
        auto out = cmp::generate(w.request());
        REQUIRE_FALSE(out.ok());
        CHECK_THAT(out.err().message, Catch::Contains("release.yaml:6:") && Catch::Contains("spec.release"));
        CHECK(out.err().message.find('\n') == std::string::npos);
    }
    SECTION("pointer naming another project") {
        write_file(w.app_dir() / "release.yaml",
                   "apiVersion: forge.projectcatalyst.io/v1alpha1\nkind: ReleasePointer\nmetadata:\n  name: "
                   "web\nspec:\n  release: " +
                       sha + "\n");
        CHECK_THAT(cmp::generate(w.request()).err().message, Catch::Contains("metadata.name"));
    }
    SECTION("missing image") {
        w.point(fake_sha(11, 2));
        auto out = cmp::generate(w.request());
        REQUIRE_FALSE(out.ok());
        CHECK(out.err().code == status::not_found);
        CHECK_THAT(out.err().message, Catch::Contains("pointer " + (w.app_dir() / "release.yaml").string()) &&
                                          Catch::Contains("image oci:") && Catch::Contains(fake_sha(11, 2)));
    }
    SECTION("folder not shaped <env>/apps/<repo>/<project>") {
        auto rq = w.request();
        rq.app_dir = w.root.path();
        CHECK_THAT(cmp::generate(rq).err().message, Catch::Contains("is not <env>/apps/<repo>/<project>"));
    }
    SECTION("registry that does not answer") {
        auto rq = w.request();
        rq.registry = "127.0.0.1:1/releases";
        auto out = cmp::generate(rq);
        REQUIRE_FALSE(out.ok());
        CHECK(out.err().code == status::io);
        CHECK_THAT(out.err().message, Catch::Contains("image 127.0.0.1:1/releases/shop/api:" + sha));
        CHECK(out.err().message.find('\n') == std::string::npos);
    }
}

TEST_CASE("cmp: crafted release images are refused, nothing is rendered and nothing written outside the cache",
          "[integration][cmp]") {
    cmp_world w;
    const auto sha = fake_sha(12, 1);
    const std::string good = deployment_yaml;
    std::vector<std::pair<std::string, std::string>> cases = {
        {"absolute path", craft_tar({entry("/etc/passwd.yaml", good)})},
        {"dot-dot", craft_tar({entry("../../escape.yaml", good)})},
        {"symlink", craft_tar({entry("link.yaml", "", AE_IFLNK, "/etc/passwd")})},
        {"hard link", craft_tar({entry("a.yaml", good), entry("b.yaml", "", AE_IFREG, "a.yaml", true)})},
        {"device", craft_tar({entry("dev.yaml", "", AE_IFCHR)})},
        {"fifo", craft_tar({entry("fifo.yaml", "", AE_IFIFO)})},
        {"non-YAML name", craft_tar({entry("run.sh", "#!/bin/sh\n")})},
        {"oversized entry", craft_tar({entry("big.yaml", "", AE_IFREG, "", false, 9u << 20)})},
        {"gzip bomb", craft_tar({entry("bomb.yaml", "", AE_IFREG, "", false, 40u << 20)}, {true, true})},
        {"not a Kubernetes object", craft_tar({entry("x.yaml", "just: data\n")})},
        {"no metadata.name", craft_tar({entry("x.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n")})},
        {"invalid YAML", craft_tar({entry("x.yaml", "apiVersion: v1\nkind: [\n")})},
        {"empty resources", craft_tar({entry("empty.yaml", "# nothing\n")})},
        {"no entries", craft_tar({})},
        {"alias bomb",
         craft_tar({entry("x.yaml",
                          "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n"
                          "a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                          "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
                          "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
                          "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]\n")})},
    };
    std::filesystem::create_directories(w.cache);
    for (const auto &[name, tar] : cases) {
        DYNAMIC_SECTION(name) {
            w.store(image_with_resources(sha, tar), sha);
            const auto before = snapshot(w.root.path(), w.cache);
            auto out = cmp::generate(w.request());
            REQUIRE_FALSE(out.ok());
            INFO(out.err().message);
            CHECK_THAT(out.err().message, Catch::Contains("pointer ") && Catch::Contains("image oci:"));
            CHECK(out.err().message.find('\n') == std::string::npos);
            CHECK(snapshot(w.root.path(), w.cache) == before);
        }
    }
}

TEST_CASE("cmp: a tampered or missing blob is detected", "[integration][cmp]") {
    cmp_world w;
    const auto sha = fake_sha(13, 1);
    auto img = w.publish(sha, {{"deployment.yaml", deployment_yaml}});
    const auto &layer = img.manifest.layers.at(1);
    auto blob = w.layouts / "shop" / "api" / "blobs" / "sha256" / std::string(layer.digest.hex());
    SECTION("digest mismatch") {
        std::string bytes = read_file(blob);
        bytes[bytes.size() / 3] ^= 0x20;
        write_file(blob, bytes);
        auto out = cmp::generate(w.request());
        CHECK(out.err().code == status::integrity);
        CHECK_FALSE(std::filesystem::exists(w.cache / "blobs" / "sha256" / std::string(layer.digest.hex())));
    }
    SECTION("manifest names a missing blob") {
        std::filesystem::remove(blob);
        auto out = cmp::generate(w.request());
        REQUIRE_FALSE(out.ok());
        CHECK_THAT(out.err().message, Catch::Contains("resources layer"));
    }
}

TEST_CASE("cmp: concurrent generates share one cache", "[integration][cmp]") {
    cmp_world w;
    const auto sha = fake_sha(14, 1);
    w.publish(sha, {{"deployment.yaml", deployment_yaml}, {"service.yaml", service_yaml}});
    auto expected = cmp::render_release(w.registry, {}, "shop", "api", sha, std::nullopt, "x");
    GITOPS_REQUIRE_OK(expected);
    std::vector<pid_t> children;
    for (int i = 0; i < 8; ++i) {
        pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            int bad = 0;
            for (int k = 0; k < 20; ++k) {
                auto out = cmp::generate(w.request());
                if (!out || *out != *expected) ++bad;
            }
            ::_exit(bad == 0 ? 0 : 1);
        }
        children.push_back(pid);
    }
    for (pid_t pid : children) {
        int st = 0;
        REQUIRE(::waitpid(pid, &st, 0) == pid);
        CHECK((WIFEXITED(st) && WEXITSTATUS(st) == 0));
    }
    // No temporary file is left behind in the cache.
    for (const auto &e : std::filesystem::recursive_directory_iterator(w.cache))
        CHECK(e.path().filename().string().find("tmp") == std::string::npos);
}
