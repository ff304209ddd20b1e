# Compiler settings shared by every target of the project.
find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  set(CMAKE_C_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
endif()

# Our own code builds warning-free; third-party headers come in as SYSTEM includes.
add_library(forge_warnings INTERFACE)
target_compile_options(forge_warnings INTERFACE -Wall -Wextra -Werror)

if(FORGE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# Fuzzing (clang): instrument all code for coverage so the fuzzers see inside forge_core; the
# fuzz executables themselves add -fsanitize=fuzzer (tests/fuzz/CMakeLists.txt).
if(FORGE_BUILD_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
