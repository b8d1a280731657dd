// The addresses of one registered account: BIP-84 derivation of the receive and change chains,
// one receive address until it is used, free change addresses, the keys and origins a signer needs,
// and the gap-limit window of addresses derived (and watched) ahead.
#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/bitcoin/script_hash.hpp"
#include "node/bitcoin/account_key.hpp"
#include "node/bitcoin/address_index.hpp"
#include "node/bitcoin/chain_fixtures.hpp"
#include "support/errors.hpp"
#include "support/temp_dir.hpp"
#include "support/vectors.hpp"

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

std::set<std::uint32_t> indices(const std::vector<DepositAddress>& addresses, std::uint32_t chain) {
    std::set<std::uint32_t> out;
    for (const DepositAddress& a : addresses)
        if (a.chain == chain) out.insert(a.index);
    return out;
}

/// A store with `wallet`'s account registered for "alice".
struct Registered {
    test::TempDir dir;
    std::unique_ptr<NodeStore> store = open_sqlite_store(dir.str());
    AccountKey key;

    explicit Registered(const test::TestWallet& wallet = test::TestWallet())
        : key(parse_account_key(wallet.account_key, wallet.fingerprint, wallet.path, keys::Network::regtest)) {
        store->chain().add_account({"alice", key.text, key.fingerprint, key.path, 1});
    }
    AddressIndex index(std::uint32_t gap_limit, AddressIndex::OnDerived on_derived = {}) {
        return AddressIndex(store->chain(), key, "alice", gap_limit, std::move(on_derived));
    }
};

}  // namespace

TEST_CASE("address index derives the BIP-84 receive and change addresses of a zpub", "[node][chain]") {
    const nlohmann::json vectors = test::load_vector_json("bitcoin/bip84-test-vectors.json");
    const std::string zpub = vectors.at("entries").at(0).at("xpub");
    const keys::ExtendedKey root = keys::ExtendedKey::parse(vectors.at("rootpub").get<std::string>());
    const AccountKey key =
        parse_account_key(zpub, codec::hex_encode(root.fingerprint()), "m/84'/0'/0'", keys::Network::mainnet);
    CHECK(key.text == zpub);
    test::TempDir dir;
    std::unique_ptr<NodeStore> store = open_sqlite_store(dir.str());
    store->chain().add_account({"alice", key.text, key.fingerprint, key.path, 1});
    AddressIndex index(store->chain(), key, "alice", 20, {});
    CHECK(index.account_id() == zpub);
    const std::vector<DepositAddress> all = index.all();
    REQUIRE(all.size() == 40);  // 20 per chain
    CHECK(all[0].address == vectors.at("entries").at(1).at("address").get<std::string>());
    CHECK(all[1].address == vectors.at("entries").at(2).at("address").get<std::string>());
    CHECK(all[20].chain == change_chain);
    CHECK(all[20].address == vectors.at("entries").at(3).at("address").get<std::string>());
    CHECK(all[0].script_hash == flash::bitcoin::electrum_script_hash(all[0].script));
    CHECK(all[0].user == "alice");
    CHECK(store->chain().address_by_script_hash(all[1].script_hash) == all[1]);

    // The key at m/84'/0'/0'/0/0 and its origin from the master key.
    CHECK(codec::hex_encode(index.public_key(0, 0)) == vectors.at("entries").at(1).at("pubkey").get<std::string>());
    CHECK(codec::hex_encode(index.public_key(1, 0)) == vectors.at("entries").at(3).at("pubkey").get<std::string>());
    const flash::bitcoin::KeyOrigin origin = index.origin(1, 7);
    CHECK(origin.fingerprint == root.fingerprint());
    CHECK(keys::format_derivation_path(origin.path) == "m/84'/0'/0'/1/7");
}

TEST_CASE("address index: one receive address until it is used, then a fresh one", "[node][chain]") {
    Registered r;
    Derived derived;
    AddressIndex index = r.index(20, derived.handler());
    CHECK(derived.all.size() == 40);
    CHECK(indices(derived.all, 0) == indices(index.all(), 0));

    const DepositAddress first = index.receive_address(100);
    CHECK(first.index == 0);
    CHECK(first.chain == receive_chain);
    CHECK(first.user == "alice");
    CHECK(first.assigned_at == 100);
    CHECK(first.address.rfind("bcrt1q", 0) == 0);
    CHECK(index.receive_address(200) == first);  // unused: the same one, still from time 100

    index.mark_used(first);
    const DepositAddress fresh = index.receive_address(400);
    CHECK(fresh.index == 1);
    CHECK(r.store->chain().address_by_script_hash(first.script_hash)->used);
    CHECK(index.receive_address(500) == fresh);
}

TEST_CASE("address index: change addresses are free until given out or used", "[node][chain]") {
    Registered r;
    AddressIndex index = r.index(3);
    const DepositAddress change = index.free_change_address();
    CHECK(change.chain == change_chain);
    CHECK(change.index == 0);
    CHECK(index.free_change_address() == change);  // not given out by asking
    REQUIRE(r.store->chain().assign_address(change.account, change_chain, 0, 10));
    CHECK(index.free_change_address().index == 1);
    // Giving out change moves the change window only, once extend() runs.
    index.extend();
    CHECK(indices(index.all(), 1) == std::set<std::uint32_t>{0, 1, 2, 3});
    CHECK(indices(index.all(), 0) == std::set<std::uint32_t>{0, 1, 2});
    // A used change address is never free again.
    index.mark_used(*r.store->chain().address_by_script_hash(index.free_change_address().script_hash));
    CHECK(index.free_change_address().index == 2);
    CHECK(indices(index.all(), 1) == std::set<std::uint32_t>{0, 1, 2, 3, 4});
}

TEST_CASE("address index keeps gap_limit addresses derived past the last one given out or used", "[node][chain]") {
    Registered r;
    Derived derived;
    AddressIndex index = r.index(5, derived.handler());
    CHECK(indices(index.all(), 0) == std::set<std::uint32_t>{0, 1, 2, 3, 4});

    index.receive_address(1);  // takes 0: window up to 0 + 5
    CHECK(indices(index.all(), 0).size() == 6);
    CHECK(derived.all.back().index == 5);

    // A payment to the last address of the window (never given out) moves the window past it.
    const std::vector<DepositAddress> receive = r.store->chain().addresses(index.account_id());
    index.mark_used(receive[5]);
    CHECK(indices(index.all(), 0).size() == 11);  // 0..10
    CHECK(derived.all.size() == 16);              // each derived once, reported once (5 change)

    // A used address is never handed out, and the window follows the highest one given out.
    DepositAddress last;
    for (int i = 0; i < 12; ++i) {
        last = index.receive_address(2);
        CHECK(last.index != 5);
        index.mark_used(last);
    }
    CHECK(last.index == 12);  // 0..4, then 6..12: index 5 was used already
    CHECK(*indices(index.all(), 0).rbegin() == 12 + 5);
}

TEST_CASE("address index survives a restart without deriving twice", "[node][chain]") {
    Registered r;
    DepositAddress first;
    {
        AddressIndex index = r.index(20);
        first = index.receive_address(1);
    }
    Derived derived;
    AddressIndex again = r.index(20, derived.handler());
    CHECK(derived.all.empty());
    CHECK(again.receive_address(2) == first);
    CHECK(again.all().size() == 41);
}

TEST_CASE("address index refuses a gap limit of 0", "[node][chain]") {
    Registered r;
    test::require_error(Errc::bad_argument, [&] { r.index(0); });
}
