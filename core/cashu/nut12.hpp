// NUT-12 DLEQ proofs: the mint proves that the key a behind its public key A = a*G also made the
// blind signature C' = a*B', so that wallets (and anyone they pass r to) can check a signature
// offline, with the mint's public keys only.
//
//   mint:   r = deterministic nonce; R1 = r*G; R2 = r*B'; e = hash_e(R1, R2, A, C');
//           s = r + e*a mod n
//   check:  R1 = s*G - e*A; R2 = s*B' - e*C'; e == hash_e(R1, R2, A, C')
//   proof:  B' = hash_to_curve(secret) + r*G and C' = C + r*A, r being the blinding factor
//
// A point that is not a valid encoding throws Error(bad_public_key); a proof that does not check
// out (including e, s or r out of range) returns false.
#pragma once

#include <span>

#include "core/bytes.hpp"
#include "core/cashu/types.hpp"
#include "core/crypto/secp256k1.hpp"

namespace flash::cashu {

/// SHA256 of the concatenated lower-case hex of each point's uncompressed (65-byte) encoding.
ByteArray<32> hash_e(std::span<const crypto::PublicKey> points);

/// The deterministic nonce: the first HMAC-SHA256(key = a, "Cashu_DLEQ_R_v1" || A || B' || C' ||
/// ctr), ctr = 0x00, 0x01, ..., that is a valid scalar (non-zero, below n). A, B', C' are in
/// their uncompressed 65-byte encoding (as in hash_e, and as cashu-ts and the spec's vector do).
/// Error(crypto_failure) if none of the 256 counters gives one (never happens in practice).
crypto::SecretKey dleq_nonce(const crypto::SecretKey& a, const crypto::PublicKey& A,
                             const crypto::PublicKey& B_, const crypto::PublicKey& C_);

/// Mint side: the DLEQ proof (e, s) for C' = a*B', with the deterministic nonce (r left empty).
/// Error(bad_public_key) for a B' or C' that is not a point; Error(bad_tweak) in the ~2^-128
/// cases where e or s is not a valid scalar.
Dleq prove(const crypto::SecretKey& a, const crypto::PublicKey& B_, const crypto::PublicKey& C_);

/// Wallet side: true when (dleq.e, dleq.s) proves that C' was made with the key of A (dleq.r is
/// ignored).
bool verify_blind_signature_dleq(const crypto::PublicKey& A, const crypto::PublicKey& B_,
                                 const crypto::PublicKey& C_, const Dleq& dleq);

/// Receiver side: rebuilds B' and C' from the proof's secret, C and dleq.r, then checks (e, s)
/// against A, the mint's key for the proof's amount. False if the proof has no DLEQ or no r.
bool verify_proof_dleq(const crypto::PublicKey& A, const Proof& proof);

}  // namespace flash::cashu
