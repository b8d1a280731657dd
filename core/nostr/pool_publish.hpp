// The pool's record of one publish: the event, its deadline and each relay's answer so far.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "core/nostr/event.hpp"
#include "core/nostr/pool_output.hpp"

namespace flash::nostr {

enum class PublishRelayState {
    unsent,        ///< not sent on the current connection (sent on the next open)
    sent,          ///< EVENT sent, OK awaited
    waiting_auth,  ///< OK false "auth-required:"; sent again once AUTH succeeds
    done,          ///< answered (accepted or rejected) or timed out
};

class PoolPublish {
public:
    PoolPublish(Event event, std::uint64_t deadline_ms) : event_(std::move(event)), deadline_ms_(deadline_ms) {}

    const Event& event() const noexcept { return event_; }
    std::uint64_t deadline() const noexcept { return deadline_ms_; }
    std::map<std::string, PublishRelayState>& relays() noexcept { return relays_; }
    const std::map<std::string, PublishRelayState>& relays() const noexcept { return relays_; }
    PublishRelayState* relay(const std::string& url);

    /// Records the final status of `url` (ignored if it is already done).
    void finish(const std::string& url, PublishStatus status);
    /// True when every relay is done.
    bool complete() const noexcept;
    PublishCompleted summary() const;

private:
    Event event_;
    std::uint64_t deadline_ms_;
    std::map<std::string, PublishRelayState> relays_;
    std::size_t accepted_ = 0, rejected_ = 0, timed_out_ = 0;
};

}  // namespace flash::nostr
