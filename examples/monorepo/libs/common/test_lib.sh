#!/bin/sh
set -eu
. ./lib.sh
[ "$(slugify 'Hello World')" = "hello-world" ] || { echo "slugify failed" >&2; exit 1; }
echo "test: slugify ok"
