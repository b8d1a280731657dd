// NIP-49: a NOSTR secret key encrypted with a password ("ncryptsec1...").
//
// key = scrypt(NFKC(password), salt, N = 2^log_n, r = 8, p = 1, 32 bytes); the secret key is sealed
// with XChaCha20-Poly1305 under that key with the key-security byte as associated data. The
// bech32 (not bech32m) payload, hrp "ncryptsec", is 91 bytes:
//   0x02 || log_n || salt(16) || nonce(24) || key_security(1) || ciphertext(32) + tag(16)
// scrypt needs 128 * 8 * 2^log_n bytes: 64 MiB at log_n 16, 1 GiB at 20.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/crypto/secp256k1.hpp"

namespace flash::keys {

/// What the encrypting client knew about the key's history (authenticated, not secret).
enum class KeySecurity : std::uint8_t {
    known_insecure = 0x00,      ///< the key has been handled insecurely (stored or pasted in clear)
    not_known_insecure = 0x01,  ///< the key is not known to have been handled insecurely
    untracked = 0x02,           ///< the client does not track this
};

/// The public fields of an ncryptsec, readable without the password.
struct NcryptsecInfo {
    std::uint8_t log_n;
    KeySecurity key_security;
    ByteArray<16> salt;
    ByteArray<24> nonce;
};

/// Lowest and highest accepted log_n (crypto::scrypt's range).
inline constexpr std::uint8_t ncryptsec_min_log_n = 1;
inline constexpr std::uint8_t ncryptsec_max_log_n = 22;

/// Encrypts `key` under `password` with a fresh random salt and nonce.
/// Error(bad_ncryptsec) for log_n outside [1, 22] or a key_security value other than 0, 1, 2;
/// Error(bad_utf8) if the password is not UTF-8; Error(crypto_failure) if scrypt runs out of memory.
std::string ncryptsec_encrypt(const crypto::SecretKey& key, std::string_view password,
                              std::uint8_t log_n = 16,
                              KeySecurity key_security = KeySecurity::untracked);

/// Same with a caller-chosen salt and nonce, for reproducible fixtures. Never reuse a nonce.
std::string ncryptsec_encrypt_with(const crypto::SecretKey& key, std::string_view password,
                                   std::uint8_t log_n, KeySecurity key_security,
                                   const ByteArray<16>& salt, const ByteArray<24>& nonce);

/// Reads the public fields. Throws Error(bad_bech32) / Error(bad_checksum) for a malformed string;
/// Error(bad_ncryptsec) for another hrp, a bech32m checksum, a payload that is not 91 bytes, a
/// version other than 0x02, a log_n outside [1, 22] or a key-security byte above 0x02.
NcryptsecInfo ncryptsec_inspect(std::string_view ncryptsec);

/// Decrypts. Throws as ncryptsec_inspect(), plus Error(decrypt_failed) for a wrong password or a
/// tampered payload, Error(bad_secret_key) if the plaintext is not a valid key, Error(bad_utf8)
/// for a password that is not UTF-8.
crypto::SecretKey ncryptsec_decrypt(std::string_view ncryptsec, std::string_view password);

}  // namespace flash::keys
