// NIP-59 gift wrap: hiding who talks to whom.
//
//   rumor  an unsigned event (UnsignedEvent; its id is computed, it is never signed)
//   seal   kind 13, no tags, content = NIP-44(rumor JSON) from the author to the recipient,
//          signed by the author
//   wrap   kind 1059, tags [["p", recipient], ...], content = NIP-44(seal JSON) to the recipient,
//          signed by a one-time random key
// Seal and wrap get a created_at up to two days before `now`, so relays cannot line them up with
// the real time, which only the rumor carries. Core has no clock: callers pass `now` (unix seconds).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "core/crypto/random.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/nostr/event.hpp"

namespace flash::nostr {

inline constexpr std::uint16_t kind_seal = 13;
inline constexpr std::uint16_t kind_gift_wrap = 1059;
/// A gift wrap relays do not store (NIP-59, added 2026).
inline constexpr std::uint16_t kind_ephemeral_gift_wrap = 21059;
/// Seals and wraps are dated uniformly in (now - this, now].
inline constexpr std::int64_t gift_wrap_max_backdate_s = 2 * 24 * 60 * 60;

/// Where the randomness of sealing and wrapping comes from (one-time keys, NIP-44 nonces,
/// timestamps, signature aux data): crypto::random_bytes unless a test injects its own.
using RandomSource = std::function<void(std::span<std::uint8_t>)>;

struct GiftWrapOptions {
    std::uint16_t kind = kind_gift_wrap;  ///< or kind_ephemeral_gift_wrap
    std::vector<Tag> extra_tags;          ///< appended after ["p", recipient], e.g. NIP-40 expiration
};

/// Seals `rumor` from `author` to `recipient`; the rumor's pubkey is set to the author's.
/// Throws Error(bad_public_key) for a recipient that is not a valid key, Error(bad_event) for a
/// rumor with strings that are not UTF-8.
Event seal_rumor(UnsignedEvent rumor, const crypto::SecretKey& author, const crypto::XOnlyKey& recipient,
                 std::int64_t now, const RandomSource& random = crypto::random_bytes);

/// Wraps a signed event (normally a seal) for `recipient` under a fresh one-time key.
/// Throws like seal_rumor(); Error(bad_argument) for an options.kind other than 1059/21059;
/// Error(crypto_failure) if `random` never yields a valid key.
Event gift_wrap(const Event& seal, const crypto::XOnlyKey& recipient, std::int64_t now,
                const RandomSource& random = crypto::random_bytes, const GiftWrapOptions& options = {});

/// seal_rumor() then gift_wrap(): the event to publish to the recipient's relays.
Event wrap_rumor(UnsignedEvent rumor, const crypto::SecretKey& author, const crypto::XOnlyKey& recipient,
                 std::int64_t now, const RandomSource& random = crypto::random_bytes,
                 const GiftWrapOptions& options = {});

/// What a gift wrap held, checked: the seal's signature is valid and its author wrote the rumor.
struct Unwrapped {
    UnsignedEvent rumor;  ///< rumor.pubkey is the authenticated author
    EventId rumor_id;
    Event seal;
};

/// Opens a wrap addressed to `recipient`. `limits` apply to the seal and the rumor inside.
/// Throws
///   Error(bad_event)      when the wrap is not kind 1059/21059 or its id/signature is wrong, the
///                         seal is not a kind-13 event with a valid signature, the rumor is not an
///                         unsigned event (or its stated id is wrong), or the rumor's pubkey is
///                         not the seal's (someone impersonating the author);
///   Error(decrypt_failed) when the wrap or seal was not encrypted to `recipient` or was altered;
///   Error(bad_payload)    for malformed NIP-44 content; Error(bad_json)/Error(too_large) for
///                         decrypted text that is not JSON or is over the limits.
Unwrapped unwrap_gift(const Event& wrap, const crypto::SecretKey& recipient, const EventLimits& limits = {});

}  // namespace flash::nostr
