// Per-user deposit addresses: BIP-84 derivation from a watch-only account key, one address per user
// until it is used, and the gap-limit window of addresses derived (and watched) ahead.
#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/bitcoin/script_hash.hpp"
#include "node/bitcoin/address_index.hpp"
#include "support/errors.hpp"
#include "support/temp_dir.hpp"
#include "support/vectors.hpp"
#include "node/bitcoin/chain_fixtures.hpp"

using namespace flash;
using namespace flash::node;
using namespace flash::node::bitcoin;

namespace {

struct Derived {
    std::vector<DepositAddress> all;
    AddressIndex::OnDerived handler() {
        return [this](std::span<const DepositAddress> derived) { all.insert(all.end(), derived.begin(), derived.end()); };
    }
};

std::set<std::uint32_t> indices(const std::vector<DepositAddress>& addresses) {
    std::set<std::uint32_t> out;
    for (const DepositAddress& a : addresses) out.insert(a.index);
    return out;
}

}  // namespace

TEST_CASE("address index derives the BIP-84 receive addresses of a zpub", "[node][chain]") {
    const nlohmann::json vectors = test::load_vector_json("bitcoin/bip84-test-vectors.json");
    const std::string zpub = vectors.at("entries").at(0).at("xpub");
    const keys::Account account = keys::Account::from_account_key(keys::ExtendedKey::parse(zpub),
                                                                  keys::AccountKind::p2wpkh, keys::Network::mainnet);
    test::TempDir dir;
    AddressIndex index(open_sqlite_store(dir.str()), account, 20, {});
    CHECK(index.account_id() == zpub);
    const std::vector<DepositAddress> all = index.all();
    REQUIRE(all.size() == 20);
    CHECK(all[0].address == vectors.at("entries").at(1).at("address").get<std::string>());
    CHECK(all[1].address == vectors.at("entries").at(2).at("address").get<std::string>());
    CHECK(all[0].script_hash == flash::bitcoin::electrum_script_hash(all[0].script));
    CHECK(index.find(all[1].script_hash) == all[1]);
    CHECK_FALSE(index.find(std::string(64, '0')).has_value());
}

TEST_CASE("address index: one address per user until it is used, then a fresh one", "[node][chain]") {
    test::TempDir dir;
    Derived derived;
    AddressIndex index(open_sqlite_store(dir.str()), test::regtest_account(), 20, derived.handler());
    CHECK(indices(derived.all) == indices(index.all()));
    CHECK(derived.all.size() == 20);

    const DepositAddress alice = index.address_for("alice", 100);
    CHECK(alice.index == 0);
    CHECK(alice.user == "alice");
    CHECK(alice.assigned_at == 100);
    CHECK(alice.address.rfind("bcrt1q", 0) == 0);
    CHECK(index.address_for("alice", 200) == alice);  // unused: the same one, still from time 100
    const DepositAddress bob = index.address_for("bob", 300);
    CHECK(bob.index == 1);

    index.mark_used(alice.script_hash);
    const DepositAddress fresh = index.address_for("alice", 400);
    CHECK(fresh.index == 2);
    CHECK(fresh.address != alice.address);
    CHECK(index.find(alice.script_hash)->used);
    // Never given out twice.
    std::set<std::string> given{alice.address, bob.address, fresh.address};
    CHECK(given.size() == 3);
    test::require_error(Errc::bad_argument, [&] { index.address_for("", 1); });
}

TEST_CASE("address index keeps gap_limit addresses derived past the last one given out or used", "[node][chain]") {
    test::TempDir dir;
    Derived derived;
    AddressIndex index(open_sqlite_store(dir.str()), test::regtest_account(), 5, derived.handler());
    CHECK(indices(index.all()) == std::set<std::uint32_t>{0, 1, 2, 3, 4});

    index.address_for("u1", 1);  // takes 0: window up to 0 + 5
    CHECK(index.all().size() == 6);
    CHECK(derived.all.back().index == 5);

    // A payment to the last address of the window (never given out) moves the window past it.
    const DepositAddress edge = index.all().back();
    CHECK_FALSE(edge.user.has_value());
    index.mark_used(edge.script_hash);
    CHECK(index.all().size() == 11);  // 0..10
    CHECK(derived.all.size() == 11);  // each derived once, reported once

    // A used address is never handed out: the next user skips it.
    const DepositAddress next = index.address_for("u2", 2);
    CHECK(next.index == 1);
    for (int i = 0; i < 4; ++i) index.address_for("v" + std::to_string(i), 3);  // 2, 3, 4, 6
    CHECK(index.address_for("w", 4).index == 7);

    // More users than the gap limit still all get addresses (logged, not refused), and the window
    // follows the highest one given out.
    for (int i = 0; i < 12; ++i) index.address_for("many" + std::to_string(i), 5);
    const std::vector<DepositAddress> all = index.all();
    std::int64_t highest_given = -1;
    for (const DepositAddress& a : all) if (a.user) highest_given = std::max<std::int64_t>(highest_given, a.index);
    CHECK(static_cast<std::int64_t>(all.back().index) == highest_given + 5);
}

TEST_CASE("address index survives a restart without deriving twice", "[node][chain]") {
    test::TempDir dir;
    DepositAddress alice;
    {
        AddressIndex index(open_sqlite_store(dir.str()), test::regtest_account(), 20, {});
        alice = index.address_for("alice", 1);
    }
    Derived derived;
    AddressIndex again(open_sqlite_store(dir.str()), test::regtest_account(), 20, derived.handler());
    CHECK(derived.all.empty());
    CHECK(again.address_for("alice", 2) == alice);
    CHECK(again.all().size() == 21);
}

TEST_CASE("address index refuses a gap limit of 0", "[node][chain]") {
    test::TempDir dir;
    test::require_error(Errc::bad_argument, [&] { AddressIndex(open_sqlite_store(dir.str()), test::regtest_account(), 0, {}); });
}
