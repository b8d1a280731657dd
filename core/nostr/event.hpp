// NIP-01 events: the model, canonical serialisation, id, BIP-340 signature, JSON in and out.
//
// An Event is always structurally valid (hex fields are fixed-size byte arrays); whether its id
// and signature are right is a separate question answered by verify(). Parsing rejects anything
// that is not exactly an event (Error(bad_event), Error(bad_json), Error(too_large)).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/crypto/secp256k1.hpp"

namespace flash::nostr {

using EventId = ByteArray<32>;
using Tag = std::vector<std::string>;

/// What a client fills in before signing (also a NIP-59 "rumor": an event that is never signed).
struct UnsignedEvent {
    crypto::XOnlyKey pubkey{};
    std::int64_t created_at = 0;  ///< unix seconds
    std::uint16_t kind = 0;       ///< 0..65535
    std::vector<Tag> tags;
    std::string content;          ///< UTF-8

    bool operator==(const UnsignedEvent&) const = default;
};

struct Event : UnsignedEvent {
    EventId id{};
    crypto::Signature64 sig{};

    bool operator==(const Event&) const = default;  ///< every field, byte for byte
};

/// NIP-01 kind ranges.
enum class KindClass { regular, replaceable, ephemeral, addressable };
KindClass classify(std::uint16_t kind) noexcept;

/// Limits applied when parsing outside events; the relay passes its own (NIP-11 limitation).
struct EventLimits {
    std::size_t max_content_bytes = 256 * 1024;
    std::size_t max_tags = 2000;
    std::size_t max_tag_values = 100;       ///< strings in one tag
    std::size_t max_tag_value_bytes = 64 * 1024;
};

/// The canonical serialisation [0,pubkey,created_at,kind,tags,content] whose SHA-256 is the id
/// (NIP-01: no whitespace, UTF-8, the JSON escapes JSON.stringify uses).
/// Throws Error(bad_event) if a string is not valid UTF-8.
std::string serialize_for_id(const UnsignedEvent& event);
EventId compute_id(const UnsignedEvent& event);

/// Signs: sets pubkey from `key`, computes the id and signs it with fresh auxiliary randomness.
Event sign(UnsignedEvent event, const crypto::SecretKey& key);
/// The same with caller-chosen auxiliary randomness (tests, reproducible fixtures).
Event sign(UnsignedEvent event, const crypto::SecretKey& key, ByteView aux32);

/// True when the id matches the content and the signature is valid for pubkey over the id.
bool verify(const Event& event) noexcept;

/// The first value of the first tag named `name` that has a value (e.g. "p", "d", "expiration"),
/// or nullptr. The pointer is into `tags`.
const std::string* first_tag_value(const std::vector<Tag>& tags, std::string_view name) noexcept;

/// NIP-40: the time (unix seconds) in the first "expiration" tag, when it is a non-negative
/// decimal integer; nullopt when there is none or it is malformed (then the event never expires).
std::optional<std::int64_t> expiration(const UnsignedEvent& event) noexcept;

/// JSON object with the seven NIP-01 fields (hex lower-case).
nlohmann::json to_json(const Event& event);
std::string to_json_string(const Event& event);
/// The unsigned form (a rumor: pubkey, created_at, kind, tags, content and its id).
nlohmann::json to_json(const UnsignedEvent& event);

/// Parses an event object. Requires exactly the seven fields with the right JSON types, lower-case
/// hex of the right lengths, 0 <= kind <= 65535, created_at in [0, 2^53), UTF-8 strings, and the
/// limits. Does NOT check id or signature: call verify().
Event event_from_json(const nlohmann::json& json, const EventLimits& limits = {});
/// Parses JSON text first with parse_json_text() (Error(bad_json) if it is not JSON, is not UTF-8
/// or nests deeper than default_json_depth; the caller bounds the text's size).
Event parse_event(std::string_view json_text, const EventLimits& limits = {});
/// Parses a rumor (no sig; id optional but checked when present).
UnsignedEvent unsigned_event_from_json(const nlohmann::json& json, const EventLimits& limits = {});

}  // namespace flash::nostr
