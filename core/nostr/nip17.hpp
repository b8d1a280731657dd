// NIP-17 private direct messages: kind-14 chat and kind-15 file rumors, gift-wrapped (NIP-59) to
// every participant and to the sender's own copy; kind 10050 lists the relays a user reads DMs on.
//
// A room is the set {sender} + p-tagged recipients; adding or removing someone makes a new room.
// The spec advises another scheme beyond ~10 participants (every message is one wrap per member).
// Rumors are never signed: a signed kind 14 would be a public message.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/crypto/secp256k1.hpp"
#include "core/nostr/event.hpp"
#include "core/nostr/nip59.hpp"

namespace flash::nostr {

inline constexpr std::uint16_t kind_chat_message = 14;
inline constexpr std::uint16_t kind_file_message = 15;
inline constexpr std::uint16_t kind_dm_relay_list = 10050;

/// The encrypted file a kind-15 message points to (its URL is the message content).
struct FileMetadata {
    std::string file_type;             ///< MIME type, e.g. "image/jpeg"
    std::string encryption_algorithm;  ///< e.g. "aes-gcm"
    std::string decryption_key;        ///< as the sender encoded it
    std::string decryption_nonce;
    ByteArray<32> sha256{};            ///< "x": SHA-256 of the file
    std::optional<std::uint64_t> size; ///< bytes
    std::optional<std::string> dim;    ///< "<width>x<height>"
    std::optional<std::string> blurhash;
    std::optional<std::string> thumb;  ///< thumbnail URL, encrypted with the same key and nonce
    std::vector<std::string> fallbacks;
};

/// A direct message as the user writes or reads it.
struct DirectMessage {
    std::uint16_t kind = kind_chat_message;      ///< 14 (text) or 15 (file)
    crypto::XOnlyKey sender{};                   ///< authenticated by the seal when received
    std::vector<crypto::XOnlyKey> recipients;    ///< the p tags, in order, without duplicates
    std::string content;                         ///< the text (14) or the file URL (15)
    std::int64_t created_at = 0;                 ///< the real time (unix s), seen only by members
    std::optional<EventId> reply_to;             ///< "e": the message this one answers
    std::optional<std::string> subject;          ///< "subject": the conversation's title
    std::optional<FileMetadata> file;            ///< present exactly for kind 15
};

/// The rumor for `message` (kind, sender, recipients, content, created_at, reply_to, subject and,
/// for kind 15, the file tags). Throws Error(bad_argument) for a kind other than 14/15, a kind-15
/// message without `file` (or a kind 14 with one), or no recipients.
UnsignedEvent make_dm_rumor(const DirectMessage& message);

/// Reads a rumor back. Throws Error(bad_event) for a kind other than 14/15, a p or e tag whose
/// value is not 64 lower-case hex digits, or a kind 15 without its file-type, encryption-algorithm,
/// decryption-key, decryption-nonce or x tag (or with an unreadable size). Unknown tags are ignored.
DirectMessage dm_from_rumor(const UnsignedEvent& rumor);

/// A gift wrap and the key it is addressed to (publish it to that key's kind-10050 relays).
struct AddressedWrap {
    crypto::XOnlyKey recipient;
    Event wrap;
};

/// Seals and wraps `message` once per recipient and, when `copy_to_sender` (turn it off for
/// disappearing messages), once for the sender unless the sender is also a recipient.
/// message.sender is ignored: the rumor carries the pubkey of `sender`. Throws like
/// make_dm_rumor() and wrap_rumor().
std::vector<AddressedWrap> wrap_dm(const DirectMessage& message, const crypto::SecretKey& sender,
                                   std::int64_t now, bool copy_to_sender = true,
                                   const RandomSource& random = crypto::random_bytes);

/// Opens a wrap addressed to `recipient`: the errors of unwrap_gift() and dm_from_rumor().
DirectMessage unwrap_dm(const Event& wrap, const crypto::SecretKey& recipient, const EventLimits& limits = {});

/// The unsigned kind-10050 list of DM inbox relays at `now_s` (["relay", url] tags, content "").
/// Throws Error(bad_argument) for an invalid relay URL. URLs are normalised, duplicates merged.
UnsignedEvent make_dm_relay_list(const std::vector<std::string>& relays, std::int64_t now_s);

/// The relay URLs of a kind-10050 list, normalised, in order, duplicates merged. Lenient: other
/// tags and invalid URLs are skipped. Error(bad_event) if the event is not kind 10050.
std::vector<std::string> parse_dm_relay_list(const UnsignedEvent& event);

}  // namespace flash::nostr
