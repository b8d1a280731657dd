// The fake chain: simulated payments as real transactions, mining, broadcast of our own
// transactions, Electrum-ordered histories, reorgs, change notifications, the block timer, and
// state that survives a restart.
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "core/bitcoin/script.hpp"
#include "core/bitcoin/transaction.hpp"
#include "core/crypto/random.hpp"
#include "node/bitcoin/fake_chain.hpp"
#include "node/bitcoin/chain_fixtures.hpp"
#include "support/errors.hpp"
#include "support/temp_dir.hpp"

using namespace flash;
using namespace flash::node::bitcoin;
namespace btc = flash::bitcoin;
using namespace std::chrono_literals;

namespace {

struct Fixture {
    test::TempDir dir;
    keys::Account account = test::regtest_account();
    std::int64_t now_ms = 1'700'000'000'000;

    std::unique_ptr<FakeChain> open(std::chrono::milliseconds interval = 0ms) {
        return std::make_unique<FakeChain>(dir.str(), keys::Network::regtest, interval, [this] { return now_ms; });
    }
    keys::AccountAddress address(std::uint32_t index) const { return account.address(false, index); }
};

/// A transaction spending `from` (txid:vout) to `script`.
Bytes spend(const std::string& txid, std::uint32_t vout, const Bytes& script, std::uint64_t value) {
    btc::Transaction tx;
    btc::TxIn input;
    input.prevout = {btc::txid_from_hex(txid), vout};
    input.witness = {Bytes(71, 0x30), Bytes(33, 0x02)};  // shaped like a P2WPKH witness; never checked
    tx.inputs.push_back(input);
    tx.outputs.push_back({value, script});
    return btc::serialize_transaction(tx);
}

}  // namespace

