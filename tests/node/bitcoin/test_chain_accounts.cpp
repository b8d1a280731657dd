// Registering a user's watch-only account key: what parse_account_key accepts and refuses, one key
// per user and one user per key, idempotent re-registration, and registrations kept across restarts.
#include <catch2/catch.hpp>
#include <cctype>
#include <optional>
#include <string>

#include "node/bitcoin/account_key.hpp"
#include "node/bitcoin/chain_fixtures.hpp"
#include "support/errors.hpp"
#include "support/temp_dir.hpp"
#include "support/vectors.hpp"

using namespace flash;
using namespace flash::node;
using namespace flash::node::bitcoin;
using flash::test::service_error;

namespace {

const test::TestWallet alice("alice's seed");
const test::TestWallet bob("bob's seed");

std::string upper(std::string text) {
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

void refused(const std::string& key, const std::string& fingerprint, const std::string& path,
             keys::Network network = keys::Network::regtest) {
    INFO(key << " " << fingerprint << " " << path);
    test::require_error(Errc::bad_argument, [&] { parse_account_key(key, fingerprint, path, network); });
}

}  // namespace

TEST_CASE("account key: a vpub or tpub with its origin, in SLIP-132 form", "[node][chain][accounts]") {
    const AccountKey key = parse_account_key(alice.account_key, alice.fingerprint, alice.path, keys::Network::regtest);
    CHECK(key.text.rfind("vpub", 0) == 0);
    CHECK(key.text == alice.account_key);
    CHECK(key.fingerprint == alice.fingerprint);
    CHECK(key.path == "m/84'/1'/0'");
    CHECK(key.origin.fingerprint == alice.master.fingerprint());
    CHECK(key.account.address(false, 3).address == alice.address(0, 3).address);
    CHECK_FALSE(key.account.account_key().is_private());

    // The same key as a tpub, an upper-case fingerprint and "h" for hardened: the same registration.
    const std::string tpub = alice.account.account_key().neuter().to_base58(keys::tprv_tpub);
    const AccountKey same = parse_account_key(tpub, upper(alice.fingerprint), "m/84h/1h/0h", keys::Network::signet);
    CHECK(same.text == key.text);
    CHECK(same.fingerprint == key.fingerprint);
    CHECK(same.path == key.path);

    // Mainnet: the BIP-84 vector's zpub at m/84'/0'/0'.
    const nlohmann::json vectors = test::load_vector_json("bitcoin/bip84-test-vectors.json");
    const std::string zpub = vectors.at("entries").at(0).at("xpub");
    const AccountKey main = parse_account_key(zpub, "73c5da0a", "m/84'/0'/0'", keys::Network::mainnet);
    CHECK(main.account.address(false, 0).address == "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu");
}

TEST_CASE("account key: what does not parse or fit is refused", "[node][chain][accounts]") {
    const std::string& vpub = alice.account_key;
    const std::string& fp = alice.fingerprint;
    const nlohmann::json vectors = test::load_vector_json("bitcoin/bip84-test-vectors.json");
    const std::string zpub = vectors.at("entries").at(0).at("xpub");

    refused("vpub-not-a-key", fp, alice.path);
    refused(vpub.substr(0, vpub.size() - 1) + (vpub.back() == 'a' ? "b" : "a"), fp, alice.path);  // checksum
    refused(alice.account.account_key().to_base58(keys::vprv_vpub), fp, alice.path);  // private
    refused(zpub, fp, "m/84'/0'/0'", keys::Network::regtest);                         // a mainnet key
    refused(vpub, fp, alice.path, keys::Network::mainnet);                             // a test key on mainnet
    refused(alice.master.neuter().to_base58(keys::tprv_tpub), fp, alice.path);        // depth 0
    refused(alice.account.account_key().derive_child(0).neuter().to_base58(keys::vprv_vpub), fp, alice.path);  // depth 4

    refused(vpub, "", alice.path);
    refused(vpub, "1234567", alice.path);
    refused(vpub, "123456789", alice.path);
    refused(vpub, "12345g78", alice.path);

    refused(vpub, fp, "");
    refused(vpub, fp, "84'/1'/0'");          // not from the master
    refused(vpub, fp, "m/84'/1'");           // too short
    refused(vpub, fp, "m/84'/1'/0'/0");      // too long
    refused(vpub, fp, "m/84'/1'/0");         // unhardened
    refused(vpub, fp, "m/44'/1'/0'");        // not BIP-84
    refused(vpub, fp, "m/84'/0'/0'");        // mainnet's coin on a test network
    refused(vpub, fp, "m/84'/1'/1'");        // the key is account 0
    refused(vpub, fp, "m/84'/1'/x'");
}

TEST_CASE("account registration: one key per user, one user per key, idempotent", "[node][chain][accounts]") {
    test::TempDir dir;
    test::FakeChainNode node(dir, 1);
    CHECK_FALSE(node.service->account_of("alice").has_value());
    CHECK(service_error([&] { node.service->deposit_address("alice"); }) == ChainServiceErrc::no_account);
    CHECK(node.service->deposits("alice").empty());
    CHECK(node.service->balance("alice").confirmed_sat == 0);

    const ChainAccount first = node.add("alice", alice);
    CHECK(first.user == "alice");
    CHECK(first.account_key == alice.account_key);
    CHECK(first.fingerprint == alice.fingerprint);
    CHECK(first.path == "m/84'/1'/0'");
    CHECK(first.registered_at == node.now_s);
    CHECK(node.service->account_of("alice") == first);

    node.now_s += 100;
    CHECK(node.add("alice", alice) == first);  // the same again: nothing changes
    const std::string tpub = alice.account.account_key().neuter().to_base58(keys::tprv_tpub);
    CHECK(node.service->register_account("alice", tpub, alice.fingerprint, "m/84h/1h/0h") == first);

    CHECK(service_error([&] { node.add("alice", bob); }) == ChainServiceErrc::account_exists);
    CHECK(service_error([&] { node.service->register_account("alice", alice.account_key, "00000000", alice.path); }) ==
          ChainServiceErrc::account_exists);
    CHECK(service_error([&] { node.add("bob", alice); }) == ChainServiceErrc::key_taken);
    test::require_error(Errc::bad_argument, [&] { node.service->register_account("", alice.account_key, alice.fingerprint, alice.path); });
    test::require_error(Errc::bad_argument, [&] { node.service->register_account("bob", bob.account_key, "xyz", bob.path); });
    CHECK_FALSE(node.service->account_of("bob").has_value());
    node.add("bob", bob);
    CHECK(node.service->deposit_address("bob").address == bob.address(0, 0).address);
}

TEST_CASE("account registration: kept and watched across restarts, and tied to its network", "[node][chain][accounts]") {
    test::TempDir dir;
    {
        test::FakeChainNode node(dir, 1);
        node.add("alice", alice);
        CHECK(node.service->deposit_address("alice").index == 0);
    }
    {
        test::FakeChainNode node(dir, 1);
        REQUIRE(node.service->account_of("alice").has_value());
        const DepositAddress address = node.service->deposit_address("alice");
        CHECK(address.index == 0);
        node.chain().pay(address.address, 12'345);
        node.sync();
        CHECK(node.service->balance("alice").unconfirmed_sat == 12'345);
    }
    // The same data directory on mainnet: alice's vpub does not fit.
    test::require_error(Errc::bad_config, [&] {
        ChainService(std::make_unique<FakeChain>(dir.str(), keys::Network::mainnet, std::chrono::milliseconds(0)),
                     dir.str(), keys::Network::mainnet, 20, 1);
    });
}
