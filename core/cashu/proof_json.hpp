// NUT-00 Proof as JSON: {"amount", "id", "secret", "C", "witness"?, "dleq"?: {"e", "s", "r"?}}, the
// form inside V3 (cashuA) tokens and in the mint API (swap, melt, checkstate, restore); and the
// BlindedMessage and BlindSignature objects of the mint API.
//
// Amounts are JSON integers in [0, 2^64-1], read exactly (never through a double). Keyset ids
// and keys are hex (either case on input, lower case on output); a keyset id must be 8 or 33
// bytes, C must be 33 bytes, e/s/r 32 bytes. Secret and witness must be UTF-8 strings. Unknown
// members are ignored, and so are a null witness or dleq (some wallets write them). C is not
// checked to be a curve point: the crypto that uses it does that.
#pragma once

#include <nlohmann/json.hpp>

#include "core/cashu/types.hpp"

namespace flash::cashu {

/// The proof as JSON with members in NUT-00 order (amount, id, secret, C, witness, dleq), so
/// that a token re-encodes to the bytes other wallets produce. `witness` and `dleq` (and `r`
/// within it) appear only when present. Throws Error(bad_token) if the secret or witness is not
/// UTF-8 (it could not be written as JSON).
nlohmann::ordered_json proof_to_json(const Proof& proof);

/// Reads a proof from parsed JSON. Throws Error(bad_token) naming the member for anything
/// missing, of the wrong type, length or encoding, or out of range.
Proof proof_from_json(const nlohmann::json& value);

/// Reads a NUT-00 BlindedMessage {"amount", "id", "B_"} (swap, mint and melt outputs; NUT-11
/// SIG_ALL and NUT-20 messages cover them). B_ must be 33 bytes of hex; it is not checked to be a
/// curve point here. Throws Error(bad_token) like proof_from_json().
BlindedMessage blinded_message_from_json(const nlohmann::json& value);

/// {"amount", "id", "B_"}, the form a wallet sends in swap, mint, melt and restore requests.
nlohmann::ordered_json blinded_message_to_json(const BlindedMessage& message);

/// NUT-00/12 BlindSignature {"amount", "id", "C_", "dleq"?: {"e", "s"}}; dleq only when present
/// (its r, a wallet-side value, is never written here).
nlohmann::ordered_json blind_signature_to_json(const BlindSignature& signature);

/// Reads a BlindSignature (swap, mint, restore responses; melt change). C_ must be 33 bytes of
/// hex, not checked to be a point; a null dleq counts as absent, an "r" in it is read if present.
/// Throws Error(bad_token) like proof_from_json().
BlindSignature blind_signature_from_json(const nlohmann::json& value);

}  // namespace flash::cashu
