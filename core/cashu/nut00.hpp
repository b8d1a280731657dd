// NUT-00 blind Diffie-Hellman key exchange (BDHKE), the crypto under every Cashu proof:
//
//   Y  = hash_to_curve(x)       the secret x as a curve point
//   B' = Y + r*G                the wallet blinds it with r (blind)
//   C' = k*B'                   the mint signs with its key k for the amount (sign_blinded)
//   C  = C' - r*K               the wallet unblinds with the mint's public key K = k*G (unblind)
//   C == k*Y                    the mint checks a proof it receives (verify_proof_signature)
//
// Points are compressed 33-byte keys; a malformed point throws Error(bad_public_key), a secret
// key or blinding factor zero or not below the curve order throws Error(bad_secret_key).
#pragma once

#include <string_view>

#include "core/bytes.hpp"
#include "core/crypto/secp256k1.hpp"

namespace flash::cashu {

/// The domain separator hashed in front of every message by hash_to_curve.
inline constexpr std::string_view kHashToCurveDomain = "Secp256k1_HashToCurve_Cashu_";

/// Maps a message (a proof's secret as UTF-8 bytes) to a curve point: m = SHA256(domain ||
/// message), then the first counter c = 0, 1, ... (u32 little-endian) for which 0x02 ||
/// SHA256(m || c) is a valid point. Throws Error(crypto_failure) if no point is found in 2^16
/// tries (never happens in practice).
crypto::PublicKey hash_to_curve(ByteView message);

/// The blinded message B' = hash_to_curve(secret) + r*G for the secret's bytes and the
/// blinding factor r (keep r: unblinding and NUT-12 need it).
crypto::PublicKey blind(ByteView secret, const crypto::SecretKey& r);

/// The mint's blind signature C' = k*B'. Error(bad_public_key) if B' is not a valid point.
crypto::PublicKey sign_blinded(const crypto::SecretKey& k, const crypto::PublicKey& B_);

/// The unblinded signature C = C' - r*K, K being the mint's public key for the amount.
/// Error(bad_public_key) if C' or K is not a valid point, or if C would be the point at infinity.
crypto::PublicKey unblind(const crypto::PublicKey& C_, const crypto::SecretKey& r, const crypto::PublicKey& K);

/// Mint side: true when C == k*hash_to_curve(secret). A C that is not a valid point is simply
/// not a valid signature (false, no exception).
bool verify_proof_signature(const crypto::SecretKey& k, ByteView secret, const crypto::PublicKey& C);

}  // namespace flash::cashu
