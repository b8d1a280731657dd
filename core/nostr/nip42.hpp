// NIP-42: authentication of clients to relays with a signed kind-22242 event carrying the relay's
// challenge.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/nostr/event.hpp"

namespace flash::nostr {

inline constexpr std::uint16_t kind_client_auth = 22242;
/// NIP-42 suggests about ten minutes either way.
inline constexpr std::int64_t default_auth_window_s = 600;

/// The unsigned AUTH event for `relay_url` and `challenge` at `now_s` (unix seconds), with tags
/// ["relay", url] and ["challenge", challenge] and empty content; sign() fills in the pubkey.
/// The URL is sent as given (the relay compares normalised forms).
UnsignedEvent make_auth_event(std::string_view relay_url, std::string_view challenge, std::int64_t now_s);

enum class AuthStatus {
    ok,
    wrong_kind,          ///< not kind 22242
    bad_signature,       ///< id or signature does not verify
    challenge_mismatch,  ///< no challenge tag, or another challenge
    relay_mismatch,      ///< no relay tag, or a URL that does not normalise to ours
    stale,               ///< created_at outside now ± window
};

struct AuthCheck {
    AuthStatus status = AuthStatus::ok;
    crypto::XOnlyKey pubkey{};  ///< the authenticated key when status == ok
    bool ok() const noexcept { return status == AuthStatus::ok; }
};

/// The relay side: checks `event` against the challenge it sent on this connection, its own URL
/// and the clock (`now_s`, unix seconds). Never throws; the first failing check is reported.
AuthCheck validate_auth_event(const Event& event, std::string_view relay_url, std::string_view challenge,
                              std::int64_t now_s, std::int64_t window_s = default_auth_window_s) noexcept;

/// A short text for an OK message ("auth-required: ..."/"invalid: ...") after a failed check.
std::string_view describe(AuthStatus status) noexcept;

}  // namespace flash::nostr
