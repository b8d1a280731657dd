// Shared pieces of the chain tests: a watch-only regtest account and a chain service over the fake
// chain in a temporary directory, with the credits it reports.
#pragma once
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/crypto/hash.hpp"
#include "core/keys/accounts.hpp"
#include "node/bitcoin/chain_service.hpp"
#include "node/bitcoin/fake_chain.hpp"
#include "support/temp_dir.hpp"

namespace flash::test {

/// A watch-only BIP-84 regtest account from a fixed seed (its addresses are stable across runs).
inline keys::Account regtest_account(const char* seed_text = "flash chain tests") {
    const crypto::Hash256 seed = crypto::sha256(as_bytes(seed_text));
    const keys::Account spending = keys::Account::from_seed(seed, keys::AccountKind::p2wpkh, keys::Network::regtest);
    return keys::Account::from_account_key(spending.account_key().neuter(), keys::AccountKind::p2wpkh,
                                           keys::Network::regtest);
}

/// A ChainService over a FakeChain (no block timer) in `dir`, recording every credit it reports.
struct FakeChainNode {
    std::vector<node::Deposit> credits;
    std::unique_ptr<node::bitcoin::ChainService> service;

    FakeChainNode(const TempDir& dir, std::uint32_t confirmations, std::uint32_t gap_limit = 20) {
        auto chain = std::make_unique<node::bitcoin::FakeChain>(dir.str(), keys::Network::regtest,
                                                                std::chrono::milliseconds(0));
        service = std::make_unique<node::bitcoin::ChainService>(std::move(chain), dir.str(), regtest_account(),
                                                                gap_limit, confirmations);
        service->on_credit([this](const node::Deposit& deposit) { credits.push_back(deposit); });
    }

    node::bitcoin::FakeChain& chain() { return *service->fake(); }
    /// Applies whatever the chain has reported (without waiting).
    void sync() {
        while (service->poll(std::chrono::milliseconds(0))) {
        }
    }
};

}  // namespace flash::test
