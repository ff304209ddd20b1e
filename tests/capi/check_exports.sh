#!/bin/sh
# libforge.so exports the C API and nothing else: every defined dynamic symbol starts with forge_.
set -eu
lib=$1
symbols=$(nm -D --defined-only "$lib" | awk '{print $3}')
[ -n "$symbols" ] || { echo "no exported symbols in $lib"; exit 1; }
stray=$(printf '%s\n' "$symbols" | grep -v '^forge_' || true)
if [ -n "$stray" ]; then
  echo "symbols outside the C API exported from $lib:"; printf '%s\n' "$stray" | head -20; exit 1
fi
echo "$(printf '%s\n' "$symbols" | wc -l) symbols, all forge_*"
