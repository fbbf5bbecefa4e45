# Packaging for embedders: the runtime library libakira (shared and static), the tools,
# the headers, a CMake package (find_package(Akira)) and pkg-config files.
# Included at the end of the top-level CMakeLists.txt, once every target exists.
# docs/embedding.md ("Building against an installed Akira") describes what gets installed.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The stages an embedder's program needs: the C API library and every library of this
# project it links (a platform layer library, when the tree has one, comes along), with
# what they link besides (threads, libsodium, whatever a platform layer needs): the
# dependencies of libakira.
set(AKIRA_RUNTIME_STAGES)
set(akira_external_deps)
set(akira_needs_sodium OFF)
set(akira_todo akira_api akira_platform)
set(akira_seen ${akira_todo})
while(akira_todo)
  list(POP_FRONT akira_todo t)
  if(NOT TARGET ${t})
    continue()
  endif()
  get_target_property(type ${t} TYPE)
  if(type STREQUAL "STATIC_LIBRARY" OR type STREQUAL "OBJECT_LIBRARY")
    list(APPEND AKIRA_RUNTIME_STAGES ${t})
  endif()
  get_target_property(deps ${t} INTERFACE_LINK_LIBRARIES)
  if(NOT deps)
    continue()
  endif()
  foreach(d ${deps})
    if(d MATCHES "^\\$<TARGET_NAME_IF_EXISTS:(.*)>$")  # akira_aot, when built
      set(d ${CMAKE_MATCH_1})
    endif()
    if(d MATCHES "^\\$<\\$<BOOL:")
      continue()
    elseif(d MATCHES "^akira_")
      if(NOT d IN_LIST akira_seen)
        list(APPEND akira_seen ${d})
        list(APPEND akira_todo ${d})
      endif()
    elseif(d STREQUAL "${AKIRA_SODIUM_LIB}")
      set(akira_needs_sodium ON)
    else()
      list(APPEND akira_external_deps ${d})
    endif()
  endforeach()
endwhile()
message(STATUS "libakira: ${AKIRA_RUNTIME_STAGES}")

# Their code is compiled once, position-independent (for libakira.so) with hidden
# visibility: the API functions are marked visible in wasm.h (WASM_API_EXTERN), everything
# else stays inside the library. Within one executable or library this costs nothing:
# hidden symbols are reached PC-relative, as in the position-independent executables
# Debian's clang makes by default (measured: docs/embedding.md).
set_target_properties(${AKIRA_RUNTIME_STAGES} PROPERTIES
  POSITION_INDEPENDENT_CODE ON
  C_VISIBILITY_PRESET hidden
  CXX_VISIBILITY_PRESET hidden
  VISIBILITY_INLINES_HIDDEN ON)

list(REMOVE_DUPLICATES akira_external_deps)
if(akira_needs_sodium)
  # libakira.so uses the shared libsodium whatever AKIRA_STATIC_RUNTIME says: a static
  # archive built for executables may not link into a shared library.
  find_library(AKIRA_SODIUM_SHARED_LIB NAMES libsodium.so sodium REQUIRED)
endif()

set(akira_objects)
foreach(stage ${AKIRA_RUNTIME_STAGES})
  list(APPEND akira_objects $<TARGET_OBJECTS:${stage}>)
endforeach()

# Linker version script: the dynamic symbol table holds the API and nothing else (template
# instantiations of std:: types would otherwise be exported as weak symbols).
set(AKIRA_EXPORTS_MAP ${CMAKE_CURRENT_BINARY_DIR}/libakira.map)
file(WRITE ${AKIRA_EXPORTS_MAP} "{\n  global:\n    wasm_*;\n    akira_*;\n  local:\n    *;\n};\n")

# libakira.so
add_library(akira_shared SHARED ${akira_objects})
set_target_properties(akira_shared PROPERTIES
  OUTPUT_NAME akira
  EXPORT_NAME akira
  LINKER_LANGUAGE CXX
  VERSION ${PROJECT_VERSION}
  # Before 1.0 a minor release may change the ABI: the soname carries major.minor.
  SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR}
  LINK_DEPENDS ${AKIRA_EXPORTS_MAP})
target_link_options(akira_shared PRIVATE -Wl,--version-script=${AKIRA_EXPORTS_MAP})
if(NOT AKIRA_SANITIZE AND NOT AKIRA_FUZZ)
  target_link_options(akira_shared PRIVATE -Wl,--no-undefined)  # every dependency is named
endif()
target_link_libraries(akira_shared PRIVATE ${akira_external_deps}
                      $<$<BOOL:${akira_needs_sodium}>:${AKIRA_SODIUM_SHARED_LIB}>)
target_include_directories(akira_shared INTERFACE $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
                           $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)

