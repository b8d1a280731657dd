// NUT-01 mint public keys: one compressed secp256k1 key per amount of a keyset, as the JSON
// object `{"1": "02…", "2": "03…", …}` of GET /v1/keys and /v1/keys/{id}.
//
// Amounts are decimal strings of a power of two up to 2^63 (u64: 9223372036854775808 does not
// fit in a signed 64-bit integer); keys must be 33-byte compressed points. Anything else is
// rejected with Error(bad_keyset), as the NUT-01 vectors demand.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/cashu/types.hpp"
#include "core/crypto/secp256k1.hpp"

namespace flash::cashu {

/// A keyset's public keys, by amount (ascending, the order NUT-02 ids hash them in).
using Keys = std::map<Amount, crypto::PublicKey>;

/// Parses an amount key: the canonical decimal form (no sign, no leading zero) of a power of two
/// in [1, 2^63]. Error(bad_keyset) otherwise.
Amount parse_key_amount(std::string_view text);

/// Reads the keys object. Error(bad_keyset) naming the amount for a value that is not an object,
/// a bad amount, a key that is not a string of 66 hex digits (uncompressed and truncated keys
/// included) or not a point on the curve, or an empty object.
Keys keys_from_json(const nlohmann::json& value);

/// The keys object, amounts as decimal strings in ascending order, keys as lower-case hex.
nlohmann::ordered_json keys_to_json(const Keys& keys);

}  // namespace flash::cashu
