#!/bin/sh
set -eu
out=$(sh src/server.sh)
case "$out" in *ok*) echo "test: /healthz answers ok" ;; *) echo "test: unexpected response" >&2; exit 1 ;; esac
