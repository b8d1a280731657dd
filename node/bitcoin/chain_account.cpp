#include "node/bitcoin/chain_account.hpp"

#include "core/error.hpp"
#include "node/server/key_file.hpp"
#include "node/server/log.hpp"

namespace flash::node::bitcoin {
namespace {

keys::ExtendedKey parse_account_key(const std::string& text) {
    try {
        return keys::ExtendedKey::parse(text);
    } catch (const Error& e) {
        throw Error(Errc::bad_config, std::string("chain account key: ") + e.what());
    }
}

bool test_versions(const keys::ExtendedKeyVersions& versions) {
    return versions == keys::tprv_tpub || versions == keys::vprv_vpub;
}

}  // namespace

keys::Network chain_network(const ChainConfig& config) {
    if (config.network) return *config.network;
    if (config.account_key.empty()) return keys::Network::regtest;  // only the fake runs without a key
    return test_versions(parse_account_key(config.account_key).versions()) ? keys::Network::testnet
                                                                           : keys::Network::mainnet;
}

keys::Account chain_account(const ChainConfig& config, keys::Network network, const std::string& data_dir) {
    if (config.account_key.empty()) {
        if (config.backend != "fake") throw Error(Errc::bad_config, "the chain backend needs an account key");
        const crypto::SecretKey seed = load_or_create_key_file(data_dir, "fake-chain-account.key");
        log::warn("deposit addresses come from a generated FAKE account; set chain.account_key for real money",
                  {{"file", "fake-chain-account.key"}});
        const keys::Account spending = keys::Account::from_seed(seed.view(), keys::AccountKind::p2wpkh, network);
        return keys::Account::from_account_key(spending.account_key().neuter(), keys::AccountKind::p2wpkh, network);
    }
    const keys::ExtendedKey key = parse_account_key(config.account_key);
    if (key.is_private())
        throw Error(Errc::bad_config, "chain account key: give the public (watch-only) key, not the private one");
    if (test_versions(key.versions()) != (network != keys::Network::mainnet))
        throw Error(Errc::bad_config, "chain account key: its version is for another network");
    try {
        return keys::Account::from_account_key(key, keys::AccountKind::p2wpkh, network);
    } catch (const Error& e) {
        throw Error(Errc::bad_config, std::string("chain account key: ") + e.what());
    }
}

}  // namespace flash::node::bitcoin
