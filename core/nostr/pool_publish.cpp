// Publish bookkeeping for the pool.
#include "core/nostr/pool_publish.hpp"

namespace flash::nostr {

PublishRelayState* PoolPublish::relay(const std::string& url) {
    const auto it = relays_.find(url);
    return it == relays_.end() ? nullptr : &it->second;
}

void PoolPublish::finish(const std::string& url, PublishStatus status) {
    PublishRelayState* state = relay(url);
    if (state == nullptr || *state == PublishRelayState::done) return;
    *state = PublishRelayState::done;
    switch (status) {
        case PublishStatus::accepted: ++accepted_; break;
        case PublishStatus::rejected: ++rejected_; break;
        case PublishStatus::timed_out: ++timed_out_; break;
    }
}

bool PoolPublish::complete() const noexcept {
    for (const auto& entry : relays_)
        if (entry.second != PublishRelayState::done) return false;
    return true;
}

PublishCompleted PoolPublish::summary() const {
    return {event_.id, accepted_ > 0, accepted_, rejected_, timed_out_};
}

}  // namespace flash::nostr
