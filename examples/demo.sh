#!/bin/sh
# The main job of Catalyst Forge on examples/: what `make demo` runs.
set -eu
build=${1:-build}
bin=$build/bin
echo "== forge --version"
"$bin/forge" --version
echo "== forge --help"
"$bin/forge" --help
echo "== forge adapters"
"$bin/forge" adapters
