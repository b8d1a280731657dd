// NIP-19: bech32-encoded entities for display and sharing (npub, nsec, note, nprofile, nevent,
// naddr). Not used inside events or on the wire between clients and relays.
//
// Decoding accepts strings up to 5000 characters in bech32 (not bech32m), all lower or all upper
// case. Bech32 errors pass through (Error(bad_bech32), Error(bad_checksum); a bech32m checksum is
// Error(bad_checksum)); a wrong prefix, a payload of the wrong size or a malformed TLV (truncated,
// a required entry missing, a fixed-size entry of the wrong length, a string that is not UTF-8,
// a kind above 65535) is Error(bad_nip19). Unknown TLV types are ignored; of a repeated
// single-valued entry the first wins. Keys are not checked to be on the curve or in range: the
// crypto functions that use them do that.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/crypto/secp256k1.hpp"
#include "core/nostr/event.hpp"

namespace flash::nostr::nip19 {

/// NIP-19's limit on the length of an entity string.
inline constexpr std::size_t max_length = 5000;

/// npub: a public key.
struct Pubkey {
    crypto::XOnlyKey key{};
    bool operator==(const Pubkey&) const = default;
};

/// nsec: a secret key, wiped when this is destroyed.
struct SecretKey {
    crypto::SecretKey key;
    /// Constant-time comparison.
    bool operator==(const SecretKey& other) const noexcept;
};

/// note: an event id.
struct NoteId {
    EventId id{};
    bool operator==(const NoteId&) const = default;
};

/// nprofile: a public key and relays where it may be found.
struct Profile {
    crypto::XOnlyKey pubkey{};         ///< TLV 0
    std::vector<std::string> relays;   ///< TLV 1, in order
    bool operator==(const Profile&) const = default;
};

/// nevent: an event id with optional hints.
struct EventPointer {
    EventId id{};                              ///< TLV 0
    std::vector<std::string> relays;           ///< TLV 1
    std::optional<crypto::XOnlyKey> author;    ///< TLV 2
    std::optional<std::uint16_t> kind;         ///< TLV 3 (32-bit big-endian on the wire)
    bool operator==(const EventPointer&) const = default;
};

/// naddr: an addressable (or replaceable) event by kind, author and "d" identifier.
struct AddressPointer {
    std::string identifier;              ///< TLV 0, the "d" tag (may be empty), UTF-8
    crypto::XOnlyKey pubkey{};           ///< TLV 2, required
    std::uint16_t kind = 0;              ///< TLV 3, required
    std::vector<std::string> relays;     ///< TLV 1
    bool operator==(const AddressPointer&) const = default;
};

using Entity = std::variant<Pubkey, SecretKey, NoteId, Profile, EventPointer, AddressPointer>;

/// Decodes any of the six entities; the prefix picks the alternative. Errors as above.
Entity decode(std::string_view text);

/// Decodes an npub (Error(bad_nip19) for any other prefix).
crypto::XOnlyKey decode_npub(std::string_view text);
/// Decodes an nsec (Error(bad_nip19) for any other prefix).
crypto::SecretKey decode_nsec(std::string_view text);

/// Encoders: lower-case strings; TLVs written in type order 0, 1, 2, 3 (as nostr-tools does for
/// nprofile and 19.md shows). Error(too_large) if a relay URL or identifier exceeds the 255 bytes
/// a TLV holds, or the result would exceed max_length; Error(bad_nip19) if such a string is not
/// UTF-8.
std::string encode_npub(const crypto::XOnlyKey& key);
std::string encode_nsec(const crypto::SecretKey& key);
std::string encode_note(const EventId& id);
std::string encode_nprofile(const Profile& profile);
std::string encode_nevent(const EventPointer& pointer);
std::string encode_naddr(const AddressPointer& pointer);
/// Encodes whichever entity `entity` holds.
std::string encode(const Entity& entity);

}  // namespace flash::nostr::nip19
