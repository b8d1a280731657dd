// One relay's connection as the pool sees it: the state (disconnected, connecting, connected,
// backoff), when to retry, and what belongs to the current connection only (the NIP-42 session).
// No I/O: the pool turns transitions into actions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/nostr/backoff.hpp"
#include "core/nostr/event.hpp"
#include "core/nostr/pool_output.hpp"

namespace flash::nostr {

/// Lives as long as one connection; a fresh one on every open (NIP-42 challenges are per connection).
struct AuthSession {
    std::optional<std::string> challenge;  ///< the latest ["AUTH", challenge]
    std::optional<EventId> pending;        ///< our AUTH event awaiting OK
    bool authenticated = false;
};

class RelayConnection {
public:
    explicit RelayConnection(std::string url) : url_(std::move(url)) {}

    const std::string& url() const noexcept { return url_; }
    ConnectionState state() const noexcept { return state_; }
    bool connected() const noexcept { return state_ == ConnectionState::connected; }

    /// -> connecting (from disconnected or backoff).
    void start_connecting(std::uint64_t now_ms) noexcept;
    /// -> connected, with a fresh AuthSession.
    void opened() noexcept;
    /// The relay spoke sensibly: the next failure starts the backoff from the beginning again.
    void healthy() noexcept { failures_ = 0; }
    /// -> backoff; the retry time follows `policy` and the failures in a row.
    void failed(std::uint64_t now_ms, const BackoffPolicy& policy, const RandomSource& random);
    /// -> disconnected (no retry).
    void stop() noexcept;

    /// Backoff over: time to reconnect.
    bool retry_due(std::uint64_t now_ms) const noexcept;
    /// Connecting for longer than `timeout_ms`.
    bool connect_overdue(std::uint64_t now_ms, std::uint64_t timeout_ms) const noexcept;
    /// The next time retry_due or connect_overdue can change, if any.
    std::optional<std::uint64_t> deadline(std::uint64_t connect_timeout_ms) const noexcept;
    /// Failures in a row since the relay was last healthy.
    std::uint32_t failures() const noexcept { return failures_; }

    AuthSession& auth() noexcept { return auth_; }
    const AuthSession& auth() const noexcept { return auth_; }

private:
    std::string url_;
    ConnectionState state_ = ConnectionState::disconnected;
    std::uint64_t since_ms_ = 0;     ///< connecting: when it started
    std::uint64_t retry_at_ms_ = 0;  ///< backoff: when to reconnect
    std::uint32_t failures_ = 0;
    AuthSession auth_;
};

}  // namespace flash::nostr
