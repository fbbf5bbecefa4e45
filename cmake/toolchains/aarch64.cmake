# 64-bit Arm Linux (Debian arm64). See linux-cross.cmake.
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(AKIRA_CROSS_TRIPLE aarch64-linux-gnu)
set(AKIRA_QEMU qemu-aarch64)
set(AKIRA_CROSS_NAME aarch64)  # scripts/cross.sh's TARGET; names per-target known-failure lists
set(AKIRA_AOT_TARGET aarch64 CACHE STRING "akirac --target for this runtime's .aot files")
include(${CMAKE_CURRENT_LIST_DIR}/linux-cross.cmake)
