// Relay URLs: the one normal form used as a key by the pool, NIP-42 and NIP-65.
#pragma once

#include <string>
#include <string_view>

namespace flash::nostr {

/// Returns `url` in normal form: scheme and host lower-case, the default port (ws 80, wss 443)
/// dropped, a path of just "/" dropped; path and query kept as written.
/// Throws Error(bad_argument) unless the URL is ws:// or wss:// with a non-empty host and no
/// whitespace, control characters, fragment or user info.
std::string normalize_relay_url(std::string_view url);

/// True when both are valid relay URLs with the same normal form.
bool same_relay_url(std::string_view a, std::string_view b) noexcept;

}  // namespace flash::nostr
