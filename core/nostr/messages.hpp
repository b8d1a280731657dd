// NIP-01 wire messages in both directions (plus AUTH from NIP-42 and COUNT from NIP-45), as typed
// structs. Parsing is strict: the exact element count and JSON types for each message type.
//
// Errors (flash::Error):
//   too_large    the text is over MessageLimits::max_bytes, or a REQ/COUNT has too many filters
//   bad_json     the text is not JSON (or nests too deep)
//   bad_message  not an array, unknown type, wrong element count or type, bad subscription id
//   bad_event    an embedded event is malformed (parse only: ids and signatures are not checked;
//                call verify() on the event)
//   bad_filter   an embedded filter is malformed
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/nostr/event.hpp"
#include "core/nostr/filter.hpp"

namespace flash::nostr {

/// NIP-01: subscription ids are non-empty strings of at most 64 characters (counted in bytes).
inline constexpr std::size_t max_subscription_id_length = 64;

struct MessageLimits {
    std::size_t max_bytes = 512 * 1024;  ///< whole message text
    std::size_t max_filters = 32;        ///< filters in one REQ or COUNT
    EventLimits event;
};

// Client -> relay.
struct ClientEvent {  ///< ["EVENT", <event>]: publish
    Event event;
};
struct ClientReq {  ///< ["REQ", <sub id>, <filter>, ...]: at least one filter
    std::string subscription_id;
    std::vector<Filter> filters;
};
struct ClientClose {  ///< ["CLOSE", <sub id>]
    std::string subscription_id;
};
struct ClientAuth {  ///< ["AUTH", <kind-22242 event>] (NIP-42)
    Event event;
};
struct ClientCount {  ///< ["COUNT", <sub id>, <filter>, ...] (NIP-45)
    std::string subscription_id;
    std::vector<Filter> filters;
};
using ClientMessage = std::variant<ClientEvent, ClientReq, ClientClose, ClientAuth, ClientCount>;

// Relay -> client.
struct RelayEvent {  ///< ["EVENT", <sub id>, <event>]
    std::string subscription_id;
    Event event;
};
struct RelayOk {  ///< ["OK", <event id>, <accepted>, <message>]; see reason.hpp for prefixes
    EventId event_id{};
    bool accepted = false;
    std::string message;
};
struct RelayEose {  ///< ["EOSE", <sub id>]: stored events done, live events follow
    std::string subscription_id;
};
struct RelayClosed {  ///< ["CLOSED", <sub id>, <message>]: the relay ended the subscription
    std::string subscription_id;
    std::string message;
};
struct RelayNotice {  ///< ["NOTICE", <message>]
    std::string message;
};
struct RelayAuth {  ///< ["AUTH", <challenge>] (NIP-42)
    std::string challenge;
};
struct RelayCount {  ///< ["COUNT", <sub id>, {"count": n, "approximate"?: bool}] (NIP-45)
    std::string subscription_id;
    std::uint64_t count = 0;
    bool approximate = false;
};
using RelayMessage =
    std::variant<RelayEvent, RelayOk, RelayEose, RelayClosed, RelayNotice, RelayAuth, RelayCount>;

/// Parses what a client sent (the relay's side). Errors as listed at the top of this file.
ClientMessage parse_client_message(std::string_view text, const MessageLimits& limits = {});
/// Parses what a relay sent (the client's side). Errors as listed at the top of this file.
RelayMessage parse_relay_message(std::string_view text, const MessageLimits& limits = {});

/// Compact JSON text of a message. Throws Error(bad_message) for a subscription id that breaks
/// the NIP-01 rule or a REQ/COUNT without filters, so the pool and the relay never emit one, and
/// Error(bad_utf8) for a message string that is not UTF-8 (events throw as to_json() does).
std::string serialize(const ClientMessage& message);
std::string serialize(const RelayMessage& message);

/// Throws Error(bad_message) unless `id` is a valid subscription id.
void check_subscription_id(std::string_view id);

}  // namespace flash::nostr
