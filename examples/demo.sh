#!/bin/sh
# The main job of Catalyst Forge on examples/: what `make demo` runs.
set -eu
build=${1:-build}
bin=$build/bin
here=$(cd "$(dirname "$0")" && pwd)
step() { printf '\n== %s\n' "$*"; }

step "forge --version"
"$bin/forge" --version
step "forge adapters"
"$bin/forge" adapters
step "forge schema list"
"$bin/forge" schema list
step "forge cue export examples/monorepo/.forge/repo.cue -e phases"
"$bin/forge" cue export -e phases "$here/monorepo/.forge/repo.cue"
step "forge cue export --out yaml -e 'deploy.resources[0]' examples/monorepo/services/api/.forge/project.cue"
"$bin/forge" cue export --out yaml -e 'deploy.resources[0]' "$here/monorepo/services/api/.forge/project.cue"
