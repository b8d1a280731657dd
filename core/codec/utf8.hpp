// Strict UTF-8 (RFC 3629): the one decoder behind every text check in core (CBOR text, NOSTR
// strings, Unicode normalisation). Rejects overlong forms, surrogates, truncated sequences and
// code points above U+10FFFF.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace flash::codec {

/// Decodes the code point starting at text[offset] and advances `offset` past it. Returns
/// nullopt, leaving `offset` unchanged, when the bytes there are not a valid UTF-8 sequence.
/// Precondition: offset < text.size().
std::optional<char32_t> next_code_point(std::string_view text, std::size_t& offset) noexcept;

/// True when all of `text` is valid UTF-8.
bool is_utf8(std::string_view text) noexcept;

}  // namespace flash::codec
