// The results of the Electrum methods flash-node calls (electrum-protocol docs/protocol-methods.rst),
// checked and turned into the chain backend's types. Every function throws
// ChainError(bad_response) for a result of the wrong shape or with values out of range.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "node/bitcoin/chain_backend.hpp"

namespace flash::node::bitcoin::electrum {

/// server.version: [server software, negotiated protocol version]; returns the version.
std::string protocol_version(const nlohmann::json& result);

/// blockchain.headers.subscribe (result and notification): {"height", "hex" of the 80-byte header};
/// the tip's hash is the header's double SHA-256.
ChainTip header_tip(const nlohmann::json& header);

/// blockchain.scripthash.subscribe: the status (64 hex digits), or null for an empty history.
std::optional<std::string> script_status(const nlohmann::json& result);

/// blockchain.scripthash.get_history: [{"tx_hash", "height"[, "fee"]}].
std::vector<HistoryItem> history(const nlohmann::json& result);

/// blockchain.scripthash.listunspent: [{"tx_hash", "tx_pos", "height", "value"}].
std::vector<Unspent> unspent(const nlohmann::json& result);

/// blockchain.transaction.get (not verbose): the raw transaction as hex.
Bytes raw_transaction(const nlohmann::json& result);

/// blockchain.transaction.broadcast: the txid.
std::string txid(const nlohmann::json& result);

/// blockchain.estimatefee: BTC per kilobyte as a number, -1 when the server cannot tell; returns
/// sat/vB (1 BTC/kB = 100000 sat/vB), nullopt for -1.
std::optional<double> fee_rate(const nlohmann::json& result);

}  // namespace flash::node::bitcoin::electrum
