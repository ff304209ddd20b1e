# Catalyst Forge: a thin layer over CMake presets. `make demo` and `make test` install what a
# fresh Debian machine lacks (cmake/install-deps.sh), build, and run.
JOBS ?= $(shell nproc)

# ccache hits across checkouts in different folders (CI clones afresh): hash paths relative to here.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1
CTEST_JOBS ?= $(JOBS)

.PHONY: all deps test-deps build build-asan demo test test-unit test-asan fuzz clean

all: build

deps:
	@cmake/install-deps.sh build

test-deps:
	@cmake/install-deps.sh test

build: deps
	cmake --preset default >/dev/null
	cmake --build --preset default -j $(JOBS)

build-asan: deps
	cmake --preset asan >/dev/null
	cmake --build --preset asan -j $(JOBS) --target forge_unit_tests

# The main job on examples/ (see examples/demo.sh).
demo: build
	examples/demo.sh build

# Every test tier, then the unit tests again under ASan + UBSan, then the fuzz targets briefly.
test: test-deps build build-asan
	ctest --preset default -j $(CTEST_JOBS)
	ctest --preset asan -j $(CTEST_JOBS)
	@tests/fuzz/run.sh

test-unit: build
	ctest --preset default -L unit -j $(CTEST_JOBS)

clean:
	rm -rf build build-asan build-fuzz
