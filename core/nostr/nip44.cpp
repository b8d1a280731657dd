// NIP-44 version 2 encrypted payloads.
#include "core/nostr/nip44.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>

#include "core/codec/base64.hpp"
#include "core/crypto/chacha.hpp"
#include "core/crypto/kdf.hpp"
#include "core/crypto/mac.hpp"
#include "core/crypto/random.hpp"
#include "core/error.hpp"
#include "core/nostr/ecdh.hpp"

namespace flash::nostr {
namespace {

constexpr std::string_view salt = "nip44-v2";
constexpr std::size_t nonce_size = 32;
constexpr std::size_t mac_size = 32;
constexpr std::size_t short_prefix = 2;
constexpr std::size_t long_prefix = 6;

// Raw payload bounds: version || nonce || prefix + padded plaintext || mac.
constexpr std::uint64_t overhead = 1 + nonce_size + mac_size;
constexpr std::uint64_t min_raw = overhead + short_prefix + 32;
constexpr std::uint64_t max_raw = overhead + long_prefix + (std::uint64_t{1} << 32);
constexpr std::uint64_t base64_chars(std::uint64_t raw) { return 4 * ((raw + 2) / 3); }
// Upper bounds past what size_t holds (wasm32) are clamped: no bigger buffer can exist there.
constexpr std::size_t clamped(std::uint64_t n) {
    return n > std::numeric_limits<std::size_t>::max() ? std::numeric_limits<std::size_t>::max()
                                                       : static_cast<std::size_t>(n);
}
constexpr std::size_t min_chars = base64_chars(min_raw);  // 132, as in 44.md
constexpr std::size_t max_chars = clamped(base64_chars(max_raw));
constexpr std::size_t max_raw_size = clamped(max_raw);

[[noreturn]] void bad_payload(const std::string& why) { throw Error(Errc::bad_payload, why); }

// A length that is valid in the protocol may still not fit this machine's memory (wasm32).
std::size_t to_size(std::uint64_t n) {
    if (n > std::numeric_limits<std::size_t>::max())
        throw Error(Errc::too_large, "NIP-44 message does not fit in memory");
    return static_cast<std::size_t>(n);
}

std::size_t prefix_size(std::uint64_t unpadded_len) {
    return unpadded_len <= nip44_max_short_plaintext ? short_prefix : long_prefix;
}

// Buffers below are filled from pointer ranges (one memcpy each): at -Oz (the wasm build) a
// vector built with a size, or from span or vector iterators, runs calls for every byte.
crypto::SecretBytes pad(std::string_view plaintext) {
    const std::uint64_t len = plaintext.size();
    if (len < nip44_min_plaintext || len > nip44_max_plaintext)
        throw Error(Errc::bad_length, "NIP-44 plaintext must have 1 to 2^32-1 bytes, not " +
                                          std::to_string(len));
    const std::size_t prefix = prefix_size(len);
    // Big-endian length in the last bytes of the prefix; the long prefix starts with 0x0000.
    std::uint8_t length_prefix[long_prefix] = {};
    for (std::size_t i = 0; i < prefix && i < 4; ++i)
        length_prefix[prefix - 1 - i] = static_cast<std::uint8_t>(len >> (8 * i));
    const auto* text = reinterpret_cast<const std::uint8_t*>(plaintext.data());
    const std::size_t size = to_size(prefix + nip44_padded_len(len));
    crypto::SecretBytes padded;
    padded.reserve(size);
    padded.insert(padded.end(), length_prefix, length_prefix + prefix);
    padded.insert(padded.end(), text, text + plaintext.size());
    padded.resize(size);  // the zero padding
    return padded;
}

keys::SecretString unpad(ByteView padded) {
    // decrypt() guarantees at least min_raw - overhead = 34 bytes.
    std::uint64_t len = (std::uint64_t{padded[0]} << 8) | padded[1];
    std::size_t prefix = short_prefix;
    if (len == 0) {
        if (padded.size() < long_prefix) bad_payload("invalid padding: truncated length prefix");
        len = (std::uint64_t{padded[2]} << 24) | (std::uint64_t{padded[3]} << 16) |
              (std::uint64_t{padded[4]} << 8) | padded[5];
        // One encoding per length: the long prefix is only for what the short one cannot hold.
        if (len <= nip44_max_short_plaintext)
            bad_payload("invalid padding: length " + std::to_string(len) + " in a 6-byte prefix");
        prefix = long_prefix;
    }
    if (padded.size() != prefix + nip44_padded_len(len))
        bad_payload("invalid padding: " + std::to_string(padded.size()) + " bytes for length " +
                    std::to_string(len));
    keys::SecretString out;
    out.reserve(std::max<std::size_t>(static_cast<std::size_t>(len), 32));  // past the SSO buffer
    out.assign(reinterpret_cast<const char*>(padded.data() + prefix), static_cast<std::size_t>(len));
    return out;
}

// Wipes a keystream-XORed buffer holding plaintext when it goes out of scope.
struct WipeOnExit {
    Bytes& bytes;
    ~WipeOnExit() { crypto::wipe(bytes.data(), bytes.size()); }
};

}  // namespace

Nip44ConversationKey nip44_conversation_key(const crypto::SecretKey& secret,
                                            const crypto::XOnlyKey& pubkey) {
    const crypto::Secret<32> shared = shared_x(secret, pubkey);
    crypto::Hash256 prk = crypto::hkdf_sha256_extract(as_bytes(salt), shared.view());
    Nip44ConversationKey key(prk);
    crypto::wipe(prk.data(), prk.size());
    return key;
}

Nip44MessageKeys nip44_message_keys(const Nip44ConversationKey& conversation_key, ByteView nonce32) {
    require_size(nonce32, nonce_size, "NIP-44 nonce");
    const crypto::SecretBytes okm = crypto::hkdf_sha256_expand(conversation_key.view(), nonce32, 76);
    Nip44MessageKeys keys;
    std::memcpy(keys.chacha_key.data(), okm.data(), 32);
    std::memcpy(keys.chacha_nonce.data(), okm.data() + 32, 12);
    std::memcpy(keys.hmac_key.data(), okm.data() + 44, 32);
    return keys;
}

std::uint64_t nip44_padded_len(std::uint64_t unpadded_len) {
    if (unpadded_len > nip44_max_plaintext)
        throw Error(Errc::bad_length, "NIP-44 plaintext length over 2^32-1");
    if (unpadded_len <= 32) return 32;
    const std::uint64_t next_power = std::uint64_t{1} << std::bit_width(unpadded_len - 1);
    const std::uint64_t chunk = next_power <= 256 ? 32 : next_power / 8;
    return chunk * ((unpadded_len - 1) / chunk + 1);
}

std::string nip44_encrypt(std::string_view plaintext, const Nip44ConversationKey& conversation_key) {
    return nip44_encrypt(plaintext, conversation_key, crypto::random_array<32>());
}

std::string nip44_encrypt(std::string_view plaintext, const Nip44ConversationKey& conversation_key,
                          const ByteArray<32>& nonce) {
    const crypto::SecretBytes padded = pad(plaintext);
    const Nip44MessageKeys keys = nip44_message_keys(conversation_key, nonce);
    const Bytes ciphertext = crypto::chacha20_xor(keys.chacha_key.view(), keys.chacha_nonce.view(), 0, padded);

    Bytes raw;
    raw.reserve(to_size(overhead + ciphertext.size()));
    raw.push_back(nip44_version);
    raw.insert(raw.end(), nonce.data(), nonce.data() + nonce.size());
    raw.insert(raw.end(), ciphertext.data(), ciphertext.data() + ciphertext.size());
    // The MAC covers nonce || ciphertext (the nonce is the associated data): raw minus the version.
    const crypto::Hash256 mac = crypto::hmac_sha256(keys.hmac_key.view(), ByteView(raw).subspan(1));
    raw.insert(raw.end(), mac.data(), mac.data() + mac.size());
    return codec::base64_encode(raw);
}

keys::SecretString nip44_decrypt(std::string_view payload, const Nip44ConversationKey& conversation_key) {
    // '#' is outside the base64 alphabet and reserved to flag a future encoding: say "version".
    if (payload.empty() || payload.front() == '#') bad_payload("unknown encryption version");
    // Bounded before decoding so the decoder never sees an absurd input.
    if (payload.size() < min_chars || payload.size() > max_chars)
        bad_payload("invalid payload length " + std::to_string(payload.size()));
    Bytes raw;
    try {
        raw = codec::base64_decode(payload);
    } catch (const Error& e) {
        bad_payload(std::string("invalid base64: ") + e.what());
    }
    if (raw.size() < min_raw || raw.size() > max_raw_size)
        bad_payload("invalid data length " + std::to_string(raw.size()));
    if (raw[0] != nip44_version) bad_payload("unknown encryption version " + std::to_string(raw[0]));

    const ByteView data(raw);
    const ByteView nonce = data.subspan(1, nonce_size);
    const ByteView authenticated = data.subspan(1, data.size() - 1 - mac_size);  // nonce || ct
    const ByteView ciphertext = authenticated.subspan(nonce_size);
    const ByteView mac = data.subspan(data.size() - mac_size);

    const Nip44MessageKeys keys = nip44_message_keys(conversation_key, nonce);
    const crypto::Hash256 expected = crypto::hmac_sha256(keys.hmac_key.view(), authenticated);
    if (!crypto::ct_equal(expected, mac)) throw Error(Errc::decrypt_failed, "NIP-44 MAC mismatch");

    Bytes padded = crypto::chacha20_xor(keys.chacha_key.view(), keys.chacha_nonce.view(), 0, ciphertext);
    const WipeOnExit wipe_padded{padded};
    return unpad(padded);
}

}  // namespace flash::nostr
