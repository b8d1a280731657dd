// Base64 (RFC 4648 §4) and base64url (§5).
//
// Decoding is strict: it accepts the string with its padding or with none, but rejects wrong
// padding, characters from the other alphabet, whitespace and non-zero trailing bits
// (Error(bad_base64)).
#pragma once

#include <string>
#include <string_view>

#include "core/bytes.hpp"

namespace flash::codec {

enum class Padding { with, without };

std::string base64_encode(ByteView data, Padding padding = Padding::with);
Bytes base64_decode(std::string_view text);
std::string base64url_encode(ByteView data, Padding padding = Padding::without);
Bytes base64url_decode(std::string_view text);

}  // namespace flash::codec
