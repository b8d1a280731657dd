// BIP-341 taproot commitments: leaf and branch hashes of a script tree, the key tweak, and the
// output key (and the matching secret key for key-path signing).
#pragma once

#include <cstdint>
#include <optional>

#include "core/bytes.hpp"
#include "core/crypto/hash.hpp"
#include "core/crypto/secp256k1.hpp"

namespace flash::bitcoin {

/// The leaf version of BIP-342 tapscript.
inline constexpr std::uint8_t tapscript_leaf_version = 0xc0;

/// tagged_hash("TapLeaf", leaf_version || CompactSize(len) || script).
crypto::Hash256 tap_leaf_hash(std::uint8_t leaf_version, ByteView script);
/// tagged_hash("TapBranch", min(a, b) || max(a, b)): the parent of two nodes, in either order.
crypto::Hash256 tap_branch_hash(const crypto::Hash256& a, const crypto::Hash256& b);

/// t = tagged_hash("TapTweak", internal || merkle_root), the root omitted for a key-path-only
/// output (BIP-86).
crypto::Hash256 taproot_tweak(const crypto::XOnlyKey& internal, const std::optional<crypto::Hash256>& merkle_root);

/// Q = P + t·G with P the even-y point of `internal`: the key a P2TR output commits to, and its
/// parity (needed for script-path control blocks). Error(bad_public_key) if `internal` is not on
/// the curve; Error(bad_tweak) for the ~2^-128 tweaks that give an invalid point.
crypto::XOnlyWithParity taproot_output_key(const crypto::XOnlyKey& internal,
                                           const std::optional<crypto::Hash256>& merkle_root);

/// The secret key of the output key: d negated when P has odd y, plus t. Signs key-path spends.
crypto::SecretKey taproot_tweak_secret_key(const crypto::SecretKey& internal_secret,
                                           const std::optional<crypto::Hash256>& merkle_root);

}  // namespace flash::bitcoin
