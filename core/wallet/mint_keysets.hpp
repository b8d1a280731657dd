// The wallet's reading of a mint's keyset endpoints (NUT-01/02):
//
//   GET /v1/keysets      {"keysets": [{"id", "unit", "active", "input_fee_ppk"?, "final_expiry"?}]}
//   GET /v1/keys/{id}    {"keysets": [{"id", "unit", "keys": {...}, "input_fee_ppk"?, "final_expiry"?}]}
//
// Keysets whose id is not a V1 ("00", 16 hex) or V2 ("01", 66 hex) id are skipped: the wallet
// cannot derive secrets for them (V3 "02" BLS keysets, legacy base64 ids).
// Errors: Error(bad_message) for a body of the wrong shape; Error(bad_keyset) for bad keys and for
// keys whose id does not re-derive to the id the mint claims (a mint must not be trusted on it).
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "core/wallet/wallet_store.hpp"

namespace flash::wallet {

/// The keysets of a /v1/keysets answer for `mint`, without keys.
std::vector<KeysetRecord> keysets_from_json(std::string_view mint, const nlohmann::json& body);

/// `known` (from /v1/keysets) with its keys from a /v1/keys/{id} answer, checked: the id must
/// re-derive from the keys (V1: from the keys; V2: from keys, unit, fee and expiry; fee and expiry
/// from the answer when it has them, else from `known`).
KeysetRecord keyset_keys_from_json(const KeysetRecord& known, const nlohmann::json& body);

}  // namespace flash::wallet
