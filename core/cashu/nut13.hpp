// NUT-13: deterministic secrets and blinding factors from a BIP-39 seed, so that a wallet can
// regenerate its blinded messages and restore its proofs (NUT-09).
//
//   V1 keysets ("00" ids, deprecated): BIP-32 m/129372'/0'/{keyset_int}'/{counter}'/0 is the
//     secret (its private key as lower-case hex), .../1 is r.
//   V2 keysets ("01" ids): HMAC-SHA256(seed, "Cashu_KDF_HMAC_SHA256" || keyset id bytes ||
//     counter as u64 big-endian || type), type 0x00 for the secret (the digest as lower-case
//     hex) and 0x01 for r (the digest reduced mod n).
//
// V3 keysets ("02" ids, BLS12-381, rejection sampling) are not supported.
#pragma once

#include <cstdint>
#include <string>

#include "core/bytes.hpp"
#include "core/cashu/types.hpp"
#include "core/crypto/secp256k1.hpp"

namespace flash::cashu {

/// The secret of a proof and the blinding factor r of its blinded message.
struct DeterministicSecret {
    std::string secret;   ///< 64 lower-case hex digits, used as the proof's secret string
    crypto::SecretKey r;  ///< non-zero and below the curve order
};

/// The deprecated V1 mapping of a keyset id to a BIP-32 index: the first 8 bytes of the id as a
/// big-endian integer, mod 2^31 - 1. Error(bad_keyset) for an id shorter than 8 bytes.
std::uint32_t nut13_keyset_int(const KeysetId& id);

/// Derives the secret and r for `counter` of keyset `id` from the BIP-39 seed (64 bytes from
/// mnemonic_to_seed). The method follows the id's version byte. Errors: Error(bad_keyset) for an
/// id that is not 8 bytes with version 0x00 or 33 bytes with version 0x01; Error(bad_argument)
/// for a V1 counter >= 2^31 (it is a hardened index); Error(bad_length) for a seed BIP-32 does not
/// accept (V1); Error(bad_tweak) in the ~2^-127 cases where no valid key results.
DeterministicSecret nut13_derive(ByteView seed, const KeysetId& id, std::uint64_t counter);

}  // namespace flash::cashu
