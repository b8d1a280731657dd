// CRC-32 (ISO-HDLC / IEEE 802.3, as zlib and PNG compute it): reflected polynomial 0xEDB88320,
// initial value and final XOR 0xFFFFFFFF. Blockchain Commons URs use it for bytewords checksums
// and to identify the message of a fountain-coded part.
#pragma once

#include <cstdint>

#include "core/bytes.hpp"

namespace flash::codec {

/// The CRC-32 of `data`, e.g. crc32("123456789") == 0xCBF43926.
std::uint32_t crc32(ByteView data) noexcept;

}  // namespace flash::codec
