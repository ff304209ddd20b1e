// GitOps and CMP figures (issue 7, Performance), printed as medians of alternating runs in one
// process run:
//  1. deploy: N sequential deployments (default 200, 20 projects round-robin, a new release each
//     time) into a fresh bare repository with libforge's writer (gitops::deploy: cached clone,
//     commit without a work tree, push) vs a shell script doing the same with the git CLI (clone
//     once, then write, git add, git commit, git push per deployment). Target: ours >= 5x faster.
//  2. render: `catalyst-forge-cmp generate` of a small release from a local docker-registry with
//     an empty cache (cold) vs `skopeo copy` of the same image to a layout + `tar -x` of its
//     resources layer (target: ours <= 0.5x); and warm (cache filled; target < 20 ms), for the
//     process and for the library call (cmp::generate) alone.
//
//   build/bin/forge_gitops_bench [--deploys N] [--deploy-rounds R] [--render-runs N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "cmp/render.hpp"
#include "gitops/deployments.hpp"
#include "gitops/pointer.hpp"
#include "oci/release_image.hpp"
#include "registry/images.hpp"
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
    std::fprintf(stderr, "gitops_bench: %s\n", what.c_str());
    std::exit(1);
}

template <class T>
T must(result<T> r, const char *what) {
    if (!r.ok()) die(std::string(what) + ": " + r.err().message);
    return std::move(r).value();
}

std::string sha_for(int round, int i) {
    char buf[41];
    std::snprintf(buf, sizeof buf, "%08x%08x%024x", 0xf0e0d0c0u + unsigned(round), unsigned(i) * 2654435761u, i);
    return buf;
}

void run_ok(forge::test::spawn_options o, const std::string &what) {
    auto r = forge::test::run_command(std::move(o), std::chrono::seconds(600));
    if (r.exit_code != 0) die(what + ": " + r.output);
}

void git_init_bare(const std::filesystem::path &dir) {
    forge::test::spawn_options o;
    o.argv = {"/usr/bin/git", "init", "-q", "--bare", "-b", "main", dir.string()};
    run_ok(o, "git init");
}

const char *git_script = R"SH(set -e
remote=$1; work=$2; n=$3; round=$4
git clone -q "$remote" "$work" 2>/dev/null
cd "$work"
git checkout -q -b main 2>/dev/null || true
git config user.name "Catalyst Forge"; git config user.email forge@projectcatalyst.io
i=0
while [ $i -lt "$n" ]; do
  p=proj-$((i % 20)); d=dev/apps/shop/$p
  sha=$(printf '%08x%08x%024x' $((0xf0e0d0c0 + round)) $(( (i * 2654435761) % 4294967296 )) $i)
  mkdir -p $d
  printf 'apiVersion: forge.projectcatalyst.io/v1alpha1\nkind: ReleasePointer\nmetadata:\n  name: "%s"\nspec:\n  release: "%s"\n  aliases:\n    numeric: %d\n  deployedAt: "%s"\n  deployedBy: "bench"\n' \
    "$p" "$sha" $((i + 1)) "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > $d/release.yaml
  git add $d/release.yaml
  git commit -q -m "deploy shop/$p $sha to dev (release $((i + 1)))"
  git push -q origin HEAD:main
  i=$((i + 1))
done
)SH";

void deploy_bench(int deploys, int rounds) {
    forge::test::temp_dir scratch("gitops-bench");
    const auto script = scratch.path() / "deploy.sh";
    std::ofstream(script) << git_script;
    std::vector<double> ours, git;
    for (int round = 0; round < rounds; ++round) {
        const auto n = std::to_string(round);
        {
            const auto remote = scratch.path() / ("ours-" + n + ".git");
            git_init_bare(remote);
            gitops::gitops_target t;
            t.url = remote.string();
            t.cache_dir = scratch.path() / ("ours-cache-" + n);
            auto t0 = std::chrono::steady_clock::now();
            for (int i = 0; i < deploys; ++i) {
                gitops::deploy_request rq;
                rq.env = "dev";
                rq.repo = "shop";
                rq.project = "proj-" + std::to_string(i % 20);
                rq.release = sha_for(round, i);
                rq.number = i + 1;
                rq.deployed_by = "bench";
                auto out = must(gitops::deploy(t, rq), "deploy");
                if (out.write.unchanged) die("a deployment made no commit");
            }
            ours.push_back(since(t0));
        }
        {
            const auto remote = scratch.path() / ("git-" + n + ".git");
            git_init_bare(remote);
            forge::test::spawn_options o;
            o.argv = {"/bin/sh",
                      script.string(),
                      remote.string(),
                      (scratch.path() / ("git-work-" + n)).string(),
                      std::to_string(deploys),
                      n};
            o.env = {{"GIT_CONFIG_NOSYSTEM", "1"}, {"HOME", scratch.path().string()}};
            auto t0 = std::chrono::steady_clock::now();
            run_ok(o, "git CLI script");
            git.push_back(since(t0));
            forge::test::spawn_options count;
            count.argv = {"/usr/bin/git", "--git-dir", remote.string(), "rev-list", "--count", "main"};
            auto c = forge::test::run_command(count);
            if (std::atoi(c.output.c_str()) != deploys) die("git CLI script made " + c.output + " commits");
        }
        std::printf("  round %d: ours %.3f s, git CLI %.3f s\n", round + 1, ours.back(), git.back());
        std::fflush(stdout);
    }
    const double o = median(ours), g = median(git);
    std::printf("deploy: %d sequential deployments, median of %d rounds\n", deploys, rounds);
    std::printf("  ours (libforge)   %8.3f s  (%.2f ms per deployment)\n", o, o * 1000 / deploys);
    std::printf("  git CLI script    %8.3f s  (%.2f ms per deployment)\n", g, g * 1000 / deploys);
    std::printf("  speed-up          %8.1fx\n", g / o);
}

