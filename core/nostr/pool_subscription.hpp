// The pool's record of one subscription: its filters, where each relay stands, whether the
// overall EOSE was reported, and the ids already delivered.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/nostr/filter.hpp"
#include "core/nostr/pool_output.hpp"
#include "core/nostr/seen_ids.hpp"

namespace flash::nostr {

enum class SubscriptionRelayState {
    pending,       ///< REQ not sent on the current connection (the relay is not connected)
    requested,     ///< REQ sent on the current connection
    waiting_auth,  ///< the relay said CLOSED "auth-required:"; REQ again once AUTH succeeds
    closed,        ///< the relay ended it for good; never sent again
};

class PoolSubscription {
public:
    struct Relay {
        SubscriptionRelayState state = SubscriptionRelayState::pending;
        bool eose = false;  ///< stored events done (EOSE, timeout, disconnect or CLOSED)
    };

    PoolSubscription(SubscriptionId id, std::vector<Filter> filters, std::uint64_t eose_deadline_ms,
                     std::size_t max_seen_ids)
        : id_(std::move(id)), filters_(std::move(filters)), eose_deadline_ms_(eose_deadline_ms),
          seen_(max_seen_ids) {}

    const SubscriptionId& id() const noexcept { return id_; }
    const std::vector<Filter>& filters() const noexcept { return filters_; }
    std::map<std::string, Relay>& relays() noexcept { return relays_; }
    const std::map<std::string, Relay>& relays() const noexcept { return relays_; }
    Relay* relay(const std::string& url);

    /// Marks `url` done with stored events. Returns true the first time (report it), false after.
    bool finish_relay(const std::string& url);
    /// True exactly once: when every relay is done (report SubscriptionEose).
    bool take_all_done();
    /// When stored events stop being awaited (eose timeout), until the overall EOSE is reported.
    std::optional<std::uint64_t> eose_deadline() const noexcept;

    SeenIds& seen() noexcept { return seen_; }

private:
    SubscriptionId id_;
    std::vector<Filter> filters_;
    std::map<std::string, Relay> relays_;
    std::uint64_t eose_deadline_ms_;
    bool all_done_reported_ = false;
    SeenIds seen_;
};

}  // namespace flash::nostr
