// The SQLite chain store's accounts and withdrawals against real files: one account per user and
// per key, a coin reserved by at most one live withdrawal (also against raw SQL), expiry freeing
// coins and change addresses, broadcast marking coins spent in one go, confirmation states, and the
// migration from the operator-key schema of version 3.
#include <catch2/catch.hpp>
#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/store/sqlite.hpp"
#include "node/storage/migrations.hpp"
#include "node/storage/node_store.hpp"
#include "support/errors.hpp"
#include "support/temp_dir.hpp"

using namespace flash;
using namespace flash::node;

namespace {

std::string hex_id(char c) { return std::string(64, c); }

/// A store where "alice" has an account, addresses r0, r1 (receive) and c0, c1 (change), and two
/// confirmed coins: A (50,000 at r0) and B (20,000 at r1).
struct Store {
    test::TempDir dir;
    std::unique_ptr<NodeStore> node = open_sqlite_store(dir.str());
    ChainStore& chain = node->chain();

    Store() {
        chain.add_account({"alice", "vpub-alice", "0badf00d", "m/84'/1'/0'", 1});
        std::vector<DepositAddress> addresses;
        for (std::uint32_t c = 0; c < 2; ++c)
            for (std::uint32_t i = 0; i < 2; ++i)
                addresses.push_back({"vpub-alice", c, i, "bcrt1q" + std::to_string(c) + std::to_string(i),
                                     Bytes{std::uint8_t(c), std::uint8_t(i)}, script_hash(c, i), "alice", false, 0});
        chain.add_addresses(addresses);
        chain.save_deposit({hex_id('a'), 0, script_hash(0, 0), "alice", 50'000, 5, 1, std::nullopt, false, std::nullopt});
        chain.save_deposit({hex_id('b'), 1, script_hash(0, 1), "alice", 20'000, 6, 1, std::nullopt, false, std::nullopt});
    }
    static std::string script_hash(std::uint32_t chain, std::uint32_t index) {
        return std::string(63, 'f') + std::to_string(chain * 2 + index);
    }
    static WithdrawalRecord withdrawal(const std::string& id, std::vector<CoinRef> inputs, std::int64_t now,
                                       std::optional<std::string> change = script_hash(1, 0)) {
        WithdrawalRecord w;
        w.id = id;
        w.user = "alice";
        w.destination = "bcrt1qdestination";
        w.amount_sat = 10'000;
        w.fee_sat = 500;
        w.change_sat = change ? 1'000 : 0;
        w.vsize = 141;
        w.fee_rate_sat_per_kvb = 3'000;
        w.psbt = Bytes{'p', 's', 'b', 't', 0xff};
        w.change_script_hash = std::move(change);
        w.inputs = std::move(inputs);
        w.created_at = now;
        w.expires_at = now + 600;
        return w;
    }
    std::vector<std::string> spendable() {
        std::vector<std::string> out;
        for (const Deposit& d : chain.spendable_coins("alice", 100)) out.push_back(d.txid);
        return out;
    }
};

const CoinRef coin_a{std::string(64, 'a'), 0};
const CoinRef coin_b{std::string(64, 'b'), 1};

}  // namespace

TEST_CASE("chain store: one account per user and one user per key", "[node][storage][chain]") {
    Store s;
    CHECK(s.chain.account_of("alice")->account_key == "vpub-alice");
    CHECK(s.chain.account_by_key("vpub-alice")->user == "alice");
    CHECK_FALSE(s.chain.account_of("bob").has_value());
    test::require_error(Errc::bad_argument, [&] { s.chain.add_account({"alice", "vpub-other", "00000000", "m", 2}); });
    test::require_error(Errc::bad_argument, [&] { s.chain.add_account({"bob", "vpub-alice", "00000000", "m", 2}); });
    s.chain.add_account({"bob", "vpub-bob", "00000000", "m/84'/1'/0'", 2});
    CHECK(s.chain.accounts().size() == 2);
}

TEST_CASE("chain store: a coin is reserved by one live withdrawal at a time", "[node][storage][chain]") {
    Store s;
    CHECK(s.spendable() == std::vector<std::string>{hex_id('a'), hex_id('b')});
    REQUIRE(s.chain.add_withdrawal(Store::withdrawal("w1", {coin_a}, 1000)));
    CHECK(s.spendable() == std::vector<std::string>{hex_id('b')});
    CHECK(s.chain.address_by_script_hash(Store::script_hash(1, 0))->assigned_at == 1000);

    // Over the same coin, or with a change address given out: refused, nothing written.
    CHECK_FALSE(s.chain.add_withdrawal(Store::withdrawal("w2", {coin_b, coin_a}, 1001, Store::script_hash(1, 1))));
    CHECK_FALSE(s.chain.add_withdrawal(Store::withdrawal("w2", {coin_b}, 1001, Store::script_hash(1, 0))));
    CHECK_FALSE(s.chain.withdrawal("w2").has_value());
    CHECK(s.chain.address_by_script_hash(Store::script_hash(1, 1))->assigned_at == 0);
    CHECK(s.spendable() == std::vector<std::string>{hex_id('b')});

    // The schema itself refuses a second live reservation, whoever writes it.
    store::Database raw = store::Database::open((std::filesystem::path(s.dir.str()) / sqlite_store_file).string(),
                                                store::OpenMode::read_write);
    test::require_error(Errc::storage, [&] {
        raw.exec("INSERT INTO chain_reservations (withdrawal, position, txid, vout, live) VALUES ('w1', 5, '" +
                 hex_id('a') + "', 0, 1)");
    });

    const std::optional<WithdrawalRecord> w1 = s.chain.withdrawal("w1");
    REQUIRE(w1.has_value());
    CHECK(*w1 == Store::withdrawal("w1", {coin_a}, 1000));
    CHECK(s.chain.withdrawals_of("alice").size() == 1);
    CHECK(s.chain.withdrawals_of("bob").empty());
}

TEST_CASE("chain store: expiry frees the coins and the change address", "[node][storage][chain]") {
    Store s;
    REQUIRE(s.chain.add_withdrawal(Store::withdrawal("w1", {coin_a}, 1000)));
    CHECK(s.chain.expire_withdrawals(1599) == 0);
    CHECK(s.chain.expire_withdrawals(1600) == 1);
    CHECK(s.chain.withdrawal("w1")->state == WithdrawalState::expired);
    CHECK(s.spendable() == std::vector<std::string>{hex_id('a'), hex_id('b')});
    CHECK(s.chain.address_by_script_hash(Store::script_hash(1, 0))->assigned_at == 0);
    // A build after the expiry (add_withdrawal expires what is due itself) takes them.
    REQUIRE(s.chain.add_withdrawal(Store::withdrawal("w2", {coin_a}, 1600)));
    CHECK(s.chain.withdrawal("w2")->state == WithdrawalState::built);
}

TEST_CASE("chain store: broadcast marks the coins spent; heights move the state", "[node][storage][chain]") {
    Store s;
    REQUIRE(s.chain.add_withdrawal(Store::withdrawal("w1", {coin_a, coin_b}, 1000)));
    const std::string txid = hex_id('c');
    CHECK(s.chain.mark_withdrawal_broadcast("w1", txid));
    CHECK_FALSE(s.chain.mark_withdrawal_broadcast("w1", txid));  // once
    CHECK_FALSE(s.chain.mark_withdrawal_broadcast("nope", txid));
    const WithdrawalRecord w = *s.chain.withdrawal("w1");
    CHECK(w.state == WithdrawalState::broadcast);
    CHECK(w.txid == txid);
    for (const Deposit& d : s.chain.deposits_of("alice")) CHECK(d.spent_by == txid);
    CHECK(s.spendable().empty());
    CHECK(s.chain.withdrawal_spending(coin_a.txid, coin_a.vout) == txid);
    CHECK_FALSE(s.chain.withdrawal_spending(coin_a.txid, 7).has_value());
    // Nothing expires once broadcast.
    CHECK(s.chain.expire_withdrawals(5000) == 0);

    std::vector<std::string> scripts = s.chain.unsettled_withdrawal_scripts(10);
    std::sort(scripts.begin(), scripts.end());
    CHECK(scripts == std::vector<std::string>{Store::script_hash(0, 0), Store::script_hash(0, 1), Store::script_hash(1, 0)});

    CHECK_FALSE(s.chain.set_withdrawal_height(hex_id('d'), 12));  // not a withdrawal
    CHECK(s.chain.set_withdrawal_height(txid, 12));
    CHECK_FALSE(s.chain.set_withdrawal_height(txid, 12));  // no change
    CHECK(s.chain.withdrawal("w1")->state == WithdrawalState::confirmed);
    CHECK(s.chain.withdrawal("w1")->height == 12);
    CHECK(s.chain.unsettled_withdrawal_scripts(12).size() == 3);  // within the reorg window
    CHECK(s.chain.unsettled_withdrawal_scripts(13).empty());
    CHECK(s.chain.set_withdrawal_height(txid, 0));
    CHECK(s.chain.withdrawal("w1")->state == WithdrawalState::broadcast);
}

TEST_CASE("chain store: an expired withdrawal broadcast after all is recorded", "[node][storage][chain]") {
    Store s;
    REQUIRE(s.chain.add_withdrawal(Store::withdrawal("w1", {coin_a}, 1000, std::nullopt)));
    s.chain.expire_withdrawals(2000);
    CHECK(s.chain.mark_withdrawal_broadcast("w1", hex_id('c')));
    CHECK(s.chain.withdrawal("w1")->state == WithdrawalState::broadcast);
    CHECK(s.spendable() == std::vector<std::string>{hex_id('b')});
}

TEST_CASE("chain store: version 3's operator-key tables are replaced", "[node][storage][chain]") {
    test::TempDir dir;
    const std::string file = (std::filesystem::path(dir.str()) / sqlite_store_file).string();
    {
        store::Database db = store::Database::open(file, store::OpenMode::read_write);
        store::migrate(db, node_migrations().first(3));
        db.exec("INSERT INTO chain_addresses (account, idx, address, script, script_hash) "
                "VALUES ('zpub-operator', 0, 'bc1q', x'00', 'ff')");
    }
    std::unique_ptr<NodeStore> store = open_sqlite_store(dir.str());
    CHECK(store->chain().addresses("zpub-operator").empty());
    CHECK(store->chain().accounts().empty());
}
