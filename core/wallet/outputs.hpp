// The wallet's new outputs: what it remembers about each blinded message it asks a mint to sign,
// how it blinds it, and how it turns the mint's blind signature into a proof it can trust.
//
// An output is either derived (NUT-13: keyset + counter, the secret and r come back from the
// seed, so nothing secret is stored) or explicit (a P2PK secret with a random r, stored in the
// operation, as the wallet's own database is the only place it can live).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/bytes.hpp"
#include "core/cashu/nut01.hpp"
#include "core/cashu/types.hpp"
#include "core/crypto/secp256k1.hpp"

namespace flash::wallet {

struct OutputSpec {
    cashu::Amount amount = 0;
    cashu::KeysetId keyset;                ///< full id
    std::optional<std::uint64_t> counter;  ///< derived output
    std::string secret;                    ///< explicit output (counter empty)
    std::optional<crypto::SecretKey> r;    ///< explicit output
    bool send = false;                     ///< leaves the wallet in a token (else kept)
    bool offline = false;                  ///< kept aside for offline sending (prepare-offline)
};

/// {"amount", "id", "counter"} or {"amount", "id", "secret", "r"}, plus "send": true and
/// "offline": true when set.
nlohmann::json to_json(const OutputSpec& spec);
/// The reverse; Error(storage) for a row that does not read back.
OutputSpec output_spec_from_json(const nlohmann::json& value);

/// An output ready to send: the blinded message and what unblinding needs.
struct BlindedOutput {
    cashu::BlindedMessage message;
    std::string secret;
    crypto::SecretKey r;
};

/// Blinds `spec`, deriving secret and r from the 64-byte BIP-39 `seed` for a derived output.
BlindedOutput blind_output(const OutputSpec& spec, ByteView seed);

/// The proof from the mint's signature on `output`, with its DLEQ (e, s, r) kept for whoever the
/// proof goes to. `keys`: the keyset's keys. `amount_from_signature`: true for NUT-08 change and
/// NUT-09 restores, where the mint picks the amount; else it must equal the output's.
/// Error(bad_message) when the signature is for another keyset or amount, the mint has no key
/// for its amount, or its DLEQ proof is missing or does not verify; Error(bad_public_key) for a
/// C_ that is not a point.
cashu::Proof unblind_output(const BlindedOutput& output, const cashu::BlindSignature& signature,
                            const cashu::Keys& keys, bool amount_from_signature);

}  // namespace flash::wallet
