// Self-custodial withdrawals end to end on the fake chain: the node builds a PSBT from the user's
// coins, the user's seed checks and signs it (core/bitcoin, as the browser core does), the node
// checks and broadcasts it, and the watcher follows the coins and the withdrawal into a block.
#include <catch2/catch.hpp>
#include <optional>
#include <string>

#include "core/bitcoin/psbt_check.hpp"
#include "core/bitcoin/psbt_sign.hpp"
#include "core/bitcoin/script.hpp"
#include "core/bitcoin/transaction.hpp"
#include "node/bitcoin/chain_fixtures.hpp"
#include "support/errors.hpp"
#include "support/temp_dir.hpp"

using namespace flash;
using namespace flash::node;
using namespace flash::node::bitcoin;
using flash::test::service_error;
namespace btc = flash::bitcoin;

namespace {

const test::TestWallet alice("alice's seed");
const test::TestWallet bob("bob's seed");

template <class F>
std::optional<ChainErrc> chain_error(F&& f) {
    try {
        f();
    } catch (const ChainError& e) {
        return e.code();
    }
    return std::nullopt;
}

/// A node where alice has two confirmed coins: 60,000 and 30,000 sat.
struct Funded {
    test::TempDir dir;
    std::unique_ptr<test::FakeChainNode> node = std::make_unique<test::FakeChainNode>(dir, 1);
    std::string coin_60k;
    std::string coin_30k;

