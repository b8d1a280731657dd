// NIP-04 (deprecated in favour of NIP-17): legacy kind-4 direct messages.
//
//   key     = shared_x(secret, pubkey)         (the unhashed ECDH x coordinate)
//   content = base64(AES-256-CBC(key, iv, plaintext with PKCS#7)) + "?iv=" + base64(iv)
//
// Flash reads old DMs and NIP-47 legacy requests; it encrypts only when a peer needs it. The
// ciphertext is not authenticated: only the event signature around it is.
#pragma once

#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/keys/secret_string.hpp"

namespace flash::nostr {

/// Encrypts `plaintext` (bytes, normally UTF-8) from `secret` to `pubkey` with a random IV.
/// Throws Error(bad_public_key) for a pubkey that is no curve point's x, Error(bad_secret_key).
std::string nip04_encrypt(std::string_view plaintext, const crypto::SecretKey& secret,
                          const crypto::XOnlyKey& pubkey);

/// The same with a caller-chosen IV (tests only; never reuse an IV).
std::string nip04_encrypt(std::string_view plaintext, const crypto::SecretKey& secret,
                          const crypto::XOnlyKey& pubkey, const ByteArray<16>& iv);

/// Decrypts content from `pubkey` to `secret` (or, symmetrically, a message `secret` sent).
/// Throws Error(bad_payload) unless the content is exactly "<base64>?iv=<base64>" with a
/// non-empty ciphertext of whole 16-byte blocks and a 16-byte IV; Error(decrypt_failed) for bad
/// PKCS#7 padding (wrong key or corrupted ciphertext); the key errors of nip04_encrypt().
keys::SecretString nip04_decrypt(std::string_view content, const crypto::SecretKey& secret,
                                 const crypto::XOnlyKey& pubkey);

}  // namespace flash::nostr
