#!/bin/sh
# Builds a single-layer OCI image layout of the service in $1, deterministically, with nothing
# but tar and sha256sum: no container engine needed.
set -eu
out=$1
rm -rf "$out"; mkdir -p "$out/blobs/sha256"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/rootfs/app"; cp src/server.sh "$work/rootfs/app/server.sh"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/rootfs" -cf "$work/layer.tar" app
blob() { d=$(sha256sum "$1" | cut -d' ' -f1); cp "$1" "$out/blobs/sha256/$d"; echo "$d"; }
size() { wc -c < "$1" | tr -d ' '; }
layer=$(blob "$work/layer.tar"); layer_size=$(size "$work/layer.tar")
printf '{"architecture":"amd64","os":"linux","config":{"Entrypoint":["/app/server.sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' "$layer" > "$work/config.json"
config=$(blob "$work/config.json"); config_size=$(size "$work/config.json")
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
  "$config" "$config_size" "$layer" "$layer_size" > "$work/manifest.json"
manifest=$(blob "$work/manifest.json"); manifest_size=$(size "$work/manifest.json")
printf '{"imageLayoutVersion":"1.0.0"}' > "$out/oci-layout"
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"latest"}}]}' \
  "$manifest" "$manifest_size" > "$out/index.json"
echo "image: $out (manifest sha256:$manifest)"
