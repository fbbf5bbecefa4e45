# 32-bit Arm Linux, Armv7-A hard-float (Debian armhf). The runtime is built as Thumb-2
# (Debian's armhf default); its .aot code is --target=thumbv7. See linux-cross.cmake.
set(CMAKE_SYSTEM_PROCESSOR armv7l)
set(AKIRA_CROSS_TRIPLE arm-linux-gnueabihf)
set(AKIRA_QEMU qemu-arm)
set(AKIRA_CROSS_NAME armhf)  # scripts/cross.sh's TARGET; names per-target known-failure lists
set(AKIRA_AOT_TARGET thumbv7 CACHE STRING "akirac --target for this runtime's .aot files")
set(CMAKE_C_FLAGS_INIT "-march=armv7-a -mfpu=vfpv3-d16 -mfloat-abi=hard -mthumb")
set(CMAKE_CXX_FLAGS_INIT "-march=armv7-a -mfpu=vfpv3-d16 -mfloat-abi=hard -mthumb")
include(${CMAKE_CURRENT_LIST_DIR}/linux-cross.cmake)
