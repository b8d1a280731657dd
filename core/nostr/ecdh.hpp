// The ECDH shared secret NIP-04 and NIP-44 build on: the unhashed x coordinate of secret * P,
// where P is the even-y point of a NOSTR (BIP-340 x-only) public key.
#pragma once

#include "core/crypto/memory.hpp"
#include "core/crypto/secp256k1.hpp"

namespace flash::nostr {

/// x(secret * lift_x(pubkey)), 32 bytes, wiped when dropped. Throws Error(bad_public_key) when no
/// curve point has x = `pubkey`, Error(bad_secret_key) for a secret key outside [1, n-1].
crypto::Secret<32> shared_x(const crypto::SecretKey& secret, const crypto::XOnlyKey& pubkey);

}  // namespace flash::nostr
