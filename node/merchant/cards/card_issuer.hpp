// CardIssuer: the node as the issuer of its users' Flash Cards (Bolt Cards). Every card key derives
// from one 16-byte issuer key (Bolt Card deterministic spec, core/lightning/boltcard_keys.hpp), so
// the database never holds a key: only UIDs, versions and counters.
//
// The issuer key is derived (HKDF-SHA256, a label of its own) from DATA/merchant.key, the node
// secret that also seals merchants' BTCPay credentials (merchant/btcpay/merchant_secrets.hpp):
// one secret to back up for all merchant services. Whoever has that file can make every card's
// keys; whoever loses it can no longer read any card (they must be wiped with their old keys,
// which are gone too, or replaced).
#pragma once
#include <cstdint>
#include <string>

#include "core/bytes.hpp"
#include "core/crypto/memory.hpp"
#include "core/lightning/boltcard_keys.hpp"

namespace flash::node::merchant::cards {

namespace boltcard = flash::lightning::boltcard;

class CardIssuer {
public:
    /// Derives the issuer key from the node's 32-byte secret.
    explicit CardIssuer(const crypto::Secret<32>& node_secret);

    /// The node's issuer: DATA/merchant.key, created when missing. Throws Error(bad_config) when
    /// the file cannot be read or written.
    static CardIssuer load(const std::string& data_dir);

    /// The card's ID (32 hex digits): the handle the node stores and looks a card up by.
    std::string card_id(const ByteArray<boltcard::uid_size>& uid) const;
    /// K0..K4 of the card with `uid` programmed for the `version`-th time.
    boltcard::CardKeys keys(const ByteArray<boltcard::uid_size>& uid, std::uint32_t version) const;
    /// K1, shared by all the node's cards: decrypts any tap's p= (boltcard_sun.hpp).
    const boltcard::Key& encryption_key() const noexcept { return k1_; }

private:
    boltcard::Key issuer_key_;
    boltcard::Key k1_;
};

}  // namespace flash::node::merchant::cards
