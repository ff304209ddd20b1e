# Every third-party library comes from Debian bookworm packages (cmake/install-deps.sh).
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(Boost 1.81 REQUIRED COMPONENTS json)
find_package(OpenSSL REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(LibArchive REQUIRED)
find_package(yaml-cpp REQUIRED)
pkg_check_modules(LIBGIT2 REQUIRED IMPORTED_TARGET libgit2)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
find_package(CLI11 CONFIG REQUIRED)

# NATS.c: Debian's CMake package for it references a static archive the -dev package does not
# ship, so find the shared library directly.
find_library(NATS_LIBRARY nats REQUIRED)
find_path(NATS_INCLUDE_DIR nats/nats.h REQUIRED)
add_library(forge_nats INTERFACE)
target_link_libraries(forge_nats INTERFACE ${NATS_LIBRARY})
target_include_directories(forge_nats SYSTEM INTERFACE ${NATS_INCLUDE_DIR})
set(FORGE_NATS_TARGET forge_nats)
