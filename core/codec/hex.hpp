// Hexadecimal: lower-case encoding; decoding accepts either case.
#pragma once

#include <string>
#include <string_view>

#include <algorithm>

#include "core/bytes.hpp"
#include "core/error.hpp"

namespace flash::codec {

std::string hex_encode(ByteView data);
/// Throws Error(bad_hex) on odd length or a non-hex character.
Bytes hex_decode(std::string_view text);
/// Decodes exactly N bytes; Error(bad_length) if the text holds another amount.
template <std::size_t N>
ByteArray<N> hex_decode_array(std::string_view text) {
    if (text.size() != 2 * N) throw Error(Errc::bad_length, "expected " + std::to_string(N) + " bytes of hex");
    Bytes bytes = hex_decode(text);
    ByteArray<N> out{};
    std::copy(bytes.begin(), bytes.end(), out.begin());
    return out;
}

}  // namespace flash::codec
