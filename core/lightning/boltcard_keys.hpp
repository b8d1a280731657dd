// Bolt Card deterministic keys (boltcard/boltcard docs/DETERMINISTIC.md): every key an NTAG 424
// DNA card holds derives from one 16-byte issuer key, the card's 7-byte UID and a version that
// goes up each time the card is programmed again. PRF = AES-128-CMAC (core/crypto/mac.hpp):
//   CardKey = PRF(IssuerKey, 2d003f75 || UID || Version as 4 bytes little endian)
//   K0 = PRF(CardKey, 2d003f76)    K1 = PRF(IssuerKey, 2d003f77)    K2 = PRF(CardKey, 2d003f78)
//   K3 = PRF(CardKey, 2d003f79)    K4 = PRF(CardKey, 2d003f7a)      ID = PRF(IssuerKey, 2d003f7b || UID)
// K1 is the same for all cards of an issuer, so a withdraw service can read any tap's UID
// (boltcard_sun.hpp) before it knows which card, and therefore which K2, it is talking to.
#pragma once

#include <cstdint>

#include "core/bytes.hpp"
#include "core/crypto/memory.hpp"

namespace flash::lightning::boltcard {

inline constexpr std::size_t key_size = 16;
inline constexpr std::size_t uid_size = 7;

/// An AES-128 key, wiped when it goes out of scope.
using Key = crypto::Secret<key_size>;

/// The five application keys written to a card.
struct CardKeys {
    Key k0;  ///< application master key: the only key allowed to change the others (and wipe the card)
    Key k1;  ///< SDM meta read key: decrypts the PICCData of p=; shared by all the issuer's cards
    Key k2;  ///< SDM file read key: checks the SUN MAC of c=
    Key k3;  ///< not used by Bolt Card; set so that it is not predictable
    Key k4;  ///< not used by Bolt Card; set so that it is not predictable
};

/// CardKey, the per-card, per-version secret K0, K2, K3 and K4 derive from.
/// Throws Error(bad_length) unless `issuer_key` is 16 bytes and `uid` 7 bytes.
Key derive_card_key(ByteView issuer_key, ByteView uid, std::uint32_t version);

/// K0..K4 for the card with `uid` programmed for the `version`-th time. Errors as derive_card_key().
CardKeys derive_card_keys(ByteView issuer_key, ByteView uid, std::uint32_t version);

/// K1 alone: what a withdraw service needs to decrypt the taps of all the issuer's cards.
/// Throws Error(bad_length) unless `issuer_key` is 16 bytes.
Key derive_encryption_key(ByteView issuer_key);

/// The card's ID: a stable handle to store and look the card up by that does not reveal its UID.
/// Errors as derive_card_key().
ByteArray<16> derive_card_id(ByteView issuer_key, ByteView uid);

}  // namespace flash::lightning::boltcard
