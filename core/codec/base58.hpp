// Base58 and base58check (Bitcoin alphabet).
#pragma once

#include <string>
#include <string_view>

#include "core/bytes.hpp"

namespace flash::codec {

std::string base58_encode(ByteView data);
/// Error(bad_base58) on a character outside the alphabet.
Bytes base58_decode(std::string_view text);
/// Appends the first 4 bytes of SHA-256d(payload) and encodes.
std::string base58check_encode(ByteView payload);
/// Error(bad_checksum) if the checksum does not match, Error(bad_length) if under 4 bytes.
Bytes base58check_decode(std::string_view text);

}  // namespace flash::codec
