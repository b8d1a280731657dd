// Bech32 (BIP-173) and bech32m (BIP-350) with a configurable length limit.
//
// Decoding throws Error(bad_bech32) for mixed case, a missing separator, an empty or bad hrp,
// characters outside the charset, too long strings; Error(bad_checksum) when the checksum
// matches neither variant.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/bytes.hpp"

namespace flash::codec {

enum class Bech32Variant { bech32, bech32m };

/// The BIP-173 limit; BOLT11 invoices and NIP-19 TLV strings pass a larger one.
inline constexpr std::size_t bech32_default_limit = 90;

struct Bech32Data {
    std::string hrp;       ///< lower-case human-readable part
    Bytes data;            ///< 5-bit groups, checksum removed
    Bech32Variant variant; ///< which checksum matched
};

/// `data` holds 5-bit values (each < 32), else Error(bad_bech32).
std::string bech32_encode(std::string_view hrp, ByteView data, Bech32Variant variant,
                          std::size_t limit = bech32_default_limit);
Bech32Data bech32_decode(std::string_view text, std::size_t limit = bech32_default_limit);

/// Regroups bits (8→5 with padding for encoding, 5→8 without for decoding). When `pad` is false,
/// leftover bits must be fewer than `from` and zero, else Error(bad_bech32).
Bytes convert_bits(ByteView data, unsigned from, unsigned to, bool pad);

/// Convenience: bytes → bech32 string with 8→5 conversion (npub, ncryptsec, lnurl).
std::string bech32_encode_bytes(std::string_view hrp, ByteView bytes, Bech32Variant variant,
                                std::size_t limit = bech32_default_limit);

}  // namespace flash::codec
