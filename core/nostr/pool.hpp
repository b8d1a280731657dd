// A pool of relay connections as a sans-I/O state machine.
//
// The host (JS WebSocket in the browser, Beast natively) moves bytes and reports what happened:
// on_open / on_close / on_frame, plus tick(now_ms) when next_deadline() arrives. The app calls
// subscribe / unsubscribe / publish / authenticate. Everything the pool wants done or wants the
// app to know accumulates until take_output(): actions (open, close, send a frame) and events
// (pool_output.hpp). Nothing here reads a clock: calls that depend on time take `now_ms`,
// monotonic milliseconds chosen by the host.
//
// Behaviour:
// - Relays are keyed by their normal URL (relay_url.hpp); each is connecting, connected, in
//   backoff (exponential with cap and jitter, backoff.hpp) or disconnected (removed).
// - On every (re)connect the pool sends REQ for each active subscription of that relay and EVENT
//   for each publish it has not answered yet; nothing else is buffered while a relay is down.
// - Events are checked (signature, the subscription's filters) and delivered once per
//   subscription, however many relays send them.
// - Overall EOSE is reported once when every relay of the subscription sent EOSE, timed out,
//   is not connected, or closed the subscription.
// - A publish completes when every relay answered OK or timed out (PoolConfig::publish_timeout_ms
//   from publish()); it succeeded when at least one relay accepted.
// - NIP-42: a CLOSED or OK-false with "auth-required:" waits for AUTH when the policy allows it,
//   then the REQ or EVENT is sent again; otherwise it is final.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/nostr/backoff.hpp"
#include "core/nostr/event.hpp"
#include "core/nostr/filter.hpp"
#include "core/nostr/messages.hpp"
#include "core/nostr/pool_output.hpp"
#include "core/nostr/pool_publish.hpp"
#include "core/nostr/pool_subscription.hpp"
#include "core/nostr/relay_connection.hpp"

namespace flash::nostr {

enum class AuthPolicy {
    never,      ///< ignore challenges; "auth-required:" is final
    ask,        ///< report AuthChallenged; the app answers with authenticate() (or not)
    automatic,  ///< sign with PoolConfig::signer when a request needs it and a challenge is known
};

/// Signs an AUTH event template (kind 22242) with the user's key and returns the signed event.
/// An exception it throws propagates out of the pool call that needed the signature.
using AuthSigner = std::function<Event(const UnsignedEvent&)>;

struct PoolConfig {
    BackoffPolicy backoff;
    RandomSource random;                      ///< jitter; empty = no jitter (deterministic)
    std::uint64_t connect_timeout_ms = 10000;
    std::uint64_t eose_timeout_ms = 10000;    ///< from subscribe()
    std::uint64_t publish_timeout_ms = 15000; ///< from publish()
    AuthPolicy auth = AuthPolicy::ask;
    AuthSigner signer;                        ///< required for AuthPolicy::automatic
    bool verify_signatures = true;            ///< off only for events from a trusted local relay
    MessageLimits limits;                     ///< applied to every frame (max_bytes bounds a frame)
    std::size_t max_subscriptions = 256;
    std::size_t max_pending_publishes = 256;
    std::size_t max_seen_ids = 10000;         ///< per subscription, for de-duplication
    std::string subscription_prefix = "flash:";  ///< ids are prefix + counter (<= 64 chars total)
};

class RelayPool {
public:
    /// Error(bad_argument) for automatic auth without a signer or a prefix over 40 characters.
    explicit RelayPool(PoolConfig config = {});

    // Relays. URLs are normalised; an invalid one throws Error(bad_argument).
    /// Adds a relay and starts connecting (no effect if present).
    void add_relay(std::string_view url, std::uint64_t now_ms);
    /// Closes and forgets a relay: its subscriptions stop there, its pending publishes there are
    /// rejected ("error: relay removed").
    void remove_relay(std::string_view url);
    /// The state of a relay (disconnected if unknown).
    ConnectionState relay_state(std::string_view url) const;
    std::vector<std::string> relays() const;

