// NUT-02 keysets: keyset ids (derived from the keys, parsed from and written as hex) and input
// fees.
//
//   V1 id (deprecated): 0x00 || first 7 bytes of SHA256(pubkey_1 || pubkey_2 || ...), the 33-byte
//     compressed keys in ascending amount order; written as 16 hex digits "00…".
//   V2 id: 0x01 || SHA256("1:02ab…,2:03cd…|unit:sat[|input_fee_ppk:N][|final_expiry:T]"), the
//     amounts in ascending order with lower-case hex keys; written as 66 hex digits "01…".
//     Tokens (NUT-00 V4) may carry it shortened to its first 8 bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/cashu/nut01.hpp"
#include "core/cashu/types.hpp"

namespace flash::cashu {

/// The V1 id of `keys`. Error(bad_keyset) if `keys` is empty.
KeysetId keyset_id_v1(const Keys& keys);

/// The V2 id of `keys` with the keyset's unit ("sat", ...), input fee (ppk, written only when
/// non-zero) and optional final expiry (unix seconds). Error(bad_keyset) if `keys` is empty or
/// `unit` is empty or contains '|'.
KeysetId keyset_id_v2(const Keys& keys, std::string_view unit, std::uint64_t input_fee_ppk,
                      std::optional<std::uint64_t> final_expiry);

/// Parses a hex keyset id: 16 hex digits with version 00 or 01 (V1, short V2) or 66 with
/// version 01 (full V2), either case. Error(bad_keyset) otherwise.
KeysetId parse_keyset_id(std::string_view hex);

/// The id as lower-case hex. Error(bad_keyset) for bytes parse_keyset_id would not accept.
std::string format_keyset_id(const KeysetId& id);

/// The fee for spending a set of inputs: ceil(sum of each input's keyset input_fee_ppk / 1000).
/// Error(bad_argument) if the sum overflows 64 bits.
Amount input_fee(std::span<const std::uint64_t> input_fee_ppk);

}  // namespace flash::cashu
