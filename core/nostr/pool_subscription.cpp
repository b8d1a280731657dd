// Subscription bookkeeping for the pool.
#include "core/nostr/pool_subscription.hpp"

namespace flash::nostr {

PoolSubscription::Relay* PoolSubscription::relay(const std::string& url) {
    const auto it = relays_.find(url);
    return it == relays_.end() ? nullptr : &it->second;
}

bool PoolSubscription::finish_relay(const std::string& url) {
    Relay* r = relay(url);
    if (r == nullptr || r->eose) return false;
    r->eose = true;
    return true;
}

bool PoolSubscription::take_all_done() {
    if (all_done_reported_) return false;
    for (const auto& entry : relays_)
        if (!entry.second.eose) return false;
    all_done_reported_ = true;
    return true;
}

std::optional<std::uint64_t> PoolSubscription::eose_deadline() const noexcept {
    if (all_done_reported_) return std::nullopt;
    return eose_deadline_ms_;
}

}  // namespace flash::nostr