oci::image small_release(const std::string &sha) {
    oci::release_metadata meta;
    meta.repository = "shop";
    meta.project = "api";
    meta.number = 1;
    meta.aliases.numeric = 1;
    meta.trigger = "branch";
    meta.commit = sha;
    std::vector<oci::resource_file> files;
    for (int i = 0; i < 4; ++i)
        files.push_back({"object-" + std::to_string(i) + ".yaml",
                         "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm" + std::to_string(i) +
                             "\ndata:\n  key: value\n  other: \"42\"\n"});
    files.push_back({"deployment.yaml",
                     "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n"
                     "  replicas: 2\n  template:\n    spec:\n      containers:\n"
                     "        - name: api\n          image: registry.example.com/api:1\n"});
    return must(oci::build_release_image(meta, files), "release image");
}

void render_bench(int runs) {
    forge::test::registry_server server;
    forge::test::temp_dir scratch("cmp-bench");
    const std::string sha = sha_for(99, 1);
    registry::client_options co;
    co.host = server.host();
    co.plain_http = true;
    auto client = must(registry::client::create(co), "client");
    auto img = small_release(sha);
    must(registry::push_image(*client, "bench/shop/api", img, {sha}), "push");
    const auto layer_hex = std::string(img.manifest.layers.at(1).digest.hex());

    const auto app = scratch.path() / "gitops" / "dev" / "apps" / "shop" / "api";
    std::filesystem::create_directories(app);
    gitops::release_pointer p;
    p.name = "api";
    p.release = sha;
    p.deployed_at = "2024-01-01T00:00:00Z";
    p.deployed_by = "bench";
    std::ofstream(app / "release.yaml") << gitops::pointer_yaml(p);
    const std::string where = server.host() + "/bench";

    auto plugin = [&](const std::filesystem::path &cache) {
        forge::test::spawn_options o;
        o.argv = {FORGE_CMP_BINARY, "generate"};
        o.working_dir = app;
        o.env = {{"FORGE_REGISTRY", where},
                 {"FORGE_CMP_CACHE", cache.string()},
                 {"ARGOCD_APP_NAME", "dev-shop-api"},
                 {"ARGOCD_APP_NAMESPACE", "shop-api"}};
        auto t0 = std::chrono::steady_clock::now();
        run_ok(o, "catalyst-forge-cmp generate");
        return since(t0);
    };
    std::vector<double> cold, skopeo, warm, warm_lib, startup;
    const auto warm_cache = scratch.path() / "warm-cache";
    plugin(warm_cache);  // fills the warm cache
    for (int i = 0; i < runs; ++i) {
        const auto n = std::to_string(i);
        cold.push_back(plugin(scratch.path() / ("cold-cache-" + n)));
        {
            const auto layout = scratch.path() / ("skopeo-" + n);
            const auto out = scratch.path() / ("skopeo-out-" + n);
            std::filesystem::create_directories(out);
            auto t0 = std::chrono::steady_clock::now();
            forge::test::spawn_options s;
            s.argv = {"/usr/bin/skopeo",
                      "copy",
                      "--quiet",
                      "--src-tls-verify=false",
                      "docker://" + server.host() + "/bench/shop/api:" + sha,
                      "oci:" + layout.string() + ":" + sha};
            run_ok(s, "skopeo copy");
            forge::test::spawn_options x;
            x.argv = {"/bin/tar", "-x", "-f", (layout / "blobs" / "sha256" / layer_hex).string(), "-C", out.string()};
            run_ok(x, "tar -x");
            skopeo.push_back(since(t0));
        }
        warm.push_back(plugin(warm_cache));
        {
            // The floor of any process render: starting the executable and loading libforge.so.
            forge::test::spawn_options v;
            v.argv = {FORGE_CMP_BINARY, "--version"};
            auto t0 = std::chrono::steady_clock::now();
            run_ok(v, "catalyst-forge-cmp --version");
            startup.push_back(since(t0));
        }
        {
            cmp::generate_request rq;
            rq.app_dir = app;
            rq.registry = where;
            rq.cache_dir = warm_cache;
            auto t0 = std::chrono::steady_clock::now();
            must(cmp::generate(rq), "cmp::generate");
            warm_lib.push_back(since(t0));
        }
    }
    const double c = median(cold), s = median(skopeo), w = median(warm), wl = median(warm_lib);
    std::printf(
        "render: small release (%zu bytes resources layer) from docker-registry on loopback, median of %d runs\n",
        std::size_t(img.manifest.layers.at(1).size), runs);
    std::printf("  catalyst-forge-cmp generate, cold cache   %7.1f ms\n", c * 1000);
    std::printf("  skopeo copy + tar -x                      %7.1f ms\n", s * 1000);
    std::printf("  ratio cold / skopeo                       %7.2fx\n", c / s);
    std::printf("  catalyst-forge-cmp generate, warm cache   %7.1f ms (process)\n", w * 1000);
    std::printf("  cmp::generate, warm cache                 %7.1f ms (library call)\n", wl * 1000);
    std::printf("  catalyst-forge-cmp --version              %7.1f ms (process start floor)\n", median(startup) * 1000);
}

}  // namespace

int main(int argc, char **argv) {
    int deploys = 200, rounds = 3, render_runs = 15;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--deploys"))
            deploys = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--deploy-rounds"))
            rounds = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--render-runs"))
            render_runs = std::atoi(argv[i + 1]);
        else
            die(std::string("unknown option ") + argv[i]);
    }
    if (deploys > 0 && rounds > 0) deploy_bench(deploys, rounds);
    if (render_runs > 0) render_bench(render_runs);
    return 0;
}
