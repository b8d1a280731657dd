// Electrum's names for what a server indexes (electrum-protocol docs/protocol-basics.rst, "Script
// Hashes" and "Status"): the script hash of an output script and the status of its history.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "core/bytes.hpp"

namespace flash::bitcoin {

/// The Electrum script hash of `script_pubkey`: SHA-256 of the script, its bytes reversed, in
/// lower-case hex (64 characters). Any byte string is accepted (the hash does not parse it).
std::string electrum_script_hash(ByteView script_pubkey);

/// One transaction in a script hash's history as a server reports it.
struct ElectrumHistoryItem {
    std::string tx_hash;  ///< 64 hex digits, as sent by the server (display byte order)
    std::int64_t height;  ///< block height; 0 = mempool with confirmed inputs, -1 = mempool otherwise

    bool operator==(const ElectrumHistoryItem&) const = default;
};

/// The status of a history: SHA-256 (lower-case hex, not reversed) of the concatenation of
/// "tx_hash:height:" for every item in the order given; nullopt for an empty history.
///
/// The order is the server's: confirmed transactions by height and position in their block, then
/// mempool transactions by (-height, tx_hash). This function does not reorder, because only the
/// server knows block positions.
/// Throws Error(bad_length) or Error(bad_hex) when a tx_hash is not 64 hex digits, and
/// Error(bad_argument) for a height below -1.
std::optional<std::string> electrum_status(std::span<const ElectrumHistoryItem> history);

}  // namespace flash::bitcoin
