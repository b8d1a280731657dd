// HMAC-SHA256 and HMAC-SHA512 (RFC 2104); AES-128-CMAC (RFC 4493, NIST SP 800-38B).
#pragma once

#include <initializer_list>

#include "core/bytes.hpp"
#include "core/crypto/hash.hpp"

namespace flash::crypto {

Hash256 hmac_sha256(ByteView key, ByteView data);

/// HMAC-SHA256 under one key for several messages (HKDF-Expand, NIP-44): the key's inner and
/// outer hash prefixes (RFC 2104 ipad/opad) are computed once, so each MAC costs only the hashing
/// of its message. The prefixes are secret and wiped on destruction.
class HmacSha256 {
public:
    /// Any key length; keys over 64 bytes are hashed first, as RFC 2104 says.
    explicit HmacSha256(ByteView key);
    /// The MAC of the concatenation of `parts` (so callers need not join them first).
    Hash256 mac(std::initializer_list<ByteView> parts) const;

private:
    Sha256 inner_, outer_;
};
Hash512 hmac_sha512(ByteView key, ByteView data);

/// The full 16-byte AES-CMAC of `data` (which may be empty) under a 16-byte key.
/// Throws Error(bad_length) for another key size.
ByteArray<16> aes128_cmac(ByteView key16, ByteView data);

}  // namespace flash::crypto