TEST_CASE("fake chain: a payment is a real transaction, in the mempool until mined", "[node][chain][fake]") {
    Fixture f;
    auto chain = f.open();
    CHECK(chain->name() == "fake");
    const ChainTip genesis = chain->tip();
    CHECK(genesis.height == 0);
    CHECK(genesis.header_hash.size() == 64);

    const keys::AccountAddress to = f.address(0);
    const std::string txid = chain->pay(to.address, 50'000);
    const btc::Transaction tx = btc::parse_transaction(chain->transaction(txid));
    CHECK(btc::txid_hex(btc::txid(tx)) == txid);
    REQUIRE(tx.outputs.size() == 1);
    CHECK(tx.outputs[0].value == 50'000);
    CHECK(tx.outputs[0].script_pubkey == to.script_pubkey);

    CHECK(chain->history(to.script_pubkey) == std::vector<HistoryItem>{{txid, 0}});
    CHECK(chain->unspent(to.script_pubkey) == std::vector<Unspent>{{txid, 0, 0, 50'000}});

    const ChainTip tip = chain->mine();
    CHECK(tip.height == 1);
    CHECK(tip.header_hash != genesis.header_hash);
    CHECK(chain->history(to.script_pubkey) == std::vector<HistoryItem>{{txid, 1}});
    CHECK(chain->unspent(to.script_pubkey) == std::vector<Unspent>{{txid, 0, 1, 50'000}});
    CHECK(chain->mine(3).height == 4);

    // Another network's address, or a silly amount, is the operator's mistake.
    // BIP-84's first mainnet address.
    test::require_error(Errc::bad_address, [&] { chain->pay("bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", 1); });
    test::require_error(Errc::bad_argument, [&] { chain->pay(to.address, 0); });
    test::require_error(Errc::bad_argument, [&] { chain->pay(to.address, btc::max_money + 1); });
    REQUIRE_THROWS_AS(chain->transaction(std::string(64, 'a')), ChainError);
}

TEST_CASE("fake chain: broadcast spends fake outputs once", "[node][chain][fake]") {
    Fixture f;
    auto chain = f.open();
    const keys::AccountAddress a = f.address(0);
    const keys::AccountAddress b = f.address(1);
    const std::string deposit = chain->pay(a.address, 10'000);
    chain->mine();

    const Bytes withdrawal = spend(deposit, 0, b.script_pubkey, 9'000);
    const std::string txid = chain->broadcast(withdrawal);
    CHECK(txid == btc::txid_hex(btc::txid(btc::parse_transaction(withdrawal))));
    CHECK(chain->broadcast(withdrawal) == txid);  // the same transaction again: accepted, once
    CHECK(chain->unspent(a.script_pubkey).empty());
    CHECK(chain->history(a.script_pubkey) == std::vector<HistoryItem>{{deposit, 1}, {txid, 0}});
    CHECK(chain->unspent(b.script_pubkey) == std::vector<Unspent>{{txid, 0, 0, 9'000}});

    const auto rejected = [&](const Bytes& raw) {
        try {
            chain->broadcast(raw);
        } catch (const ChainError& e) {
            return e.code() == ChainErrc::rejected;
        }
        return false;
    };
    CHECK(rejected(spend(deposit, 0, b.script_pubkey, 8'000)));    // double spend
    CHECK(rejected(spend(txid, 0, a.script_pubkey, 9'001)));       // more out than in
    CHECK(rejected(Bytes{0x02, 0x00, 0x00}));                      // not a transaction
    // Coins the fake never saw are taken on trust.
    CHECK_NOTHROW(chain->broadcast(spend(std::string(64, '1'), 3, b.script_pubkey, 1)));
}

TEST_CASE("fake chain: mempool order and heights follow Electrum", "[node][chain][fake]") {
    Fixture f;
    auto chain = f.open();
    const keys::AccountAddress a = f.address(0);
    const std::string first = chain->pay(a.address, 1'000);
    const std::string child = chain->broadcast(spend(first, 0, a.script_pubkey, 900));  // spends a mempool output
    const std::string second = chain->pay(a.address, 2'000);
    const std::vector<HistoryItem> history = chain->history(a.script_pubkey);
    REQUIRE(history.size() == 3);
    // Height 0 (confirmed inputs) before -1, each group by tx_hash.
    CHECK(history[0].height == 0);
    CHECK(history[1].height == 0);
    CHECK(history[0].tx_hash < history[1].tx_hash);
    CHECK(history[2] == HistoryItem{child, -1});
    CHECK(btc::electrum_status(history).has_value());

    chain->mine();
    const std::vector<HistoryItem> mined = chain->history(a.script_pubkey);
    // One block, in arrival order: first, child, second.
    CHECK(mined == std::vector<HistoryItem>{{first, 1}, {child, 1}, {second, 1}});
}

TEST_CASE("fake chain: a reorg sends transactions back to the mempool or drops them", "[node][chain][fake]") {
    Fixture f;
    auto chain = f.open();
    const keys::AccountAddress a = f.address(0);
    const keys::AccountAddress b = f.address(1);
    const std::string deposit = chain->pay(a.address, 5'000);
    chain->mine();
    const std::string spent = chain->broadcast(spend(deposit, 0, b.script_pubkey, 4'000));
    chain->mine(2);
    const std::string old_tip = chain->tip().header_hash;

    chain->reorg(2, ReorgMode::back_to_mempool);
    CHECK(chain->tip().height == 1);
    CHECK(chain->history(b.script_pubkey) == std::vector<HistoryItem>{{spent, 0}});
    CHECK(chain->mine(2).header_hash != old_tip);
    CHECK(chain->history(b.script_pubkey) == std::vector<HistoryItem>{{spent, 2}});

    chain->reorg(3, ReorgMode::drop);  // takes the deposit's block: the deposit and its spender vanish
    CHECK(chain->tip().height == 0);
    CHECK(chain->history(a.script_pubkey).empty());
    CHECK(chain->history(b.script_pubkey).empty());
    REQUIRE_THROWS_AS(chain->transaction(spent), ChainError);
    test::require_error(Errc::bad_argument, [&] { chain->reorg(1, ReorgMode::drop); });
}

TEST_CASE("fake chain: dropping a block releases what its transactions spent", "[node][chain][fake]") {
    Fixture f;
    auto chain = f.open();
    const keys::AccountAddress a = f.address(0);
    const std::string deposit = chain->pay(a.address, 5'000);
    chain->mine();
    chain->broadcast(spend(deposit, 0, f.address(1).script_pubkey, 4'000));
    chain->mine();
    chain->reorg(1, ReorgMode::drop);
    CHECK(chain->unspent(a.script_pubkey) == std::vector<Unspent>{{deposit, 0, 1, 5'000}});
}

TEST_CASE("fake chain: changes of watched scripts and of the tip are reported", "[node][chain][fake]") {
    Fixture f;
    auto chain = f.open();
    const keys::AccountAddress watched = f.address(0);
    const keys::AccountAddress other = f.address(1);
    chain->pay(watched.address, 1'000);  // history before watching
    CHECK(chain->wait_for_changes(0ms).empty());

    chain->watch(std::vector<Bytes>{watched.script_pubkey});
    ChainChanges changes = chain->wait_for_changes(0ms);
    CHECK(changes.scripts == std::vector<Bytes>{watched.script_pubkey});
    CHECK_FALSE(changes.tip.has_value());

    chain->pay(other.address, 1'000);  // not watched
    CHECK(chain->wait_for_changes(0ms).empty());

    chain->mine();
    changes = chain->wait_for_changes(0ms);
    REQUIRE(changes.tip.has_value());
    CHECK(changes.tip->height == 1);
    CHECK(changes.scripts == std::vector<Bytes>{watched.script_pubkey});
    CHECK(chain->wait_for_changes(0ms).empty());
}

TEST_CASE("fake chain: wait_for_changes wakes up for a payment made meanwhile", "[node][chain][fake]") {
    Fixture f;
    auto chain = f.open();
    const keys::AccountAddress a = f.address(0);
    chain->watch(std::vector<Bytes>{a.script_pubkey});
    std::thread payer([&] {
        std::this_thread::sleep_for(50ms);
        chain->pay(a.address, 1'000);
    });
    const auto started = std::chrono::steady_clock::now();
    const ChainChanges changes = chain->wait_for_changes(10s);
    payer.join();
    CHECK(changes.scripts.size() == 1);
    CHECK(std::chrono::steady_clock::now() - started < 5s);
}

TEST_CASE("fake chain: the block timer mines while someone waits", "[node][chain][fake]") {
    Fixture f;
    auto chain = f.open(60'000ms);
    CHECK(chain->wait_for_changes(0ms).empty());
    f.now_ms += 60'000;
    const ChainChanges changes = chain->wait_for_changes(0ms);
    REQUIRE(changes.tip.has_value());
    CHECK(changes.tip->height == 1);
    CHECK(chain->wait_for_changes(0ms).empty());  // the next block is due a minute later
}

TEST_CASE("fake chain: state survives a restart", "[node][chain][fake]") {
    Fixture f;
    std::string txid;
    ChainTip tip;
    {
        auto chain = f.open();
        txid = chain->pay(f.address(0).address, 7'000);
        tip = chain->mine(2);
    }
    auto chain = f.open();
    CHECK(chain->tip() == tip);
    CHECK(chain->unspent(f.address(0).script_pubkey) == std::vector<Unspent>{{txid, 0, 1, 7'000}});
}

TEST_CASE("fake chain: fixed fee estimates", "[node][chain][fake]") {
    Fixture f;
    auto chain = f.open();
    CHECK(chain->fee_rate(1) == 25.0);
    CHECK(chain->fee_rate(6) == 8.0);
    CHECK(chain->fee_rate(144) == 2.0);
}
