// Which Bitcoin network the chain side runs on.
#pragma once

#include "core/keys/accounts.hpp"
#include "node/server/config.hpp"

namespace flash::node::bitcoin {

/// config.network when set; else regtest for the fake backend and mainnet for electrum and
/// bitcoind (a test network needs chain.network = "testnet", "signet" or "regtest").
keys::Network chain_network(const ChainConfig& config) noexcept;

/// "mainnet", "testnet", "signet", "regtest" (chain.network's spelling).
std::string_view network_name(keys::Network network) noexcept;

}  // namespace flash::node::bitcoin
