// Deposit detection end to end on the fake chain, for users who registered their own account keys:
// seen in the mempool, confirmations counted from the tip, credited exactly once at the configured
// depth, moved back by a reorg or forgotten when the transaction vanishes, spent when it leaves the
// unspent set, and never credited twice across restarts.
#include <catch2/catch.hpp>
#include <string>
#include <thread>

#include "core/bitcoin/script.hpp"
#include "core/bitcoin/transaction.hpp"
#include "node/bitcoin/chain_fixtures.hpp"
#include "node/bitcoin/deposit_watcher.hpp"
#include "support/errors.hpp"
#include "support/temp_dir.hpp"

using namespace flash;
using namespace flash::node;
using namespace flash::node::bitcoin;
using namespace std::chrono_literals;
namespace btc = flash::bitcoin;

namespace {

const test::TestWallet alice_wallet("alice's seed");
const test::TestWallet bob_wallet("bob's seed");

}  // namespace

TEST_CASE("confirmations are counted from the tip", "[node][chain]") {
    CHECK(confirmations(0, 100) == 0);
    CHECK(confirmations(100, 100) == 1);
    CHECK(confirmations(98, 100) == 3);
    CHECK(confirmations(101, 100) == 0);  // a tip behind the deposit (mid-reorg): not confirmed
}