# libakira.a: the same objects in one archive. Its users also link libsodium, the thread
# library and the C++ standard library (the package and akira.pc say so).
add_library(akira_static STATIC ${akira_objects})
set_target_properties(akira_static PROPERTIES
  OUTPUT_NAME akira
  EXPORT_NAME akira_static
  LINKER_LANGUAGE CXX)
target_include_directories(akira_static INTERFACE $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
                           $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
target_link_libraries(akira_static INTERFACE ${akira_external_deps})
if(akira_needs_sodium)
  # The installed package finds libsodium on the embedder's machine (AkiraConfig.cmake).
  target_link_libraries(akira_static INTERFACE $<BUILD_INTERFACE:${AKIRA_SODIUM_LIB}>
                        $<INSTALL_INTERFACE:Akira::sodium>)
endif()

set(AKIRA_HAS_AOT OFF)
if(TARGET akira_aot)
  set(AKIRA_HAS_AOT ON)
endif()

# ---- Install rules ---------------------------------------------------------------------
install(FILES include/wasm.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
file(GLOB akira_public_headers CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/include/akira/*.h)
install(FILES ${akira_public_headers} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/akira)

install(TARGETS akira_shared akira_static EXPORT AkiraTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# The tools. `akira device` runs the akira-device installed beside akira.
if(TARGET akira)
  install(TARGETS akira akira-device RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
# akirac has no C API: embedders compile at build time with the tool, Akira::akirac.
if(TARGET akirac)
  # libLLVM may live outside the loader's paths (/usr/lib/llvm-22/lib on Debian).
  set_target_properties(akirac PROPERTIES INSTALL_RPATH_USE_LINK_PATH ON)
  install(TARGETS akirac EXPORT AkiraTargets RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

# The CMake package.
set(AKIRA_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/Akira)
install(EXPORT AkiraTargets NAMESPACE Akira:: DESTINATION ${AKIRA_CMAKE_DIR})
configure_package_config_file(${CMAKE_CURRENT_SOURCE_DIR}/cmake/AkiraConfig.cmake.in
                              ${CMAKE_CURRENT_BINARY_DIR}/AkiraConfig.cmake
                              INSTALL_DESTINATION ${AKIRA_CMAKE_DIR})
# Same soname rule: 0.x releases are compatible within a minor version.
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/AkiraConfigVersion.cmake
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/AkiraConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/AkiraConfigVersion.cmake
        DESTINATION ${AKIRA_CMAKE_DIR})

# pkg-config: akira (libakira.so; --static adds what libakira.a needs) and akira-static
# (libakira.a). Paths are relative to the .pc file, so the tree can be moved.
set(AKIRA_PC_LIBS_PRIVATE)
if(akira_needs_sodium)
  string(APPEND AKIRA_PC_LIBS_PRIVATE " -lsodium")
endif()
foreach(d ${akira_external_deps})
  if(d STREQUAL "Threads::Threads")
    continue()  # below
  elseif(d MATCHES "^-")
    string(APPEND AKIRA_PC_LIBS_PRIVATE " ${d}")
  elseif(NOT TARGET ${d} AND NOT d MATCHES "[/$<]")
    string(APPEND AKIRA_PC_LIBS_PRIVATE " -l${d}")
  endif()
endforeach()
string(APPEND AKIRA_PC_LIBS_PRIVATE " -lstdc++ -lm -pthread")
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(AKIRA_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(AKIRA_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
else()
  file(RELATIVE_PATH rel /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
  string(REGEX REPLACE "/$" "" rel "${rel}")
  set(AKIRA_PC_PREFIX "\${pcfiledir}/${rel}")
  set(AKIRA_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(AKIRA_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(AKIRA_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file(${CMAKE_CURRENT_SOURCE_DIR}/cmake/akira.pc.in ${CMAKE_CURRENT_BINARY_DIR}/akira.pc @ONLY)
configure_file(${CMAKE_CURRENT_SOURCE_DIR}/cmake/akira-static.pc.in ${CMAKE_CURRENT_BINARY_DIR}/akira-static.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/akira.pc ${CMAKE_CURRENT_BINARY_DIR}/akira-static.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# tests/install: install into a temporary prefix, build examples/ against it alone, run
# them. Sanitizer builds are left out: their libakira needs the sanitizer runtimes; cross
# builds too: the examples would build for the host.
if(AKIRA_BUILD_TESTS AND NOT AKIRA_SANITIZE AND NOT AKIRA_FUZZ AND NOT CMAKE_CROSSCOMPILING)
  add_test(NAME install.examples
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tests/install/install.sh ${CMAKE_BINARY_DIR})
  set_tests_properties(install.examples PROPERTIES LABELS install TIMEOUT 300)
endif()
