#!/bin/sh
# Installs the build into a temporary prefix and builds examples/c against it both ways:
# find_package(forge) with CMake, and pkg-config. Both programs must run.
set -eu
build=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

cmake --install "$build" --prefix "$prefix" >/dev/null
test -L "$prefix/lib/libforge.so" || { echo "libforge.so symlink missing"; exit 1; }
soname=$(objdump -p "$prefix/lib/libforge.so" | awk '/SONAME/ {print $2}')
[ "$soname" = "libforge.so.0" ] || { echo "unexpected SONAME: $soname"; exit 1; }
test -f "$prefix/include/forge/forge.h"
test -f "$prefix/lib/pkgconfig/forge.pc"
test -f "$prefix/lib/cmake/forge/forgeConfig.cmake"

cmake -S "$src/examples/c" -B "$work/cmake-build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_BUILD_RPATH="$prefix/lib" >/dev/null
cmake --build "$work/cmake-build" >/dev/null
"$work/cmake-build/hello_forge" | grep -q "^libforge 0\." || { echo "CMake-built example failed"; exit 1; }

PKG_CONFIG_PATH="$prefix/lib/pkgconfig" cc "$src/examples/c/hello_forge.c" \
  $(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs forge) \
  -Wl,-rpath,"$prefix/lib" -o "$work/hello_pc"
"$work/hello_pc" | grep -q "adapters: {" || { echo "pkg-config-built example failed"; exit 1; }
echo "install: CMake package and pkg-config both build and run examples/c"
