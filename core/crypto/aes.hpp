// AES-256-CBC with PKCS#7 padding (NIP-04) and AES-256-GCM.
//
// Decryption throws Error(decrypt_failed) on bad padding or a tag mismatch, Error(bad_length)
// on wrong key/IV sizes or a ciphertext that is not a whole number of blocks.
#pragma once

#include "core/bytes.hpp"
#include "core/crypto/memory.hpp"

namespace flash::crypto {

Bytes aes256_cbc_encrypt(ByteView key32, ByteView iv16, ByteView plaintext);
SecretBytes aes256_cbc_decrypt(ByteView key32, ByteView iv16, ByteView ciphertext);

/// Returns ciphertext || 16-byte tag. `iv` is usually 12 bytes.
Bytes aes256_gcm_seal(ByteView key32, ByteView iv, ByteView aad, ByteView plaintext);
SecretBytes aes256_gcm_open(ByteView key32, ByteView iv, ByteView aad, ByteView sealed);

}  // namespace flash::crypto
