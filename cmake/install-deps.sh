#!/usr/bin/env bash
# Installs, from Debian bookworm packages and the npm registry, whatever the build and the tests
# need and the machine lacks. Idempotent: a second run installs nothing and touches no network.
#   cmake/install-deps.sh build   libraries and tools to build libforge and the apps
#   cmake/install-deps.sh test    the above plus the real servers and tools the tests start
set -euo pipefail
what=${1:-test}

build_pkgs=(
  build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-program-options1.81-dev
  libnats-dev libpq-dev libgit2-dev libssl-dev libarchive-dev libcli11-dev catch2
  libyaml-cpp-dev libre2-dev
)
test_pkgs=(
  nats-server postgresql docker-registry skopeo git
  python3 python3-pytest clang libclang-rt-14-dev graphviz procps libcrypt-dev time
)

pkgs=("${build_pkgs[@]}")
[ "$what" = test ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# Node.js may come from another packaging that bundles npm; ask for the commands, not the packages.
if [ "$what" = test ] && ! command -v npm >/dev/null 2>&1; then missing+=(nodejs npm); fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$what" = test ]; then
  # The CUE reference implementation (CUE v0.4 in WebAssembly) and the tests' Node peers.
  here=$(cd "$(dirname "$0")/.." && pwd)
  node_dir="$here/tests/node"
  # Again when package-lock.json changed since the last install (npm writes node_modules/.package-lock.json).
  if [ -f "$node_dir/package.json" ] && { [ ! -d "$node_dir/node_modules" ] ||
       [ "$node_dir/package-lock.json" -nt "$node_dir/node_modules/.package-lock.json" ]; }; then
    echo "install-deps: npm ci in tests/node"
    (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
exit 0
