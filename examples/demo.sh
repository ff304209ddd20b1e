#!/bin/sh
# The main job of Catalyst Forge on examples/: what `make demo` runs.
set -eu
build=${1:-build}
bin=$(cd "$build/bin" && pwd)
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

# The example as a fresh git repository of its own, run through the CLI: discovery, phase groups in
# order, tasks in parallel, progress, summary. services/worker builds with Earthly; when the earthly
# binary is missing the demo selects the four other projects (that step would fail, by design, with
# a message saying how to install Earthly).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R "$here/monorepo" "$work/acme"
git -C "$work/acme" init -q -b main
git -C "$work/acme" add -A
git -C "$work/acme" -c user.name="Forge Demo" -c user.email=demo@example.com commit -q -m "Acme monorepo"

step "forge validate <fresh copy of examples/monorepo>"
"$bin/forge" validate "$work/acme"

if command -v earthly >/dev/null 2>&1; then
  select=""
else
  select="--project docs --project common --project api --project acmectl"
  printf 'earthly is not installed: running every project but services/worker (%s)\n' "$select"
fi
step "forge run --repo <acme> --branch main --state-dir <state> $select"
# The tip of main: discovery at that commit, phase groups in order, then the release of every project
# whose trigger fired (into the OCI layout <state>/oci) and the deployment of each release with
# deploy resources to dev (a ReleasePointer committed to the GitOps repository <state>/gitops.git).
# shellcheck disable=SC2086 # $select is a list of flags
"$bin/forge" run --repo "$work/acme" --branch main --state-dir "$work/state" $select

run_id=$(ls "$work/state/runs")
step "forge logs $run_id --phase test --project api"
"$bin/forge" logs "$run_id" --state-dir "$work/state" --phase test --project api

step "forge release list acme/api"
"$bin/forge" release list acme/api --registry "oci:$work/state/oci"

step "forge deployments acme/api --env dev"
"$bin/forge" deployments acme/api --env dev --state-dir "$work/state"

# What Argo CD does next: the app-of-apps finds dev/apps/acme/api in the GitOps repository and runs
# the Config Management Plugin in that folder, which prints the release's manifests.
git clone -q "$work/state/gitops.git" "$work/gitops"
step "catalyst-forge-cmp generate (in dev/apps/acme/api of the GitOps repository)"
(cd "$work/gitops/dev/apps/acme/api" &&
  ARGOCD_APP_NAME=acme-api ARGOCD_APP_NAMESPACE=acme FORGE_REGISTRY="oci:$work/state/oci" \
  "$bin/catalyst-forge-cmp" generate)