TEST_CASE("deposit: seen in the mempool, credited once at one confirmation (fake default)", "[node][chain]") {
    test::TempDir dir;
    test::FakeChainNode node(dir, 1);
    node.add("alice", alice_wallet);
    const DepositAddress address = node.service->deposit_address("alice");
    CHECK(address.address == alice_wallet.address(0, 0).address);
    const std::string txid = node.chain().pay(address.address, 50'000);
    node.sync();

    std::vector<DepositStatus> deposits = node.service->deposits("alice");
    REQUIRE(deposits.size() == 1);
    CHECK(deposits[0].deposit.txid == txid);
    CHECK(deposits[0].deposit.vout == 0);
    CHECK(deposits[0].deposit.amount_sat == 50'000);
    CHECK(deposits[0].deposit.user == "alice");
    CHECK(deposits[0].deposit.height == 0);
    CHECK(deposits[0].confirmations == 0);
    CHECK(deposits[0].state == DepositState::unconfirmed);
    CHECK(deposits[0].address == address.address);
    CHECK_FALSE(deposits[0].change);
    CHECK_FALSE(deposits[0].deposit.credited_at.has_value());
    CHECK(node.credits.empty());
    CHECK(node.service->balance("alice").confirmed_sat == 0);
    CHECK(node.service->balance("alice").unconfirmed_sat == 50'000);
    // The address has been paid: alice gets a fresh one.
    const DepositAddress fresh = node.service->deposit_address("alice");
    CHECK(fresh.address != address.address);
    CHECK(fresh.index == 1);

    node.chain().mine();
    node.sync();
    deposits = node.service->deposits("alice");
    CHECK(deposits[0].confirmations == 1);
    CHECK(deposits[0].state == DepositState::confirmed);
    CHECK(deposits[0].deposit.credited_at.has_value());
    REQUIRE(node.credits.size() == 1);
    CHECK(node.credits[0].txid == txid);
    CHECK(node.service->balance("alice").confirmed_sat == 50'000);
    CHECK(node.service->balance("alice").unconfirmed_sat == 0);

    node.chain().mine(5);
    node.sync();
    CHECK(node.credits.size() == 1);
    CHECK(node.service->deposits("alice")[0].confirmations == 6);
    CHECK(node.service->balance("bob").confirmed_sat == 0);
}

TEST_CASE("deposit: a reorg moves it back to unconfirmed before it is credited", "[node][chain]") {
    test::TempDir dir;
    test::FakeChainNode node(dir, 3);
    node.add("alice", alice_wallet);
    node.deposit("alice", 20'000, 2);  // 2 confirmations
    CHECK(node.service->deposits("alice")[0].confirmations == 2);
    CHECK(node.service->deposits("alice")[0].state == DepositState::unconfirmed);  // 2 of 3
    CHECK(node.credits.empty());

    node.chain().reorg(2, ReorgMode::back_to_mempool);
    node.sync();
    std::vector<DepositStatus> deposits = node.service->deposits("alice");
    REQUIRE(deposits.size() == 1);
    CHECK(deposits[0].deposit.height == 0);
    CHECK(deposits[0].confirmations == 0);

    node.chain().mine(2);
    node.sync();
    CHECK(node.credits.empty());
    node.chain().mine();
    node.sync();
    REQUIRE(node.credits.size() == 1);
    CHECK(node.service->deposits("alice")[0].state == DepositState::confirmed);
    CHECK(node.service->balance("alice").confirmed_sat == 20'000);
}

TEST_CASE("deposit: forgotten when its transaction vanishes before the credit", "[node][chain]") {
    test::TempDir dir;
    test::FakeChainNode node(dir, 3);
    node.add("alice", alice_wallet);
    node.deposit("alice", 20'000);
    REQUIRE(node.service->deposits("alice").size() == 1);

    node.chain().reorg(1, ReorgMode::drop);
    node.sync();
    CHECK(node.service->deposits("alice").empty());
    node.chain().mine(5);
    node.sync();
    CHECK(node.credits.empty());
    CHECK(node.service->balance("alice").unconfirmed_sat == 0);
}

TEST_CASE("deposit: a credited deposit sent back to the mempool is unconfirmed again, and not credited twice",
          "[node][chain]") {
    test::TempDir dir;
    test::FakeChainNode node(dir, 1);
    node.add("alice", alice_wallet);
    const std::string txid = node.deposit("alice", 30'000);
    REQUIRE(node.credits.size() == 1);

    node.chain().reorg(1, ReorgMode::back_to_mempool);
    node.sync();
    CHECK(node.service->deposits("alice")[0].deposit.height == 0);
    CHECK(node.service->deposits("alice")[0].state == DepositState::unconfirmed);
    CHECK(node.service->balance("alice").confirmed_sat == 0);
    CHECK(node.service->balance("alice").unconfirmed_sat == 30'000);
    node.chain().mine();
    node.sync();
    CHECK(node.credits.size() == 1);
    CHECK(node.service->balance("alice").confirmed_sat == 30'000);
    CHECK(node.service->deposits("alice")[0].deposit.txid == txid);
}

TEST_CASE("deposit: orphaned when a credited transaction is dropped by a reorg", "[node][chain]") {
    test::TempDir dir;
    test::FakeChainNode node(dir, 1);
    node.add("alice", alice_wallet);
    node.deposit("alice", 30'000);
    REQUIRE(node.credits.size() == 1);

    node.chain().reorg(1, ReorgMode::drop);
    node.sync();
    const std::vector<DepositStatus> deposits = node.service->deposits("alice");
    REQUIRE(deposits.size() == 1);
    CHECK(deposits[0].deposit.orphaned);
    CHECK(deposits[0].state == DepositState::orphaned);
    CHECK(deposits[0].confirmations == 0);
    CHECK(node.service->balance("alice").confirmed_sat == 0);
    CHECK(node.service->balance("alice").unconfirmed_sat == 0);
}

TEST_CASE("deposit: several outputs and users, each to its own user", "[node][chain]") {
    test::TempDir dir;
    test::FakeChainNode node(dir, 2);
    node.add("alice", alice_wallet);
    node.add("bob", bob_wallet);
    const DepositAddress alice = node.service->deposit_address("alice");
    const DepositAddress bob = node.service->deposit_address("bob");
    CHECK(alice.index == 0);
    CHECK(bob.index == 0);  // each account has its own series
    CHECK(bob.address == bob_wallet.address(0, 0).address);
    node.chain().pay(alice.address, 1'000);
    node.chain().pay(alice.address, 2'000);  // a second payment to the same address
    node.chain().pay(bob.address, 5'000);
    node.chain().mine(2);
    node.sync();
    CHECK(node.credits.size() == 3);
    CHECK(node.service->balance("alice").confirmed_sat == 3'000);
    CHECK(node.service->balance("bob").confirmed_sat == 5'000);
    CHECK(node.service->deposits("alice").size() == 2);
}

TEST_CASE("deposit: a payment to an address only derived ahead is still the account's user's", "[node][chain]") {
    test::TempDir dir;
    test::FakeChainNode node(dir, 1, 5);
    node.add("alice", alice_wallet);
    // Index 4: inside the window derived ahead, never handed out (another wallet of the same seed).
    node.chain().pay(alice_wallet.address(0, 4).address, 9'000);
    node.chain().mine();
    node.sync();
    REQUIRE(node.credits.size() == 1);
    CHECK(node.credits[0].user == "alice");
    CHECK(node.service->balance("alice").confirmed_sat == 9'000);
    // The window moved past it: index 9 is derived (and watched) now.
    node.chain().pay(alice_wallet.address(0, 9).address, 1'000);
    node.chain().mine();
    node.sync();
    CHECK(node.service->balance("alice").confirmed_sat == 10'000);
    // Bob's addresses are not alice's, and alice still gets the lowest free address.
    CHECK(node.service->deposit_address("alice").index == 0);
}

TEST_CASE("deposit: spent when a transaction the node did not build spends it", "[node][chain]") {
    test::TempDir dir;
    test::FakeChainNode node(dir, 1);
    node.add("alice", alice_wallet);
    const std::string txid = node.deposit("alice", 40'000);
    // Alice's own wallet elsewhere spends the coin (no signature is checked by the fake).
    btc::Transaction spend;
    btc::TxIn input;
    input.prevout = {btc::txid_from_hex(txid), 0};
    spend.inputs.push_back(input);
    spend.outputs.push_back({39'000, btc::address_to_script_pubkey(bob_wallet.address(0, 0).address,
                                                                   keys::Network::regtest)});
    node.chain().broadcast(btc::serialize_transaction(spend));
    node.chain().mine();
    node.sync();
    std::vector<DepositStatus> deposits = node.service->deposits("alice");
    REQUIRE(deposits.size() == 1);
    CHECK(deposits[0].state == DepositState::spent);
    CHECK(deposits[0].deposit.spent_by == "");  // not a withdrawal of the node
    CHECK(node.service->balance("alice").confirmed_sat == 0);

    // The spender leaves the chain: the coin is unspent again.
    node.chain().reorg(1, ReorgMode::drop);
    node.sync();
    deposits = node.service->deposits("alice");
    REQUIRE(deposits.size() == 1);
    CHECK(deposits[0].state == DepositState::confirmed);
    CHECK_FALSE(deposits[0].deposit.spent_by.has_value());
    CHECK(node.service->balance("alice").confirmed_sat == 40'000);
}

TEST_CASE("deposit: credited exactly once across restarts", "[node][chain]") {
    test::TempDir dir;
    std::string address;
    {
        test::FakeChainNode node(dir, 2);
        node.add("alice", alice_wallet);
        address = node.service->deposit_address("alice").address;
        node.chain().pay(address, 40'000);
        node.chain().mine();
        node.sync();  // seen with one confirmation
        node.chain().mine();  // the second confirmation comes while the node is down
    }
    {
        test::FakeChainNode node(dir, 2);
        node.sync();
        REQUIRE(node.credits.size() == 1);
        CHECK(node.service->balance("alice").confirmed_sat == 40'000);
        CHECK(node.service->account_of("alice").has_value());  // registrations survive
        CHECK(node.service->deposit_address("alice").address != address);
    }
    {
        test::FakeChainNode node(dir, 2);
        node.chain().mine();
        node.sync();
        CHECK(node.credits.empty());
        CHECK(node.service->deposits("alice").size() == 1);
    }
}

TEST_CASE("deposit: the ledger credits a deposit once even from two connections", "[node][chain]") {
    test::TempDir dir;
    {
        test::FakeChainNode node(dir, 5);
        node.add("alice", alice_wallet);
        node.deposit("alice", 1'234);
    }
    std::unique_ptr<NodeStore> one = open_sqlite_store(dir.str());
    std::unique_ptr<NodeStore> two = open_sqlite_store(dir.str());
    const std::vector<Deposit> pending = one->chain().deposits_of("alice");
    REQUIRE(pending.size() == 1);
    CHECK(one->chain().credit_deposit(pending[0].txid, pending[0].vout, 1));
    CHECK_FALSE(two->chain().credit_deposit(pending[0].txid, pending[0].vout, 2));
    CHECK(two->chain().credited_total("alice") == 1'234);
    test::require_error(Errc::bad_argument, [&] { one->chain().remove_deposit(pending[0].txid, pending[0].vout); });
    test::require_error(Errc::bad_argument, [&] { one->chain().credit_deposit(std::string(64, 'f'), 0, 3); });
}

TEST_CASE("deposit: the service's worker thread applies changes by itself", "[node][chain]") {
    test::TempDir dir;
    test::FakeChainNode node(dir, 1);
    node.add("alice", alice_wallet);
    std::mutex mutex;
    std::vector<Deposit> credited;
    node.service->on_credit([&](const Deposit& d) {
        std::lock_guard lock(mutex);
        credited.push_back(d);
    });
    node.service->start();
    node.chain().pay(node.service->deposit_address("alice").address, 777);
    node.chain().mine();
    for (int i = 0; i < 200; ++i) {
        {
            std::lock_guard lock(mutex);
            if (!credited.empty()) break;
        }
        std::this_thread::sleep_for(10ms);
    }
    node.service->stop();
    std::lock_guard lock(mutex);
    CHECK(credited.size() == 1);
    CHECK(node.service->tip()->height == 1);
}
