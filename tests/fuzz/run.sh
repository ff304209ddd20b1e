#!/bin/sh
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a short, fixed time on
# its seed corpus. A crash, leak or sanitizer report fails the run.
set -eu
cd "$(dirname "$0")/../.."
seconds=${FORGE_FUZZ_SECONDS:-30}
if ! ls tests/fuzz/*_fuzz.cpp >/dev/null 2>&1; then
  echo "fuzz: no targets"; exit 0
fi
cmake --preset fuzz >/dev/null
targets=$(for src in tests/fuzz/*_fuzz.cpp; do basename "$src" .cpp; done)
cmake --build --preset fuzz -j "$(nproc)" --target $targets
for src in tests/fuzz/*_fuzz.cpp; do
  name=$(basename "$src" .cpp)
  corpus=tests/fuzz/corpus/${name%_fuzz}
  work=$(mktemp -d)
  [ -d "$corpus" ] && cp -r "$corpus"/. "$work"/
  echo "fuzz: $name for ${seconds}s"
  build-fuzz/bin/"$name" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 "$work" \
    >build-fuzz/"$name".log 2>&1 || { tail -40 build-fuzz/"$name".log; rm -rf "$work"; exit 1; }
  tail -1 build-fuzz/"$name".log
  rm -rf "$work"
done