    Funded() {
        node->add("alice", alice);
        coin_60k = node->deposit("alice", 60'000, 0);
        coin_30k = node->deposit("alice", 30'000);
    }
    ChainService& service() { return *node->service; }
    /// Alice's signature on withdrawal `w`, as the browser gives it back.
    static btc::Psbt signed_by(const test::TestWallet& wallet, const WithdrawalRecord& w) {
        btc::Psbt psbt = btc::parse_psbt(w.psbt);
        btc::sign_psbt(psbt, wallet.signer());
        return psbt;
    }
    DepositStatus deposit(const std::string& txid) {
        for (DepositStatus& d : service().deposits("alice"))
            if (d.deposit.txid == txid) return d;
        FAIL("no deposit " << txid);
        return {};
    }
};

std::uint64_t input_total(const WithdrawalRecord& w) { return w.amount_sat + w.fee_sat + w.change_sat; }

}  // namespace

TEST_CASE("withdrawal: built from the user's coins, checked and signed by the seed, broadcast, confirmed",
          "[node][chain][withdrawal]") {
    Funded f;
    REQUIRE(f.service().balance("alice").confirmed_sat == 90'000);
    const std::string destination = bob.address(0, 0).address;

    const WithdrawalRecord w = f.service().build_withdrawal("alice", destination, 50'000, std::nullopt);
    CHECK(w.id.size() == 32);
    CHECK(w.user == "alice");
    CHECK(w.state == WithdrawalState::built);
    CHECK(w.amount_sat == 50'000);
    CHECK(w.fee_rate_sat_per_kvb == 15'000);  // the fake's 2-block estimate, 15 sat/vB
    CHECK(w.fee_sat == btc::FeeRate{15'000}.fee(w.vsize));
    CHECK(w.created_at == f.node->now_s);
    CHECK(w.expires_at == f.node->now_s + 600);
    REQUIRE(w.inputs.size() == 1);  // the smallest single coin that pays it all
    CHECK(w.inputs[0] == CoinRef{f.coin_60k, 0});
    CHECK(input_total(w) == 60'000);
    REQUIRE(w.change_sat > 0);
    REQUIRE(w.change_script_hash.has_value());

    const btc::Psbt psbt = btc::parse_psbt(w.psbt);
    CHECK(psbt.tx.lock_time == 1);  // the tip
    // What the browser core shows before signing: the change is proven its own, the rest is sent.
    const btc::PsbtSummary summary = btc::check_psbt(psbt, alice.signer(), keys::Network::regtest);
    CHECK(summary.own_inputs == 1);
    CHECK(summary.own_input_total == 60'000);
    CHECK(summary.sent == 50'000);
    CHECK(summary.change == w.change_sat);
    CHECK(summary.fee == w.fee_sat);
    std::size_t change_outputs = 0;
    for (const btc::PsbtSummaryOutput& out : summary.outputs) {
        if (!out.change) {
            CHECK(out.address == destination);
            continue;
        }
        ++change_outputs;
        CHECK(out.address == alice.address(1, 0).address);  // m/84'/1'/0'/1/0: the change chain
    }
    CHECK(change_outputs == 1);
    // A watch-only check with the account key and its origin proves the same.
    const btc::KeySource watch_only =
        btc::KeySource::parse("[" + alice.fingerprint + "/84'/1'/0']" + alice.account_key);
    CHECK(btc::check_psbt(psbt, watch_only, keys::Network::regtest).change == w.change_sat);
    // Bob's seed owns none of it and is told nothing is change.
    const btc::PsbtSummary strangers = btc::check_psbt(psbt, bob.signer(), keys::Network::regtest);
    CHECK(strangers.own_inputs == 0);
    CHECK(strangers.change == 0);

    // Reserved coins are still alice's until the withdrawal is broadcast.
    CHECK(f.service().balance("alice").confirmed_sat == 90'000);

    btc::Psbt signed_psbt = btc::parse_psbt(w.psbt);
    REQUIRE(btc::sign_psbt(signed_psbt, alice.signer()) == 1);
    const std::string txid = f.service().submit_withdrawal("alice", w.id, signed_psbt);
    CHECK(txid.size() == 64);

    // The fake chain has the transaction, paying bob.
    const btc::Transaction tx = btc::parse_transaction(f.node->chain().transaction(txid));
    CHECK(btc::txid_hex(btc::txid(tx)) == txid);
    bool paid = false;
    for (const btc::TxOut& out : tx.outputs)
        paid = paid || (out.value == 50'000 &&
                        out.script_pubkey == btc::address_to_script_pubkey(destination, keys::Network::regtest));
    CHECK(paid);

    std::vector<WithdrawalRecord> list = f.service().withdrawals("alice");
    REQUIRE(list.size() == 1);
    CHECK(list[0].state == WithdrawalState::broadcast);
    CHECK(list[0].txid == txid);
    // The spent coin is marked at once; the change is not seen yet.
    CHECK(f.deposit(f.coin_60k).state == DepositState::spent);
    CHECK(f.deposit(f.coin_60k).deposit.spent_by == txid);
    CHECK(f.service().balance("alice").confirmed_sat == 30'000);

    f.node->sync();
    const DepositStatus change = f.deposit(txid);
    CHECK(change.change);
    CHECK(change.address == alice.address(1, 0).address);
    CHECK(change.deposit.amount_sat == w.change_sat);
    CHECK(change.state == DepositState::unconfirmed);
    CHECK(f.service().balance("alice").unconfirmed_sat == w.change_sat);
    CHECK(f.service().withdrawals("alice")[0].state == WithdrawalState::broadcast);

    f.node->chain().mine();
    f.node->sync();
    list = f.service().withdrawals("alice");
    CHECK(list[0].state == WithdrawalState::confirmed);
    CHECK(list[0].height == 2);
    CHECK(f.deposit(txid).state == DepositState::confirmed);
    CHECK(f.service().balance("alice").confirmed_sat == 30'000 + w.change_sat);
    CHECK(f.service().balance("alice").unconfirmed_sat == 0);
    CHECK(f.node->credits.size() == 2);  // the two payments in; change coming back is not reported

    // Submitting it again is answered with its txid; nothing changes.
    CHECK(f.service().submit_withdrawal("alice", w.id, signed_psbt) == txid);
    CHECK(f.service().withdrawals("alice")[0].state == WithdrawalState::confirmed);
    // The next withdrawal's change goes to the next change address.
    const WithdrawalRecord next = f.service().build_withdrawal("alice", destination, 10'000, 2.0);
    const btc::PsbtSummary next_summary = btc::check_psbt(btc::parse_psbt(next.psbt), alice.signer(), keys::Network::regtest);
    for (const btc::PsbtSummaryOutput& out : next_summary.outputs)
        if (out.change) CHECK(out.address == alice.address(1, 1).address);
}

TEST_CASE("withdrawal: a reorg moves a confirmed withdrawal back to broadcast", "[node][chain][withdrawal]") {
    Funded f;
    const WithdrawalRecord w = f.service().build_withdrawal("alice", bob.address(0, 0).address, std::nullopt, 1.0);
    CHECK(w.change_sat == 0);  // send-all: no change
    CHECK_FALSE(w.change_script_hash.has_value());
    CHECK(w.inputs.size() == 2);
    CHECK(w.amount_sat + w.fee_sat == 90'000);
    CHECK(w.fee_rate_sat_per_kvb == 1'000);
    const std::string txid = f.service().submit_withdrawal("alice", w.id, Funded::signed_by(alice, w));
    f.node->chain().mine();
    f.node->sync();
    CHECK(f.service().withdrawals("alice")[0].state == WithdrawalState::confirmed);  // seen through its inputs
    CHECK(f.service().balance("alice").confirmed_sat == 0);

    f.node->chain().reorg(1, ReorgMode::back_to_mempool);
    f.node->sync();
    CHECK(f.service().withdrawals("alice")[0].state == WithdrawalState::broadcast);
    CHECK(f.service().withdrawals("alice")[0].height == 0);
    CHECK(f.deposit(f.coin_60k).deposit.spent_by == txid);
    f.node->chain().mine();
    f.node->sync();
    CHECK(f.service().withdrawals("alice")[0].state == WithdrawalState::confirmed);
}

TEST_CASE("withdrawal: only the user's own, built, unexpired withdrawal is submitted", "[node][chain][withdrawal]") {
    Funded f;
    f.node->add("bob", bob);
    const WithdrawalRecord w = f.service().build_withdrawal("alice", bob.address(0, 0).address, 20'000, std::nullopt);
    const btc::Psbt signed_psbt = Funded::signed_by(alice, w);

    CHECK(service_error([&] { f.service().submit_withdrawal("bob", w.id, signed_psbt); }) == ChainServiceErrc::not_found);
    CHECK(service_error([&] { f.service().submit_withdrawal("alice", std::string(32, '0'), signed_psbt); }) ==
          ChainServiceErrc::not_found);
    CHECK(f.service().withdrawals("bob").empty());

    f.node->now_s += 600;  // exactly at expires_at
    CHECK(f.service().withdrawals("alice")[0].state == WithdrawalState::expired);
    CHECK(service_error([&] { f.service().submit_withdrawal("alice", w.id, signed_psbt); }) == ChainServiceErrc::expired);
    // Its coin is free again: the next build takes it.
    const WithdrawalRecord again = f.service().build_withdrawal("alice", bob.address(0, 0).address, 20'000, std::nullopt);
    CHECK(again.inputs == w.inputs);
    CHECK(again.change_script_hash == w.change_script_hash);  // the expired one's change address never got used
    CHECK(f.service().withdrawals("alice")[1].state == WithdrawalState::expired);
    CHECK(service_error([&] { f.service().submit_withdrawal("alice", w.id, signed_psbt); }) == ChainServiceErrc::expired);
    f.service().submit_withdrawal("alice", again.id, Funded::signed_by(alice, again));
}

TEST_CASE("withdrawal: a second build over the same coins gets the rest, or insufficient_funds",
          "[node][chain][withdrawal]") {
    Funded f;
    const std::string to = bob.address(0, 0).address;
    const WithdrawalRecord first = f.service().build_withdrawal("alice", to, 50'000, std::nullopt);
    CHECK(first.inputs == std::vector<CoinRef>{{f.coin_60k, 0}});
    const WithdrawalRecord second = f.service().build_withdrawal("alice", to, 20'000, std::nullopt);
    CHECK(second.inputs == std::vector<CoinRef>{{f.coin_30k, 0}});
    CHECK(second.change_script_hash != first.change_script_hash);  // each its own change address
    test::require_error(Errc::insufficient_funds, [&] { f.service().build_withdrawal("alice", to, 1'000, std::nullopt); });
    test::require_error(Errc::insufficient_funds,
                        [&] { f.service().build_withdrawal("alice", to, std::nullopt, std::nullopt); });

    // Broadcasting the first does not free anything of the second.
    f.service().submit_withdrawal("alice", first.id, Funded::signed_by(alice, first));
    test::require_error(Errc::insufficient_funds, [&] { f.service().build_withdrawal("alice", to, 1'000, std::nullopt); });
    // Unconfirmed coins (the first's change, in the mempool) are not spendable.
    f.node->sync();
    CHECK(f.service().balance("alice").unconfirmed_sat == first.change_sat);
    test::require_error(Errc::insufficient_funds, [&] { f.service().build_withdrawal("alice", to, 1'000, std::nullopt); });
}

TEST_CASE("withdrawal: a canceled withdrawal frees its coins at once, and only its user cancels it",
          "[node][chain][withdrawal]") {
    Funded f;
    const std::string to = bob.address(0, 0).address;
    const WithdrawalRecord first = f.service().build_withdrawal("alice", to, std::nullopt, std::nullopt);  // every coin
    test::require_error(Errc::insufficient_funds, [&] { f.service().build_withdrawal("alice", to, 1'000, std::nullopt); });

    CHECK(service_error([&] { f.service().cancel_withdrawal("bob", first.id); }) == ChainServiceErrc::not_found);
    f.service().cancel_withdrawal("alice", first.id);
    CHECK(f.service().withdrawals("alice").front().state == WithdrawalState::expired);
    CHECK(service_error([&] { f.service().cancel_withdrawal("alice", first.id); }) == ChainServiceErrc::not_found);
    CHECK(service_error([&] { f.service().submit_withdrawal("alice", first.id, Funded::signed_by(alice, first)); }) ==
          ChainServiceErrc::expired);

    // The same coins (and the same change address) serve the next one, which goes out; a broadcast
    // withdrawal cannot be canceled.
    const WithdrawalRecord second = f.service().build_withdrawal("alice", to, 50'000, std::nullopt);
    CHECK(second.inputs.size() >= 1);
    f.service().submit_withdrawal("alice", second.id, Funded::signed_by(alice, second));
    CHECK(service_error([&] { f.service().cancel_withdrawal("alice", second.id); }) == ChainServiceErrc::not_found);
}

TEST_CASE("withdrawal: a PSBT that is not the one built, or not validly signed, is refused",
          "[node][chain][withdrawal]") {
    Funded f;
    const WithdrawalRecord w = f.service().build_withdrawal("alice", bob.address(0, 0).address, 50'000, std::nullopt);
    const btc::Psbt good = Funded::signed_by(alice, w);

    btc::Psbt unsigned_psbt = btc::parse_psbt(w.psbt);
    test::require_error(Errc::bad_psbt, [&] { f.service().submit_withdrawal("alice", w.id, unsigned_psbt); });

    btc::Psbt strangers = btc::parse_psbt(w.psbt);
    CHECK(btc::sign_psbt(strangers, bob.signer()) == 0);  // bob's seed has no key for alice's coin
    test::require_error(Errc::bad_psbt, [&] { f.service().submit_withdrawal("alice", w.id, strangers); });

    btc::Psbt redirected = good;  // more to the destination, less change: another transaction
    for (btc::TxOut& out : redirected.tx.outputs) out.value += out.value == 50'000 ? 1'000 : 0;
    test::require_error(Errc::bad_psbt, [&] { f.service().submit_withdrawal("alice", w.id, redirected); });

    btc::Psbt forged = good;  // a signature that does not verify
    REQUIRE(forged.inputs[0].partial_sigs.size() == 1);
    Bytes& signature = forged.inputs[0].partial_sigs.begin()->second;
    signature[10] ^= 0x01;
    test::require_error(Errc::bad_psbt, [&] { f.service().submit_withdrawal("alice", w.id, forged); });

    CHECK(f.service().withdrawals("alice")[0].state == WithdrawalState::built);
    CHECK(f.node->chain().unspent(btc::address_to_script_pubkey(bob.address(0, 0).address, keys::Network::regtest)).empty());
    f.service().submit_withdrawal("alice", w.id, good);
    CHECK(f.service().withdrawals("alice")[0].state == WithdrawalState::broadcast);
}

TEST_CASE("withdrawal: a backend rejection leaves it built, with the reason", "[node][chain][withdrawal]") {
    Funded f;
    const WithdrawalRecord w = f.service().build_withdrawal("alice", bob.address(0, 0).address, 50'000, std::nullopt);
    // Alice's wallet elsewhere spends the same coin first.
    btc::Transaction elsewhere;
    btc::TxIn input;
    input.prevout = {btc::txid_from_hex(f.coin_60k), 0};
    elsewhere.inputs.push_back(input);
    elsewhere.outputs.push_back({59'000, btc::address_to_script_pubkey(bob.address(0, 1).address, keys::Network::regtest)});
    f.node->chain().broadcast(btc::serialize_transaction(elsewhere));

    CHECK(chain_error([&] { f.service().submit_withdrawal("alice", w.id, Funded::signed_by(alice, w)); }) ==
          ChainErrc::rejected);
    CHECK(f.service().withdrawals("alice")[0].state == WithdrawalState::built);
    f.node->sync();
    CHECK(f.deposit(f.coin_60k).state == DepositState::spent);
    CHECK(f.deposit(f.coin_60k).deposit.spent_by == "");
}

TEST_CASE("withdrawal: inputs the caller gets wrong are refused before anything is built", "[node][chain][withdrawal]") {
    Funded f;
    const std::string to = bob.address(0, 0).address;
    CHECK(service_error([&] { f.service().build_withdrawal("carol", to, 1'000, std::nullopt); }) ==
          ChainServiceErrc::no_account);
    test::require_error(Errc::bad_address, [&] { f.service().build_withdrawal("alice", "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", 1'000, std::nullopt); });
    test::require_error(Errc::bad_address, [&] { f.service().build_withdrawal("alice", "not an address", 1'000, std::nullopt); });
    test::require_error(Errc::bad_argument, [&] { f.service().build_withdrawal("alice", to, 0, std::nullopt); });
    test::require_error(Errc::bad_argument, [&] { f.service().build_withdrawal("alice", to, 100, std::nullopt); });  // dust
    test::require_error(Errc::bad_argument, [&] { f.service().build_withdrawal("alice", to, 1'000, 0.5); });
    test::require_error(Errc::bad_argument, [&] { f.service().build_withdrawal("alice", to, 1'000, -1.0); });
    CHECK(f.service().withdrawals("alice").empty());
    const WithdrawalRecord w = f.service().build_withdrawal("alice", to, 1'000, 3.5);
    CHECK(w.fee_rate_sat_per_kvb == 3'500);
}

TEST_CASE("withdrawal: accounts, withdrawals and reservations survive a restart", "[node][chain][withdrawal]") {
    Funded f;
    const std::string to = bob.address(0, 0).address;
    const WithdrawalRecord sent = f.service().build_withdrawal("alice", to, 50'000, std::nullopt);
    const std::string txid = f.service().submit_withdrawal("alice", sent.id, Funded::signed_by(alice, sent));
    f.node->now_s += 1;
    const WithdrawalRecord waiting = f.service().build_withdrawal("alice", to, 20'000, std::nullopt);
    const std::int64_t now = f.node->now_s;

    f.node.reset();
    f.node = std::make_unique<test::FakeChainNode>(f.dir, 1);
    f.node->now_s = now + 60;
    f.node->sync();
    CHECK(f.service().account_of("alice")->account_key == alice.account_key);
    const std::vector<WithdrawalRecord> list = f.service().withdrawals("alice");
    REQUIRE(list.size() == 2);
    CHECK(list[0].id == waiting.id);  // newest first
    CHECK(list[0].state == WithdrawalState::built);
    CHECK(list[0].psbt == waiting.psbt);
    CHECK(list[1].txid == txid);
    // The live reservation still holds the other coin, and the change of the first is back.
    CHECK(f.deposit(txid).change);
    test::require_error(Errc::insufficient_funds, [&] { f.service().build_withdrawal("alice", to, 1'000, std::nullopt); });
    CHECK(f.service().submit_withdrawal("alice", waiting.id, Funded::signed_by(alice, waiting)).size() == 64);
    // A new payment to alice's next address is seen: her addresses are watched again.
    f.node->chain().pay(f.service().deposit_address("alice").address, 5'000);
    f.node->sync();
    CHECK(f.service().balance("alice").unconfirmed_sat == sent.change_sat + waiting.change_sat + 5'000);
}
