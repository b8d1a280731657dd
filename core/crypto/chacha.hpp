// ChaCha20 (RFC 8439), HChaCha20, ChaCha20-Poly1305 and XChaCha20-Poly1305 AEADs.
//
// `seal` returns ciphertext || 16-byte tag. `open` checks the tag in constant time and throws
// Error(decrypt_failed) if it does not match, or Error(bad_length) if the input is shorter than a tag.
#pragma once

#include <cstdint>

#include "core/bytes.hpp"
#include "core/crypto/memory.hpp"

namespace flash::crypto {

using ChachaKey = ByteArray<32>;

/// Raw ChaCha20 keystream XOR with a 96-bit nonce and 32-bit initial block counter (RFC 8439 §2.4).
/// Also used by NIP-44, which has no AEAD tag of its own. Throws Error(bad_length) for a key or
/// nonce of another size, or when `data` would run the block counter past 2^32-1.
Bytes chacha20_xor(ByteView key32, ByteView nonce12, std::uint32_t counter, ByteView data);

/// HChaCha20 subkey derivation from a 32-byte key and the first 16 bytes of a 24-byte nonce.
Secret<32> hchacha20(ByteView key32, ByteView nonce16);

Bytes chacha20_poly1305_seal(ByteView key32, ByteView nonce12, ByteView aad, ByteView plaintext);
SecretBytes chacha20_poly1305_open(ByteView key32, ByteView nonce12, ByteView aad, ByteView sealed);

/// XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha): 24-byte nonce, as NIP-49 uses.
Bytes xchacha20_poly1305_seal(ByteView key32, ByteView nonce24, ByteView aad, ByteView plaintext);
SecretBytes xchacha20_poly1305_open(ByteView key32, ByteView nonce24, ByteView aad, ByteView sealed);

}  // namespace flash::crypto
