# cmake --install: headers, libforge.so with its SONAME, a CMake package and a pkg-config file.
include(CMakePackageConfigHelpers)

install(TARGETS forge EXPORT forgeTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  PUBLIC_HEADER DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/forge)
install(EXPORT forgeTargets NAMESPACE forge:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/forge)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/forgeConfig.cmake.in
  ${PROJECT_BINARY_DIR}/forgeConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/forge)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/forgeConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/forgeConfig.cmake ${PROJECT_BINARY_DIR}/forgeConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/forge)

# forge.pc finds its prefix relative to itself, so the installed tree can be moved.
file(RELATIVE_PATH FORGE_PC_TO_PREFIX /${CMAKE_INSTALL_LIBDIR}/pkgconfig /)
string(REGEX REPLACE "/$" "" FORGE_PC_TO_PREFIX "${FORGE_PC_TO_PREFIX}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/forge.pc.in ${PROJECT_BINARY_DIR}/forge.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/forge.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
