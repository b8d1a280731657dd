// Who may read which stored event. Direct messages and gift wraps are served only to the keys
// they are addressed to, and only after those keys authenticated (NIP-42), whatever the filter
// asked for: a filter without "kinds" must never leak them (NIP-17, NIP-59).
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "core/nostr/event.hpp"
#include "core/nostr/filter.hpp"

namespace flash::node::relay {

/// Kinds readable only by their recipients: 4 (legacy DM, also its author) and 1059 (gift wrap).
bool is_private_kind(std::uint16_t kind) noexcept;

/// Whether a connection authenticated as `readers` (possibly none) may receive `event` as far as
/// private kinds are concerned (groups decide separately).
bool may_read_private(const nostr::Event& event, std::span<const crypto::XOnlyKey> readers) noexcept;

/// True when a filter explicitly asks for a private kind: the relay then answers an
/// unauthenticated REQ with CLOSED "auth-required:" so that the client can AUTH and retry.
bool asks_for_private_kinds(const std::vector<nostr::Filter>& filters) noexcept;

}  // namespace flash::node::relay
