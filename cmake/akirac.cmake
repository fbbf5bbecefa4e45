# akirac, the ahead-of-time compiler: WebAssembly -> LLVM IR -> native object code.
# Only the akira_compile library and the akirac tool link LLVM; the runtime libraries
# (akira_runtime and friends) never do.
# LLVM's version file accepts only an exact major.minor request, so ask for any version
# and check the major one.
find_package(LLVM CONFIG QUIET PATHS /usr/lib/llvm-22/lib/cmake/llvm NO_DEFAULT_PATH)
if(NOT LLVM_FOUND)
  find_package(LLVM CONFIG QUIET)
endif()
if(LLVM_FOUND AND NOT LLVM_VERSION_MAJOR EQUAL 22)
  message(STATUS "akirac: LLVM ${LLVM_PACKAGE_VERSION} found, but 22 is needed")
  set(LLVM_FOUND FALSE)
endif()
set(akira_aot_default OFF)
if(LLVM_FOUND AND NOT CMAKE_CROSSCOMPILING)  # akirac is a host program; a cross build uses the host's
  set(akira_aot_default ON)
endif()
option(AKIRA_AOT_COMPILER "Build the akirac ahead-of-time compiler (needs LLVM 22)" ${akira_aot_default})
if(NOT AKIRA_AOT_COMPILER)
  return()
endif()
if(NOT LLVM_FOUND)
  message(FATAL_ERROR "AKIRA_AOT_COMPILER needs LLVM 22 (set LLVM_DIR to its lib/cmake/llvm)")
endif()
message(STATUS "akirac: LLVM ${LLVM_PACKAGE_VERSION} from ${LLVM_DIR}")

akira_stage(akira_compile DIRS compile DEPS akira_decode akira_validate Threads::Threads)
target_include_directories(akira_compile SYSTEM PUBLIC ${LLVM_INCLUDE_DIRS})
separate_arguments(akira_llvm_defs NATIVE_COMMAND "${LLVM_DEFINITIONS}")
target_compile_definitions(akira_compile PUBLIC ${akira_llvm_defs})
if(TARGET LLVM)
  # One shared libLLVM: links in a second instead of a minute.
  target_link_libraries(akira_compile PUBLIC LLVM)
else()
  llvm_map_components_to_libnames(akira_llvm_libs
    core support target passes analysis transformutils scalaropts ipo codegen mc
    irprinter bitwriter X86 AArch64 ARM RISCV Xtensa)
  target_link_libraries(akira_compile PUBLIC ${akira_llvm_libs})
endif()

find_package(CLI11 CONFIG REQUIRED)
add_executable(akirac ${CMAKE_CURRENT_SOURCE_DIR}/tools/akirac/main.cpp)
target_link_libraries(akirac PRIVATE akira_compile CLI11::CLI11)
