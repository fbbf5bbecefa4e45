# Shared part of the Linux cross toolchain files (aarch64.cmake, armhf.cmake, riscv64.cmake):
# clang-22 and lld-22 compile for AKIRA_CROSS_TRIPLE against Debian's cross C library and
# libstdc++ (packages libc6-dev-<arch>-cross, libstdc++-12-dev-<arch>-cross, pulled in by
# g++-<triple>) and link the multiarch libraries (`dpkg --add-architecture`, e.g.
# libsodium-dev:arm64). Tests run under qemu-user (CMAKE_CROSSCOMPILING_EMULATOR).
#
# AKIRA_CROSS_PREFIX: an extra install prefix searched first, for libraries the
# architecture's Debian archive does not provide (scripts/cross-deps.sh builds them there).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_C_COMPILER clang-22)
set(CMAKE_CXX_COMPILER clang++-22)
set(CMAKE_ASM_COMPILER clang-22)
set(CMAKE_C_COMPILER_TARGET ${AKIRA_CROSS_TRIPLE})
set(CMAKE_CXX_COMPILER_TARGET ${AKIRA_CROSS_TRIPLE})
set(CMAKE_ASM_COMPILER_TARGET ${AKIRA_CROSS_TRIPLE})
set(CMAKE_LIBRARY_ARCHITECTURE ${AKIRA_CROSS_TRIPLE})
if(AKIRA_CROSS_PREFIX)
  # Before /usr/include, which clang also searches for a Debian multiarch target: the
  # prefix's httplib.h (header-only) must win over the host package's split one.
  string(APPEND CMAKE_C_FLAGS_INIT " -isystem ${AKIRA_CROSS_PREFIX}/include")
  string(APPEND CMAKE_CXX_FLAGS_INIT " -isystem ${AKIRA_CROSS_PREFIX}/include")
endif()
# Programs link statically: under Debian 12's qemu-user (7.2) the child of fork() hangs
# (aarch64) or crashes (armhf) in dynamically linked programs; static ones fork cleanly.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-fuse-ld=lld -static")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-fuse-ld=lld")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "-fuse-ld=lld")

# The cross C library's root first, then the multiarch folders of the host's /usr
# (/usr/lib/<triple>); headers-only packages (CLI11, nlohmann-json) come from /usr.
set(CMAKE_FIND_ROOT_PATH ${AKIRA_CROSS_PREFIX} /usr/${AKIRA_CROSS_TRIPLE} /)
set(CMAKE_PREFIX_PATH ${AKIRA_CROSS_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES AKIRA_CROSS_TRIPLE AKIRA_CROSS_PREFIX AKIRA_QEMU AKIRA_CROSS_NAME)

# qemu-user runs the target's programs; -L points its dynamic loader at the cross C library.
set(CMAKE_CROSSCOMPILING_EMULATOR ${AKIRA_QEMU} -L /usr/${AKIRA_CROSS_TRIPLE})
