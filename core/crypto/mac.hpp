// HMAC-SHA256 and HMAC-SHA512 (RFC 2104).
#pragma once

#include "core/bytes.hpp"
#include "core/crypto/hash.hpp"

namespace flash::crypto {

Hash256 hmac_sha256(ByteView key, ByteView data);
Hash512 hmac_sha512(ByteView key, ByteView data);

}  // namespace flash::crypto
