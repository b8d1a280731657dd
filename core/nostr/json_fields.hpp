// Strict readers for fields of NOSTR JSON from outside (events, filters, NIP-19 strings): the
// checks NIP-01 makes that nlohmann's types do not. Parsing the text itself: json_text.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string_view>

#include "core/bytes.hpp"
#include "core/codec/utf8.hpp"

namespace flash::nostr {

/// NIP-01 requires every string to be valid UTF-8.
using codec::is_utf8;

/// The value of a JSON integer in [0, max]; nullopt for anything else (floats such as 1.5 or
/// 1e3 included, even when integral: NIP-01 numbers are integers).
std::optional<std::uint64_t> json_uint(const nlohmann::json& value, std::uint64_t max) noexcept;

/// Fills `out` from a JSON string of exactly 2*out.size() lower-case hex digits; false (and
/// `out` unspecified) for anything else. NIP-01 hex is lower-case only.
bool json_lower_hex(const nlohmann::json& value, std::span<std::uint8_t> out) noexcept;

/// The same, returning the N bytes or nullopt.
template <std::size_t N>
std::optional<ByteArray<N>> json_lower_hex_array(const nlohmann::json& value) noexcept {
    ByteArray<N> out{};
    if (!json_lower_hex(value, out)) return std::nullopt;
    return out;
}

}  // namespace flash::nostr
