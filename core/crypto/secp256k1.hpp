// secp256k1: keys, ECDSA, BIP-340 Schnorr, x-only keys, ECDH and point arithmetic.
//
// One process-wide context is created on first use and randomised (blinding against side channels).
// Inputs from outside are validated: a bad secret key throws Error(bad_secret_key), a bad point
// encoding Error(bad_public_key), an unparsable signature Error(bad_signature). Verification of a
// well-formed but wrong signature returns false; it does not throw.
#pragma once

#include <cstdint>

#include "core/bytes.hpp"
#include "core/crypto/memory.hpp"

namespace flash::crypto {

using SecretKey = Secret<32>;
/// A compressed SEC1 point: 0x02/0x03 || x.
using PublicKey = ByteArray<33>;
/// A BIP-340 x-only public key.
using XOnlyKey = ByteArray<32>;
using Signature64 = ByteArray<64>;

/// True when `key` is 32 bytes, non-zero and below the curve order.
bool is_valid_secret_key(ByteView key) noexcept;
/// Copies and validates a secret key.
SecretKey secret_key_from(ByteView key);

/// Parses a 33-byte compressed or 65-byte uncompressed point and returns it compressed.
PublicKey parse_public_key(ByteView encoded);
/// The uncompressed 65-byte encoding of `key` (0x04 || x || y).
ByteArray<65> uncompress(const PublicKey& key);
PublicKey public_key(const SecretKey& key);

// ECDSA (RFC 6979 nonces, low-S signatures).
/// Compact 64-byte r || s signature of a 32-byte digest.
Signature64 ecdsa_sign(const SecretKey& key, ByteView digest32);
/// DER encoding of the same signature (for transactions).
Bytes ecdsa_sign_der(const SecretKey& key, ByteView digest32);
/// Accepts a compact 64-byte signature; high-S signatures are rejected (returns false).
bool ecdsa_verify(const PublicKey& key, ByteView digest32, ByteView signature64);
/// The same for a DER signature (BIP-66 strict encoding, as in transactions); Error(bad_signature)
/// when `der` does not parse as DER.
bool ecdsa_verify_der(const PublicKey& key, ByteView digest32, ByteView der);
/// 65 bytes: recovery id (0..3) || r || s.
ByteArray<65> ecdsa_sign_recoverable(const SecretKey& key, ByteView digest32);
PublicKey ecdsa_recover(ByteView signature65, ByteView digest32);

// BIP-340 Schnorr and x-only keys.
struct XOnlyWithParity {
    XOnlyKey key;
    bool odd_y;  ///< true when the full point has an odd y (the secret key is negated for signing)
};
XOnlyWithParity xonly_public_key(const SecretKey& key);
XOnlyWithParity xonly_from_public_key(const PublicKey& key);
/// Validates an x-only key (a point with that x must exist).
XOnlyKey parse_xonly_key(ByteView encoded32);
/// Signs a message of any length (BIP-340 allows variable-length messages); `aux32` is the
/// auxiliary randomness (32 bytes; pass fresh random bytes in production).
Signature64 schnorr_sign(const SecretKey& key, ByteView message, ByteView aux32);
/// Returns false for any invalid signature, including an unparsable key (as BIP-340 requires).
bool schnorr_verify(ByteView xonly32, ByteView message, ByteView signature64) noexcept;
/// BIP-341 key tweak: Q = P + t*G where P is the even-y lift of `internal`; returns Q's x and parity.
XOnlyWithParity xonly_tweak_add(const XOnlyKey& internal, ByteView tweak32);

// ECDH.
/// The raw x coordinate of key*point, unhashed, as NIP-04 and NIP-44 use.
ByteArray<32> ecdh_shared_x(const SecretKey& key, const PublicKey& point);
/// libsecp256k1's default ECDH: SHA-256(compressed shared point).
ByteArray<32> ecdh_sha256(const SecretKey& key, const PublicKey& point);

// Scalar and point arithmetic (BIP-32 derivation, Cashu blind signatures).
/// (key + tweak) mod n; Error(bad_tweak) if the tweak >= n or the result is zero.
SecretKey secret_key_tweak_add(const SecretKey& key, ByteView tweak32);
/// (key * tweak) mod n.
SecretKey secret_key_tweak_mul(const SecretKey& key, ByteView tweak32);
SecretKey secret_key_negate(const SecretKey& key);
/// P + tweak*G.
PublicKey point_tweak_add(const PublicKey& point, ByteView tweak32);
/// scalar * P.
PublicKey point_mul(const PublicKey& point, ByteView scalar32);
/// P + Q; Error(bad_public_key) if the sum is the point at infinity.
PublicKey point_add(const PublicKey& a, const PublicKey& b);
/// -P.
PublicKey point_negate(const PublicKey& point);

}  // namespace flash::crypto
