// The Cashu data model shared by the NUTs (NUT-00, NUT-12): amounts, keyset ids, blinded
// messages, blind signatures and proofs, with their DLEQ proofs. Plain values; JSON and token
// encodings live in the files of the NUTs that define them.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "core/bytes.hpp"
#include "core/crypto/secp256k1.hpp"

namespace flash::cashu {

/// Amounts are unsigned 64-bit: a keyset may hold an amount of 2^63 (NUT-01).
using Amount = std::uint64_t;

/// A keyset id as bytes: 8 for V1 ("00" + 14 hex) and short V2 ids, 33 for full V2 ("01" + 64 hex).
using KeysetId = Bytes;

/// NUT-12: (e, s) on a blind signature; on a proof also r, the blinding factor, so that anyone
/// holding the mint's key can check the signature offline.
struct Dleq {
    ByteArray<32> e{};
    ByteArray<32> s{};
    std::optional<ByteArray<32>> r;  ///< only on proofs
    bool operator==(const Dleq&) const = default;
};

/// NUT-00 BlindedMessage: what a wallet sends to be signed.
struct BlindedMessage {
    Amount amount = 0;
    KeysetId id;
    crypto::PublicKey B_{};  ///< B' = Y + rG
    bool operator==(const BlindedMessage&) const = default;
};

/// NUT-00 BlindSignature: the mint's answer, C' = kB'.
struct BlindSignature {
    Amount amount = 0;
    KeysetId id;
    crypto::PublicKey C_{};
    std::optional<Dleq> dleq;
    bool operator==(const BlindSignature&) const = default;
};

/// NUT-00 Proof: an unblinded token a wallet holds and spends.
struct Proof {
    Amount amount = 0;
    KeysetId id;
    std::string secret;  ///< UTF-8; a NUT-10 well-known secret is JSON text
    crypto::PublicKey C{};
    std::optional<std::string> witness;  ///< NUT-11/14 witness JSON text
    std::optional<Dleq> dleq;
    bool operator==(const Proof&) const = default;
};

}  // namespace flash::cashu
