// HMAC-SHA256 and HMAC-SHA512 (RFC 2104); AES-128-CMAC (RFC 4493, NIST SP 800-38B).
#pragma once

#include "core/bytes.hpp"
#include "core/crypto/hash.hpp"

namespace flash::crypto {

Hash256 hmac_sha256(ByteView key, ByteView data);
Hash512 hmac_sha512(ByteView key, ByteView data);

/// The full 16-byte AES-CMAC of `data` (which may be empty) under a 16-byte key.
/// Throws Error(bad_length) for another key size.
ByteArray<16> aes128_cmac(ByteView key16, ByteView data);

}  // namespace flash::crypto
