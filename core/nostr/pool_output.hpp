// What the relay pool (pool.hpp) hands out: actions for the host that moves bytes, and events for
// the app. Plain data; the host applies actions in order.
#pragma once

#include <cstddef>
#include <string>
#include <variant>
#include <vector>

#include "core/error.hpp"
#include "core/nostr/event.hpp"
#include "core/nostr/reason.hpp"

namespace flash::nostr {

enum class ConnectionState {
    disconnected,  ///< not in use (before the first connect, after remove_relay)
    connecting,    ///< OpenConnection issued, on_open not yet reported
    connected,
    backoff,       ///< closed or failed; a reconnect is scheduled
};

using SubscriptionId = std::string;

// Actions for the host. URLs are in normal form (relay_url.hpp).
struct OpenConnection {  ///< open a WebSocket to `url`, then call on_open or on_close
    std::string url;
};
struct CloseConnection {  ///< close it; the pool already treats it as closed (no on_close needed)
    std::string url;
};
struct SendFrame {  ///< send `text` as one WebSocket text frame
    std::string url;
    std::string text;
};
using Action = std::variant<OpenConnection, CloseConnection, SendFrame>;

// Events for the app.
struct EventReceived {  ///< a verified event matching the subscription, first sighting across relays
    SubscriptionId subscription;
    std::string relay;
    Event event;
};
enum class EoseCause {
    received,      ///< the relay sent EOSE
    timed_out,     ///< PoolConfig::eose_timeout_ms passed first
    disconnected,  ///< the relay was not connected or dropped before EOSE
    closed,        ///< the relay ended the subscription (CLOSED) for good
};
struct SubscriptionRelayEose {  ///< one relay is done with stored events (once per relay)
    SubscriptionId subscription;
    std::string relay;
    EoseCause cause;
};
struct SubscriptionEose {  ///< every relay of the subscription is done with stored events (once)
    SubscriptionId subscription;
};
struct SubscriptionClosed {  ///< a relay sent CLOSED; `will_retry` when the pool resubscribes after AUTH
    SubscriptionId subscription;
    std::string relay;
    Reason reason;
    bool will_retry;
};
enum class PublishStatus { accepted, rejected, timed_out };
struct PublishRelayResult {  ///< the final answer of one relay to a publish
    EventId event_id{};
    std::string relay;
    PublishStatus status;
    std::string message;  ///< the relay's OK message (reason.hpp splits its prefix)
};
struct PublishCompleted {  ///< every relay answered or timed out; succeeded when >= 1 accepted
    EventId event_id{};
    bool succeeded;
    std::size_t accepted;
    std::size_t rejected;
    std::size_t timed_out;
};
struct AuthChallenged {  ///< NIP-42 challenge (AuthPolicy::ask): call RelayPool::authenticate to answer
    std::string relay;
    std::string challenge;
};
struct AuthResult {  ///< the relay's OK to our AUTH
    std::string relay;
    bool accepted;
    std::string message;
};
struct NoticeReceived {
    std::string relay;
    std::string message;
};
struct RelayStateChanged {
    std::string relay;
    ConnectionState state;
};
struct ProtocolViolation {  ///< a frame was dropped: unparsable, bad signature, or not matching the filters
    std::string relay;
    Errc code;
    std::string detail;
};
using PoolEvent = std::variant<EventReceived, SubscriptionRelayEose, SubscriptionEose, SubscriptionClosed,
                               PublishRelayResult, PublishCompleted, AuthChallenged, AuthResult,
                               NoticeReceived, RelayStateChanged, ProtocolViolation>;

/// Everything produced since the last RelayPool::take_output(), in order.
struct PoolOutput {
    std::vector<Action> actions;
    std::vector<PoolEvent> events;
    bool empty() const noexcept { return actions.empty() && events.empty(); }
};

}  // namespace flash::nostr
