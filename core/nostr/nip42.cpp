// NIP-42 AUTH events.
#include "core/nostr/nip42.hpp"

#include "core/crypto/memory.hpp"
#include "core/nostr/relay_url.hpp"
#include "core/nostr/time_window.hpp"

namespace flash::nostr {

UnsignedEvent make_auth_event(std::string_view relay_url, std::string_view challenge, std::int64_t now_s) {
    UnsignedEvent event;
    event.created_at = now_s;
    event.kind = kind_client_auth;
    event.tags = {{"relay", std::string(relay_url)}, {"challenge", std::string(challenge)}};
    return event;
}

AuthCheck validate_auth_event(const Event& event, std::string_view relay_url, std::string_view challenge,
                              std::int64_t now_s, std::int64_t window_s) noexcept {
    if (event.kind != kind_client_auth) return {AuthStatus::wrong_kind, {}};
    if (!within_window(event.created_at, now_s, window_s)) return {AuthStatus::stale, {}};
    const std::string* tag_challenge = first_tag_value(event.tags, "challenge");
    if (tag_challenge == nullptr || !crypto::ct_equal(as_bytes(*tag_challenge), as_bytes(challenge)))
        return {AuthStatus::challenge_mismatch, {}};
    const std::string* tag_relay = first_tag_value(event.tags, "relay");
    if (tag_relay == nullptr || !same_relay_url(*tag_relay, relay_url)) return {AuthStatus::relay_mismatch, {}};
    if (!verify(event)) return {AuthStatus::bad_signature, {}};
    return {AuthStatus::ok, event.pubkey};
}

std::string_view describe(AuthStatus status) noexcept {
    switch (status) {
        case AuthStatus::ok: return "";
        case AuthStatus::wrong_kind: return "invalid: AUTH event must be kind 22242";
        case AuthStatus::bad_signature: return "invalid: bad AUTH event signature";
        case AuthStatus::challenge_mismatch: return "auth-required: challenge does not match";
        case AuthStatus::relay_mismatch: return "auth-required: relay URL does not match";
        case AuthStatus::stale: return "auth-required: created_at too far from now";
    }
    return "";
}

}  // namespace flash::nostr
