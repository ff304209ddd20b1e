// Registry push/pull (issue 6, Performance): against one real docker-registry on loopback, copy an
// image oci layout -> registry -> oci layout with libforge (in process, a fresh client per run) and
// with `skopeo copy` (two invocations), alternating, each run into a fresh repository and layout.
//  - small: a 2-layer release image of a few KB (latency: target ours <= 0.5x skopeo's time);
//  - large: a single 200 MB layer of random bytes (throughput: target ours >= skopeo's).
// libforge is measured two ways: `copy_image` layout -> registry and registry -> layout (what
// `forge oci copy` does, the same two steps as the skopeo invocations; the ratio uses this), and
// the in-memory image API (read_image, push_image, pull_to_layout) for reference.
// Every run copies new content (the release number and a resource, or the random seed, change), so
// no tool can skip an upload: skopeo remembers where it has seen a blob (its blob-info cache in
// /var/lib/containers/cache) and mounts it from that repository instead of uploading it again.
// Prints the medians and the ratio.
//
//   build/bin/forge_registry_bench [--small-runs N] [--large-runs N] [--large-mb M]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "oci/layout.hpp"
#include "oci/media_types.hpp"
#include "oci/release_image.hpp"
#include "registry/images.hpp"
#include "registry/reference.hpp"
#include "support/process.hpp"
#include "support/registry_server.hpp"
#include "support/temp_dir.hpp"

using namespace forge;

namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

double since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

[[noreturn]] void die(const std::string &what) {
    std::fprintf(stderr, "registry_bench: %s\n", what.c_str());
    std::exit(1);
}

template <class T>
T must(result<T> r, const char *what) {
    if (!r.ok()) die(std::string(what) + ": " + r.err().message);
    return std::move(r).value();
}

oci::image small_image(int run) {
    oci::release_metadata meta;
    meta.repository = "monorepo";
    meta.project = "service";
    meta.number = run + 1;
    meta.trigger = "branch";
    meta.commit = std::string(40, 'b');
    std::vector<oci::resource_file> files;
    for (int i = 0; i < 4; ++i)
        files.push_back({"object-" + std::to_string(i) + ".yaml",
                         "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm" + std::to_string(i) +
                             "\ndata:\n  run: \"" + std::to_string(run) + "\"\n"});
    return must(oci::build_release_image(meta, files), "building the release image");
}

oci::image large_image(std::size_t mb, int run) {
    std::string bytes(mb << 20, '\0');
    std::mt19937_64 rng(42 + static_cast<unsigned>(run));
    for (std::size_t i = 0; i + 8 <= bytes.size(); i += 8) {
        const auto v = rng();
        std::memcpy(&bytes[i], &v, 8);
    }
    auto config = must(oci::artifact_config(oci::config_style::empty, oci::media_type::release_artifact), "config");
    std::vector<oci::blob> layers{oci::make_layer(oci::media_type::layer_tar, std::move(bytes))};
    return must(oci::assemble_image(oci::media_type::release_artifact, std::move(config), std::move(layers), {}),
                "image");
}

void skopeo_copy(const std::string &from, const std::string &to) {
    forge::test::spawn_options o;
    o.argv = {"/usr/bin/skopeo", "copy", "--quiet", "--src-tls-verify=false", "--dest-tls-verify=false", from, to};
    auto r = forge::test::run_command(o, std::chrono::seconds(600));
    if (r.exit_code != 0) die("skopeo copy " + from + " " + to + ": " + r.output);
}

struct figures {
    double copy = 0, api = 0, skopeo = 0;
    std::size_t blob_bytes = 0;
};

