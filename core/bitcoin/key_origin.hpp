// Key origins (BIP-174's "fingerprint + path" of a key) and the wallet's own key source, which
// tells whether a key named by an origin is really ours by deriving it.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "core/bytes.hpp"
#include "core/crypto/hash.hpp"
#include "core/keys/bip32.hpp"

namespace flash::bitcoin {

/// The fingerprint of the master key and the BIP-32 path from it to a key.
struct KeyOrigin {
    ByteArray<4> fingerprint{};
    std::vector<std::uint32_t> path;
    bool operator==(const KeyOrigin&) const = default;
};

/// A taproot key's origin and the script leaves (by TapLeaf hash) that use the key; no leaves
/// for a key-path (internal) key (BIP-371).
struct TapKeyOrigin {
    std::vector<crypto::Hash256> leaf_hashes;
    KeyOrigin origin;
    bool operator==(const TapKeyOrigin&) const = default;
};

/// The wallet's key: a master key, or a key deeper in the tree (an account xpub) with its origin.
/// A fingerprint match alone proves nothing (4 bytes collide); derive() proves a key by deriving it.
class KeySource {
public:
    /// A master key (depth 0, else Error(bad_extended_key)): private to sign, public to check.
    static KeySource from_master(const keys::ExtendedKey& master);
    /// `key` sits at `origin`; Error(bad_derivation_path) unless the path length is the key's depth.
    static KeySource from_key(const keys::ExtendedKey& key, KeyOrigin origin);
    /// Parses output-descriptor key notation "[d34db33f/84'/0'/0']xpub..." or a bare master key
    /// "xprv..."/"xpub..." (any BIP-32/SLIP-132 version). Error(bad_derivation_path) for a bad
    /// origin (fingerprint not 8 hex digits, bad path, missing ']'); ExtendedKey::parse's errors.
    static KeySource parse(std::string_view text);

    /// The key at `origin` when it lies under ours: the same master fingerprint, our path as its
    /// prefix, and the remaining steps derivable (hardened ones only from a private key).
    /// nullopt otherwise: a stranger's key, or one this source cannot reach.
    std::optional<keys::ExtendedKey> derive(const KeyOrigin& origin) const;

    const keys::ExtendedKey& key() const noexcept { return key_; }
    const KeyOrigin& origin() const noexcept { return origin_; }

private:
    KeySource(keys::ExtendedKey key, KeyOrigin origin) : key_(std::move(key)), origin_(std::move(origin)) {}

    keys::ExtendedKey key_;
    KeyOrigin origin_;
};

}  // namespace flash::bitcoin
