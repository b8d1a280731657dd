// Byte containers shared by every core module.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace flash {

/// An owned, growable byte string.
using Bytes = std::vector<std::uint8_t>;

/// A read-only view of bytes owned by someone else; valid only while the owner lives.
using ByteView = std::span<const std::uint8_t>;

/// A fixed-size byte string (keys, hashes, nonces).
template <std::size_t N>
using ByteArray = std::array<std::uint8_t, N>;

/// Views the characters of `s` as bytes (no copy, no encoding change).
inline ByteView as_bytes(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

/// Copies the bytes of `v` into a std::string (for text that arrived as bytes).
inline std::string_view as_chars(ByteView v) {
    return {reinterpret_cast<const char*>(v.data()), v.size()};
}

/// Concatenates byte views into one owned buffer.
template <typename... Views>
Bytes concat(const Views&... parts) {
    Bytes out;
    out.reserve((std::size(parts) + ... + 0));
    (out.insert(out.end(), std::begin(parts), std::end(parts)), ...);
    return out;
}

}  // namespace flash
