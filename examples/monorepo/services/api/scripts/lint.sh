#!/bin/sh
set -eu
for f in src/*.sh; do sh -n "$f"; done
echo "lint: $(ls src/*.sh | wc -l) scripts are valid shell"
