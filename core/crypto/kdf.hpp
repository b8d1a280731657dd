// Key derivation: HKDF-SHA256 (RFC 5869), PBKDF2-HMAC-SHA512 (RFC 8018) and scrypt (RFC 7914).
// Outputs are secrets and are returned in wiping containers.
#pragma once

#include <cstdint>

#include "core/bytes.hpp"
#include "core/crypto/hash.hpp"
#include "core/crypto/memory.hpp"

namespace flash::crypto {

/// HKDF-Extract with SHA-256: PRK = HMAC(salt, ikm).
Hash256 hkdf_sha256_extract(ByteView salt, ByteView ikm);

/// HKDF-Expand with SHA-256. `length` must be <= 255*32, else Error(bad_length).
SecretBytes hkdf_sha256_expand(ByteView prk, ByteView info, std::size_t length);

/// Extract-then-expand in one call.
SecretBytes hkdf_sha256(ByteView salt, ByteView ikm, ByteView info, std::size_t length);

/// PBKDF2 with HMAC-SHA512. `iterations` >= 1, else Error(bad_length).
SecretBytes pbkdf2_hmac_sha512(ByteView password, ByteView salt, std::uint32_t iterations,
                               std::size_t length);

/// scrypt with N = 2^log_n. Needs about 128 * r * 2^log_n bytes of memory; log_n must be in
/// [1, 22] and r*p < 2^30, else Error(bad_length). Throws Error(crypto_failure) if memory runs out.
SecretBytes scrypt(ByteView password, ByteView salt, unsigned log_n, std::uint32_t r,
                   std::uint32_t p, std::size_t length);

}  // namespace flash::crypto
