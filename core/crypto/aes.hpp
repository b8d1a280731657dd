// AES-256-CBC with PKCS#7 padding (NIP-04), AES-256-GCM, and the bare AES-128 block cipher
// (NTAG 424 / Bolt Card SUN data).
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

/// AES-128 applied to exactly one 16-byte block, no mode and no padding (the same as ECB, or
/// CBC with a zero IV, on one block). Throws Error(bad_length) unless key and block are 16 bytes.
ByteArray<16> aes128_encrypt_block(ByteView key16, ByteView block16);
ByteArray<16> aes128_decrypt_block(ByteView key16, ByteView block16);

}  // namespace flash::crypto
