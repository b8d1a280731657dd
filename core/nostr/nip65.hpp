// NIP-65: a user's relay list (kind 10002, replaceable): ["r", <url>] for read and write, or
// ["r", <url>, "read"] / ["r", <url>, "write"]. Clients read a user's events from their write
// relays and send events mentioning them to their read relays (the outbox model).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/nostr/event.hpp"

namespace flash::nostr {

inline constexpr std::uint16_t kind_relay_list = 10002;

struct RelayListEntry {
    std::string url;  ///< normalised (relay_url.hpp)
    bool read = true;
    bool write = true;
};

/// The unsigned kind-10002 event (empty content) at `now_s`. Error(bad_argument) for an invalid
/// URL or an entry that is neither read nor write. Duplicate URLs are merged.
UnsignedEvent make_relay_list(const std::vector<RelayListEntry>& relays, std::int64_t now_s);

/// The entries of a relay list in tag order, duplicates merged. Lenient, as lists written by other
/// clients vary: tags other than "r", invalid URLs and unknown markers are skipped.
/// Error(bad_event) if the event is not kind 10002. Does not verify the signature.
std::vector<RelayListEntry> parse_relay_list(const UnsignedEvent& event);

/// The URLs marked for reading (inbox) or writing (outbox).
std::vector<std::string> read_relays(const std::vector<RelayListEntry>& list);
std::vector<std::string> write_relays(const std::vector<RelayListEntry>& list);

}  // namespace flash::nostr
