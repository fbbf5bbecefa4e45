# 64-bit RISC-V Linux, RV64GC lp64d (Debian riscv64). Debian 12 has no riscv64 archive for
# multiarch libraries: scripts/cross-deps.sh builds libsodium, zlib and GoogleTest from
# Debian's source packages into AKIRA_CROSS_PREFIX. See linux-cross.cmake.
set(CMAKE_SYSTEM_PROCESSOR riscv64)
set(AKIRA_CROSS_TRIPLE riscv64-linux-gnu)
set(AKIRA_QEMU qemu-riscv64)
set(AKIRA_CROSS_NAME riscv64)  # scripts/cross.sh's TARGET; names per-target known-failure lists
set(AKIRA_AOT_TARGET riscv64 CACHE STRING "akirac --target for this runtime's .aot files")
include(${CMAKE_CURRENT_LIST_DIR}/linux-cross.cmake)
