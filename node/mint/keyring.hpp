// The mint's keysets: private keys derived from one master seed, which is stored only encrypted
// (NIP-49: scrypt + XChaCha20-Poly1305) in MintStore. Keyset i of the mint holds, for each amount
// 2^j (j < max_order), the key at BIP-32 path m/0'/0'/i'/j' of the seed.
//
// On open: creates the seed and the first keyset when there is none, and rotates (a new active
// keyset, the old one kept for redeeming) when the configured input fee differs from the active
// keyset's. Not thread-safe; owned by the Mint.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/cashu/nut01.hpp"
#include "core/cashu/types.hpp"
#include "core/crypto/secp256k1.hpp"
#include "node/storage/mint_store.hpp"

namespace flash::node::mint {

/// One keyset with its keys.
struct Keyset {
    KeysetRecord record;
    std::map<cashu::Amount, crypto::SecretKey> private_keys;
    cashu::Keys public_keys;
};

class Keyring {
public:
    /// Opens the keyring on `store` (which must outlive it) with `passphrase` for the seed.
    /// Throws Error(bad_config) when the stored seed does not decrypt with `passphrase`.
    Keyring(MintStore& store, const std::string& passphrase, const std::string& unit, std::uint64_t input_fee_ppk,
            std::int64_t now_s);

    /// The keyset with this id, full or short (the first 8 bytes of a V2 id); null when unknown.
    const Keyset* find(const cashu::KeysetId& id) const;
    /// The active keyset of the unit (always one).
    const Keyset& active() const;
    /// Every keyset, oldest first.
    const std::vector<Keyset>& all() const noexcept { return keysets_; }

    /// A new active keyset for the unit with `input_fee_ppk`; the previous one stays redeemable.
    const Keyset& rotate(std::uint64_t input_fee_ppk, std::int64_t now_s);

private:
    Keyset derive(const KeysetRecord& record) const;
    /// Makes keysets_[position] findable by its full and short id.
    void index(std::size_t position);

    MintStore& store_;
    std::string unit_;
    crypto::SecretKey seed_;
    std::vector<Keyset> keysets_;
    std::map<cashu::KeysetId, std::size_t> by_id_;  ///< full and short ids -> index in keysets_
};

}  // namespace flash::node::mint
