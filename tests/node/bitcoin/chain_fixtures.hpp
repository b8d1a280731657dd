// Shared pieces of the chain tests: a user's wallet (a seed and the BIP-84 regtest account key it
// registers, with its origin), a chain service over the fake chain in a temporary directory with a
// clock the test moves and the credits it reports, and the checks the backend tests share.
#pragma once
#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/bitcoin/key_origin.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/keys/accounts.hpp"
#include "node/bitcoin/chain_backend.hpp"
#include "node/bitcoin/chain_service.hpp"
#include "node/bitcoin/fake_chain.hpp"
#include "node/eventually.hpp"
#include "support/temp_dir.hpp"

namespace flash::test {

/// A user's self-custodial wallet from a fixed seed (its keys and addresses are stable across runs).
struct TestWallet {
    crypto::Hash256 seed;
    keys::ExtendedKey master;
    keys::Account account;    ///< the spending account m/84'/1'/0' on regtest
    std::string account_key;  ///< its watch-only key as the browser registers it (vpub)
    std::string fingerprint;  ///< the master key's, hex
    std::string path = "m/84'/1'/0'";

    explicit TestWallet(const char* seed_text = "flash chain tests")
        : seed(crypto::sha256(as_bytes(seed_text))),
          master(keys::ExtendedKey::from_seed(seed)),
          account(keys::Account::from_root(master, keys::AccountKind::p2wpkh, keys::Network::regtest)),
          account_key(account.account_key().neuter().to_base58(account.account_key_versions())),
          fingerprint(codec::hex_encode(master.fingerprint())) {}

    /// The signer's key source: the master key, as the browser core holds it.
    flash::bitcoin::KeySource signer() const { return flash::bitcoin::KeySource::from_master(master); }
    keys::AccountAddress address(std::uint32_t chain, std::uint32_t index) const {
        return account.address(chain == 1, index);
    }
};

/// The watch-only account of TestWallet(seed_text) (for tests that only need its addresses).
inline keys::Account regtest_account(const char* seed_text = "flash chain tests") {
    const TestWallet wallet(seed_text);
    return keys::Account::from_account_key(wallet.account.account_key().neuter(), keys::AccountKind::p2wpkh,
                                           keys::Network::regtest);
}

/// A ChainService over a FakeChain (no block timer) in `dir`, on regtest, with a clock at `now_s`,
/// recording every credit it reports.
struct FakeChainNode {
    std::int64_t now_s = 1'700'000'000;
    std::vector<node::Deposit> credits;
    std::unique_ptr<node::bitcoin::ChainService> service;

    FakeChainNode(const TempDir& dir, std::uint32_t confirmations, std::uint32_t gap_limit = 20) {
        auto chain = std::make_unique<node::bitcoin::FakeChain>(dir.str(), keys::Network::regtest,
                                                                std::chrono::milliseconds(0));
        service = std::make_unique<node::bitcoin::ChainService>(std::move(chain), dir.str(), keys::Network::regtest,
                                                                gap_limit, confirmations, [this] { return now_s; });
        service->on_credit([this](const node::Deposit& deposit) { credits.push_back(deposit); });
    }
    FakeChainNode(const FakeChainNode&) = delete;
    FakeChainNode& operator=(const FakeChainNode&) = delete;

    node::bitcoin::FakeChain& chain() { return *service->fake(); }
    /// Registers `wallet`'s account key for `user`.
    node::ChainAccount add(const std::string& user, const TestWallet& wallet) {
        return service->register_account(user, wallet.account_key, wallet.fingerprint, wallet.path);
    }
    /// Applies whatever the chain has reported (without waiting).
    void sync() {
        while (service->poll(std::chrono::milliseconds(0))) {
        }
    }
    /// Pays `amount_sat` to `user`'s deposit address, mines `blocks` blocks over it (0: it stays in
    /// the mempool) and syncs. Returns the txid.
    std::string deposit(const std::string& user, std::uint64_t amount_sat, unsigned blocks = 1) {
        const std::string txid = chain().pay(service->deposit_address(user).address, amount_sat);
        if (blocks > 0) chain().mine(blocks);
        sync();
        return txid;
    }
};

/// The code of the ChainError `call` throws (fails the test when it throws none).
inline node::bitcoin::ChainErrc chain_error_code(const std::function<void()>& call) {
    try {
        call();
    } catch (const node::bitcoin::ChainError& e) {
        return e.code();
    }
    FAIL("no ChainError");
    return node::bitcoin::ChainErrc::bad_response;
}

/// A txid made of one hex digit (a transaction the backend under test need not know).
inline std::string fake_txid(char digit) { return std::string(64, digit); }

/// The code of the ChainServiceError `f` throws; nullopt when it throws none.
template <class F>
std::optional<node::bitcoin::ChainServiceErrc> service_error(F&& f) {
    try {
        f();
    } catch (const node::bitcoin::ChainServiceError& e) {
        return e.code();
    }
    return std::nullopt;
}

}  // namespace flash::test