figures run(const char *name, const std::function<oci::image(int)> &make, int runs,
            const forge::test::registry_server &server, const std::filesystem::path &scratch) {
    std::vector<double> copy, api, theirs;
    figures f;
    registry::client_factory clients = [&](const std::string &host) {
        registry::client_options o;
        o.host = host;
        o.plain_http = true;
        return registry::client::create(o);
    };
    for (int i = 0; i < runs; ++i) {
        const std::string n = std::string(name) + std::to_string(i);
        const auto src = scratch / (n + "-src");
        {
            const oci::image img = make(i);
            f.blob_bytes = 0;
            for (const auto &b : img.blobs) f.blob_bytes += b.bytes.size();
            auto layout = must(oci::image_layout::create(src), "layout");
            must(layout.write_image(img, "v1"), "writing the source layout");
        }
        {
            // What `forge oci copy` does: layout -> registry, registry -> layout.
            const auto t0 = std::chrono::steady_clock::now();
            const std::string ref = server.host() + "/bench/copy-" + n + ":v1";
            must(registry::copy_image(must(registry::parse_location("oci:" + src.string() + ":v1"), "location"),
                                      must(registry::parse_location(ref), "location"), clients),
                 "copy to the registry");
            must(registry::copy_image(
                     must(registry::parse_location(ref), "location"),
                     must(registry::parse_location("oci:" + (scratch / ("copy-" + n)).string() + ":v1"), "location"),
                     clients),
                 "copy from the registry");
            copy.push_back(since(t0));
        }
        {
            const auto t0 = std::chrono::steady_clock::now();
            const std::string ref = "docker://" + server.host() + "/bench/skopeo-" + n + ":v1";
            skopeo_copy("oci:" + src.string() + ":v1", ref);
            skopeo_copy(ref, "oci:" + (scratch / ("skopeo-" + n)).string() + ":v1");
            theirs.push_back(since(t0));
        }
        {
            // The in-memory image API (what release code uses for the images it builds).
            const auto t0 = std::chrono::steady_clock::now();
            auto c = must(clients(server.host()), "client");
            auto source = must(oci::image_layout::open(src), "open");
            auto read = must(source.read_image("v1"), "read");
            must(registry::push_image(*c, "bench/api-" + n, read, {"v1"}), "push");
            auto out = must(oci::image_layout::create(scratch / ("api-" + n)), "layout");
            must(registry::pull_to_layout(*c, "bench/api-" + n, "v1", out, "v1"), "pull");
            api.push_back(since(t0));
        }
        for (const char *dir : {"copy-", "skopeo-", "api-"}) std::filesystem::remove_all(scratch / (dir + n));
        std::filesystem::remove_all(src);
    }
    f.copy = median(copy);
    f.api = median(api);
    f.skopeo = median(theirs);
    return f;
}

}  // namespace

int main(int argc, char **argv) {
    int small_runs = 15, large_runs = 3;
    std::size_t large_mb = 200;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--small-runs")
            small_runs = std::atoi(argv[i + 1]);
        else if (a == "--large-runs")
            large_runs = std::atoi(argv[i + 1]);
        else if (a == "--large-mb")
            large_mb = std::strtoul(argv[i + 1], nullptr, 10);
        else
            die("unknown option " + a);
    }
    forge::test::registry_server server;
    forge::test::temp_dir scratch("registry-bench");

    double load[3] = {0, 0, 0};
    if (getloadavg(load, 3) < 0) load[0] = -1;
    std::printf("load average at start: %.2f\n", load[0]);

    const figures s = run("small", small_image, small_runs, server, scratch.path());
    std::printf("small image (2 layers, %zu bytes of blobs), push+pull, median of %d:\n", s.blob_bytes, small_runs);
    std::printf(
        "  forge copy  %8.1f ms\n  forge API   %8.1f ms\n  skopeo      %8.1f ms\n"
        "  ratio       %8.2fx (forge copy/skopeo time; API %.2fx)\n",
        s.copy * 1e3, s.api * 1e3, s.skopeo * 1e3, s.copy / s.skopeo, s.api / s.skopeo);

    if (large_runs > 0 && large_mb > 0) {
        const figures l = run(
            "large", [&](int i) { return large_image(large_mb, i); }, large_runs, server, scratch.path());
        const double moved = 2.0 * static_cast<double>(large_mb);  // pushed and pulled
        std::printf("large image (1 layer, %zu MiB), push+pull, median of %d:\n", large_mb, large_runs);
        std::printf(
            "  forge copy  %8.2f s  %8.1f MiB/s\n  forge API   %8.2f s  %8.1f MiB/s\n"
            "  skopeo      %8.2f s  %8.1f MiB/s\n  ratio       %8.2fx (forge copy/skopeo throughput; API %.2fx)\n",
            l.copy, moved / l.copy, l.api, moved / l.api, l.skopeo, moved / l.skopeo, l.skopeo / l.copy,
            l.skopeo / l.api);
    }
    if (getloadavg(load, 3) < 0) load[0] = -1;
    std::printf("load average at end: %.2f\n", load[0]);
    return 0;
}
