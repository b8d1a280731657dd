// Which account the deposit addresses come from, and on which network.
#pragma once
#include <string>

#include "core/keys/accounts.hpp"
#include "node/server/config.hpp"

namespace flash::node::bitcoin {

/// The network the chain runs on: config.network when set; else regtest for the fake backend, or
/// what the account key's version says (xpub/zpub: mainnet; tpub/vpub: testnet).
/// Error(bad_config) when the account key does not parse.
keys::Network chain_network(const ChainConfig& config);

/// The watch-only BIP-84 account of config.account_key on `network`. With no key and the fake
/// backend, an account made from a seed kept in <data_dir>/fake-chain-account.key (demo money
/// only). Error(bad_config) for a key that is private, not at depth 3 with a hardened child
/// number, or whose version belongs to another network.
keys::Account chain_account(const ChainConfig& config, keys::Network network, const std::string& data_dir);

}  // namespace flash::node::bitcoin