    /// Subscribes to `filters` (>= 1, at most limits.max_filters) on `relays` (empty = every relay
    /// in the pool; unknown ones are added). Returns the subscription id.
    /// Error(bad_argument) for no filters or no relays at all, Error(too_large) past
    /// max_subscriptions or max_filters.
    SubscriptionId subscribe(std::vector<Filter> filters, const std::vector<std::string>& relays,
                             std::uint64_t now_ms);
    /// Sends CLOSE where the REQ is open and forgets the subscription (unknown ids are ignored).
    void unsubscribe(const SubscriptionId& id);

    /// Publishes a signed event to `relays` (empty = every relay). Results arrive as
    /// PublishRelayResult events and one PublishCompleted, keyed by the event id.
    /// Error(bad_argument) if the same event is still being published or there are no relays,
    /// Error(too_large) past max_pending_publishes.
    void publish(const Event& event, const std::vector<std::string>& relays, std::uint64_t now_ms);

    /// Answers the current challenge of `url` with a signed kind-22242 event (AuthPolicy::ask).
    /// Returns false, sending nothing, when the relay is not connected or sent no challenge;
    /// Error(bad_argument) if the event is not kind 22242.
    bool authenticate(std::string_view url, const Event& auth_event);

    // Host input. Reports about connections the pool did not ask for (or gave up on) are ignored.
    /// The connection opened: REQ for the relay's subscriptions, EVENT for its unanswered publishes.
    void on_open(std::string_view url);
    /// The connection closed or failed to open: backoff, then reconnect.
    void on_close(std::string_view url, std::uint64_t now_ms);
    void on_frame(std::string_view url, std::string_view text, std::uint64_t now_ms);
    /// Runs the timers due at `now_ms` (reconnects, connect/EOSE/publish timeouts).
    void tick(std::uint64_t now_ms);
    /// The earliest time tick() has work, if any.
    std::optional<std::uint64_t> next_deadline() const;

    /// Everything produced since the last call.
    PoolOutput take_output();

private:
    RelayConnection* find(std::string_view url);
    RelayConnection& ensure_relay(const std::string& normal_url, std::uint64_t now_ms);
    std::vector<std::string> targets(const std::vector<std::string>& relays, std::uint64_t now_ms);
    void connect(RelayConnection& relay, std::uint64_t now_ms);
    void lost(RelayConnection& relay, std::uint64_t now_ms);
    void send(const RelayConnection& relay, const ClientMessage& message);
    void emit(PoolEvent event);
    void set_state_event(const RelayConnection& relay);

    void send_req(RelayConnection& relay, PoolSubscription& sub);
    void send_event(RelayConnection& relay, PoolPublish& publish);
    void finish_sub_relay(PoolSubscription& sub, const std::string& url, EoseCause cause);
    void finish_publish_relay(PoolPublish& publish, const std::string& url, PublishStatus status,
                              std::string message);
    void complete_publishes();

    bool may_authenticate(const RelayConnection& relay) const;
    void authenticate_if_needed(RelayConnection& relay, std::uint64_t now_ms);
    bool waiting_for_auth(const std::string& url) const;
    void auth_answered(RelayConnection& relay, bool accepted, const std::string& message);

    void handle(RelayConnection& relay, RelayEvent&& message);
    void handle(RelayConnection& relay, const RelayOk& message, std::uint64_t now_ms);
    void handle(RelayConnection& relay, const RelayEose& message);
    void handle(RelayConnection& relay, const RelayClosed& message, std::uint64_t now_ms);
    void handle(RelayConnection& relay, const RelayAuth& message, std::uint64_t now_ms);

    PoolConfig config_;
    std::map<std::string, RelayConnection> relays_;
    std::map<SubscriptionId, PoolSubscription> subscriptions_;
    std::map<EventId, PoolPublish> publishes_;
    std::uint64_t next_subscription_ = 0;
    PoolOutput output_;
};

}  // namespace flash::nostr
