// Per-relay connection state.
#include "core/nostr/relay_connection.hpp"

namespace flash::nostr {

void RelayConnection::start_connecting(std::uint64_t now_ms) noexcept {
    state_ = ConnectionState::connecting;
    since_ms_ = now_ms;
}

void RelayConnection::opened() noexcept {
    state_ = ConnectionState::connected;
    auth_ = {};
}

void RelayConnection::failed(std::uint64_t now_ms, const BackoffPolicy& policy, const RandomSource& random) {
    ++failures_;
    state_ = ConnectionState::backoff;
    retry_at_ms_ = now_ms + backoff_delay(policy, failures_, random);
    auth_ = {};
}

void RelayConnection::stop() noexcept {
    state_ = ConnectionState::disconnected;
    auth_ = {};
}

bool RelayConnection::retry_due(std::uint64_t now_ms) const noexcept {
    return state_ == ConnectionState::backoff && now_ms >= retry_at_ms_;
}

bool RelayConnection::connect_overdue(std::uint64_t now_ms, std::uint64_t timeout_ms) const noexcept {
    return state_ == ConnectionState::connecting && now_ms >= since_ms_ + timeout_ms;
}

std::optional<std::uint64_t> RelayConnection::deadline(std::uint64_t connect_timeout_ms) const noexcept {
    if (state_ == ConnectionState::backoff) return retry_at_ms_;
    if (state_ == ConnectionState::connecting) return since_ms_ + connect_timeout_ms;
    return std::nullopt;
}

}  // namespace flash::nostr
