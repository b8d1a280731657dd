// BIP-32 hierarchical deterministic keys: master key from a seed, child derivation, paths, and
// the 78-byte base58check serialisation (xprv/xpub and the SLIP-132 variants).
//
// Secret parts (private key, chain code) live in crypto::Secret and are wiped with the object.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/crypto/memory.hpp"
#include "core/crypto/secp256k1.hpp"

namespace flash::keys {

/// Children with an index at or above this are hardened (derived from the private key).
inline constexpr std::uint32_t hardened = 0x80000000u;

/// The 4-byte version prefixes of a serialisation, private and public.
struct ExtendedKeyVersions {
    std::uint32_t priv;
    std::uint32_t pub;
    bool operator==(const ExtendedKeyVersions&) const = default;
};

inline constexpr ExtendedKeyVersions xprv_xpub{0x0488ADE4, 0x0488B21E};  ///< mainnet (BIP-32)
inline constexpr ExtendedKeyVersions tprv_tpub{0x04358394, 0x043587CF};  ///< testnet (BIP-32)
inline constexpr ExtendedKeyVersions zprv_zpub{0x04B2430C, 0x04B24746};  ///< mainnet P2WPKH (SLIP-132)
inline constexpr ExtendedKeyVersions vprv_vpub{0x045F18BC, 0x045F1CF6};  ///< testnet P2WPKH (SLIP-132)

/// Parses "m/84'/0'/0'/0/5" (or a relative "0/5"); ', h and H mark hardened indices.
/// Error(bad_derivation_path) for empty components, non-digits, or an index >= 2^31.
/// The leading "m" is returned as `absolute` so callers can insist on a master key.
struct DerivationPath {
    bool absolute = false;
    std::vector<std::uint32_t> indices;
};
DerivationPath parse_derivation_path(std::string_view path);
/// Formats indices as "m/84'/0'/0'/0/5".
std::string format_derivation_path(const std::vector<std::uint32_t>& indices);

class ExtendedKey {
public:
    /// The master key of a 16..64-byte seed (HMAC-SHA512 keyed "Bitcoin seed").
    /// Error(bad_length) for another seed size; Error(bad_secret_key) for the ~2^-127 seeds whose
    /// key is invalid.
    static ExtendedKey from_seed(ByteView seed);

    /// Parses a base58check serialisation with any of the versions above.
    /// Throws Error(bad_base58) / Error(bad_checksum) for the encoding; Error(bad_extended_key)
    /// for a length other than 78 bytes, an unknown version, depth 0 with a non-zero parent
    /// fingerprint or child number, or a key prefix that does not fit the version (0x00 for
    /// private, 0x02/0x03 for public); Error(bad_secret_key) for a private key that is 0 or >= n;
    /// Error(bad_public_key) for an x coordinate not on the curve.
    static ExtendedKey parse(std::string_view base58);

    /// Child `index` (hardened when >= 2^31). A public key cannot derive hardened children:
    /// Error(bad_derivation_path); neither can depth go past 255. Error(bad_tweak) for the
    /// ~2^-127 indices BIP-32 declares invalid (the caller moves on to the next index).
    ExtendedKey derive_child(std::uint32_t index) const;

    /// Derives every index of `path` in turn. An absolute path ("m/...") requires a master key
    /// (depth 0), else Error(bad_derivation_path).
    ExtendedKey derive_path(std::string_view path) const;

    /// The public version of this key (a copy if it is already public).
    ExtendedKey neuter() const;

    /// Serialises with `versions.priv` for a private key, `versions.pub` for a public one.
    std::string to_base58(const ExtendedKeyVersions& versions = xprv_xpub) const;

    bool is_private() const noexcept { return secret_.has_value(); }
    /// The private key; Error(bad_extended_key) if this key is public.
    const crypto::SecretKey& secret_key() const;
    const crypto::PublicKey& public_key() const noexcept { return public_; }
    const crypto::Secret<32>& chain_code() const noexcept { return chain_code_; }
    std::uint8_t depth() const noexcept { return depth_; }
    std::uint32_t child_number() const noexcept { return child_number_; }
    const ByteArray<4>& parent_fingerprint() const noexcept { return parent_fingerprint_; }
    /// First 4 bytes of HASH160(public key): the key's identifier in children and PSBTs.
    ByteArray<4> fingerprint() const;
    /// The versions this key was parsed with (xprv_xpub for keys made by from_seed()).
    const ExtendedKeyVersions& versions() const noexcept { return versions_; }

private:
    ExtendedKey() = default;

    std::optional<crypto::SecretKey> secret_;
    crypto::PublicKey public_{};
    crypto::Secret<32> chain_code_;
    std::uint8_t depth_ = 0;
    std::uint32_t child_number_ = 0;
    ByteArray<4> parent_fingerprint_{};
    ExtendedKeyVersions versions_ = xprv_xpub;
};

}  // namespace flash::keys
