// A minimal PNG encoder for the display framebuffer (8-bit RGB, zlib from the system).
#pragma once
#include <cstdint>
#include <string>

namespace akira::service {

// RGB565 pixels (row-major, `width` per row) as a PNG file.
std::string encode_png_rgb565(const uint16_t* pixels, uint32_t width, uint32_t height);

}  // namespace akira::service
