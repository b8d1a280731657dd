// The chain backend the configuration names.
#pragma once
#include <memory>
#include <string>

#include "core/keys/accounts.hpp"
#include "node/bitcoin/chain_backend.hpp"
#include "node/server/config.hpp"

namespace flash::node::bitcoin {

/// "fake": FakeChain in `data_dir`; "electrum": ElectrumBackend; "bitcoind": BitcoindBackend.
/// Throws Error(bad_config) for settings the backend cannot use (address, certificate, URL,
/// cookie), and ChainError when the fake chain's database cannot be opened.
std::unique_ptr<ChainBackend> make_chain_backend(const ChainConfig& config, keys::Network network,
                                                 const std::string& data_dir);

}  // namespace flash::node::bitcoin
