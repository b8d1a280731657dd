// Hash functions: SHA-256, SHA-512, RIPEMD-160, HASH160, double SHA-256 and BIP-340 tagged hashes.
// All functions are pure; they throw flash::Error(crypto_failure) only if libcrypto fails internally.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/bytes.hpp"

namespace flash::crypto {

using Hash256 = ByteArray<32>;
using Hash512 = ByteArray<64>;
using Hash160 = ByteArray<20>;

Hash256 sha256(ByteView data);
Hash512 sha512(ByteView data);
Hash160 ripemd160(ByteView data);
/// RIPEMD-160(SHA-256(data)), as used by P2PKH/P2WPKH and BIP-32 fingerprints.
Hash160 hash160(ByteView data);
/// SHA-256(SHA-256(data)), as used by base58check and transaction ids.
Hash256 sha256d(ByteView data);
/// BIP-340 tagged hash: SHA-256(SHA-256(tag) || SHA-256(tag) || data).
Hash256 tagged_hash(std::string_view tag, ByteView data);

/// Incremental SHA-256 for data that arrives in pieces (sha256.cpp). Copying one copies the
/// state: HMAC keeps a key's hashed prefix that way. The state is wiped on destruction, since
/// the prefix it holds may be secret.
class Sha256 {
public:
    Sha256() noexcept;
    ~Sha256();
    Sha256(const Sha256&) = default;
    Sha256& operator=(const Sha256&) = default;
    Sha256& update(ByteView data) noexcept;
    /// Returns the digest; the object must not be updated afterwards.
    Hash256 finalize() noexcept;

private:
    std::uint32_t state_[8];
    std::uint8_t buffer_[64];  // the bytes of an incomplete block
    std::uint64_t length_ = 0;  // bytes hashed so far
};

}  // namespace flash::crypto
