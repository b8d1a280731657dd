#include "node/bitcoin/chain_network.hpp"

namespace flash::node::bitcoin {

keys::Network chain_network(const ChainConfig& config) noexcept {
    if (config.network) return *config.network;
    return config.backend == "fake" ? keys::Network::regtest : keys::Network::mainnet;
}

std::string_view network_name(keys::Network network) noexcept {
    switch (network) {
        case keys::Network::mainnet: return "mainnet";
        case keys::Network::testnet: return "testnet";
        case keys::Network::signet: return "signet";
        case keys::Network::regtest: return "regtest";
    }
    return "mainnet";
}

}  // namespace flash::node::bitcoin
