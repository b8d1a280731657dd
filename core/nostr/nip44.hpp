// NIP-44 version 2: encrypted payloads between two NOSTR keys.
//
//   conversation_key = HKDF-extract(salt "nip44-v2", ikm = shared_x(secret, pubkey))
//   chacha_key(32) || chacha_nonce(12) || hmac_key(32) = HKDF-expand(conversation_key, nonce, 76)
//   padded  = prefix || plaintext || zeros to nip44_padded_len(len)
//   payload = base64(0x02 || nonce(32) || ChaCha20(padded) || HMAC-SHA256(hmac_key, nonce || ct))
//
// The length prefix follows 44.md after PR #1907 (2026-06-28): plaintexts of 1..65535 bytes carry
// the 2-byte big-endian length; 65536..2^32-1 bytes carry 6 bytes, 0x0000 then the u32 big-endian
// length. Peers older than that change reject plaintexts over 65535 bytes.
//
// Plaintext is handled as bytes (NOSTR puts UTF-8 JSON or text in it; this layer does not check).
// Keys and plaintexts live in wiping containers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/crypto/memory.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/keys/secret_string.hpp"

namespace flash::nostr {

/// The long-term symmetric key of a pair of NOSTR keys (the same from either side).
using Nip44ConversationKey = crypto::Secret<32>;

/// Per-message keys derived from the conversation key and the message nonce.
struct Nip44MessageKeys {
    crypto::Secret<32> chacha_key;
    crypto::Secret<12> chacha_nonce;
    crypto::Secret<32> hmac_key;
};

inline constexpr std::uint8_t nip44_version = 2;
inline constexpr std::uint64_t nip44_min_plaintext = 1;
inline constexpr std::uint64_t nip44_max_plaintext = 0xFFFF'FFFF;  ///< 2^32 - 1
/// Longest plaintext that still uses the 2-byte length prefix.
inline constexpr std::uint64_t nip44_max_short_plaintext = 0xFFFF;

/// conversation_key(a, B) == conversation_key(b, A). Throws Error(bad_public_key) when `pubkey`
/// is not the x coordinate of a curve point, Error(bad_secret_key) for a key outside [1, n-1].
Nip44ConversationKey nip44_conversation_key(const crypto::SecretKey& secret,
                                            const crypto::XOnlyKey& pubkey);

/// Splits HKDF-expand(conversation_key, nonce, 76). `nonce32` must be 32 bytes (Error(bad_length)).
Nip44MessageKeys nip44_message_keys(const Nip44ConversationKey& conversation_key, ByteView nonce32);

/// Length of the padded plaintext (without its prefix) for an `unpadded_len`-byte plaintext:
/// 32 up to 32 bytes, then multiples of 32 up to 256 bytes, then multiples of next_power_of_two/8.
/// Throws Error(bad_length) above nip44_max_plaintext.
std::uint64_t nip44_padded_len(std::uint64_t unpadded_len);

/// Encrypts with a fresh random nonce. Throws Error(bad_length) unless the plaintext has
/// 1..nip44_max_plaintext bytes; Error(too_large) if the payload cannot fit in this platform's
/// memory (only on wasm32, near 4 GiB).
std::string nip44_encrypt(std::string_view plaintext, const Nip44ConversationKey& conversation_key);

/// The same with a caller-chosen nonce (test vectors only: a repeated nonce leaks plaintext).
std::string nip44_encrypt(std::string_view plaintext, const Nip44ConversationKey& conversation_key,
                          const ByteArray<32>& nonce);

/// Decrypts a payload. Throws
///   Error(bad_payload)    for a payload starting with '#' (a future, non-base64 version), a
///                         length outside what version 2 can produce, invalid base64, a version
///                         byte other than 2, or a length prefix / padding that does not match;
///   Error(decrypt_failed) when the MAC does not match (wrong key or tampered payload; compared in
///                         constant time before anything is decrypted).
keys::SecretString nip44_decrypt(std::string_view payload, const Nip44ConversationKey& conversation_key);

}  // namespace flash::nostr
