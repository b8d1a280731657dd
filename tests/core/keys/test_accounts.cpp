// BIP-84 and BIP-86 accounts: every value of bitcoin/bip84-test-vectors.json and
// bitcoin/bip86-test-vectors.json, watch-only accounts, networks.
#include <catch2/catch.hpp>
#include <string>

#include "core/codec/base58.hpp"
#include "core/codec/hex.hpp"
#include "core/keys/accounts.hpp"
#include "core/keys/bip39.hpp"
#include "support/errors.hpp"
#include "support/vectors.hpp"

using flash::Errc;
using flash::codec::hex_encode;
using flash::test::require_error;
using namespace flash::keys;

namespace {

// Compressed mainnet WIF: base58check(0x80 || key || 0x01).
std::string wif(const flash::crypto::SecretKey& key) {
    flash::Bytes payload{0x80};
    payload.insert(payload.end(), key.begin(), key.end());
    payload.push_back(0x01);
    return flash::codec::base58check_encode(payload);
}

struct AddressPath {
    bool change;
    std::uint32_t index;
};

AddressPath address_path(const std::string& path) {
    const auto indices = parse_derivation_path(path).indices;
    REQUIRE(indices.size() == 5);
    return {indices[3] == 1, indices[4]};
}

}  // namespace

TEST_CASE("BIP-84 vectors", "[keys][accounts][bip84]") {
    const auto file = flash::test::load_vector_json("bitcoin/bip84-test-vectors.json");
    const auto seed = mnemonic_to_seed(file.at("mnemonic").get<std::string>());
    const ExtendedKey root = ExtendedKey::from_seed(seed.view());
    CHECK(root.to_base58(zprv_zpub) == file.at("rootpriv").get<std::string>());
    CHECK(root.neuter().to_base58(zprv_zpub) == file.at("rootpub").get<std::string>());

    const Account account = Account::from_seed(seed.view(), AccountKind::p2wpkh, Network::mainnet);
    const Account watch_only =
        Account::from_account_key(ExtendedKey::parse(account.account_key().neuter().to_base58(zprv_zpub)),
                                  AccountKind::p2wpkh, Network::mainnet);
    std::size_t addresses = 0;
    for (const auto& entry : file.at("entries")) {
        const std::string path = entry.at("path");
        INFO(entry.at("label").get<std::string>());
        if (entry.contains("xpriv")) {
            CHECK(account.account_path() == path);
            CHECK(account.account_key_versions() == zprv_zpub);
            CHECK(account.account_key().to_base58(zprv_zpub) == entry.at("xpriv").get<std::string>());
            CHECK(account.account_key().neuter().to_base58(zprv_zpub) == entry.at("xpub").get<std::string>());
            continue;
        }
        const AddressPath at = address_path(path);
        const AccountAddress address = account.address(at.change, at.index);
        CHECK(address.path == path);
        CHECK(address.address == entry.at("address").get<std::string>());
        CHECK(hex_encode(address.public_key) == entry.at("pubkey").get<std::string>());
        CHECK(wif(account.secret_key(at.change, at.index)) == entry.at("privkey").get<std::string>());
        CHECK(hex_encode(address.script_pubkey).starts_with("0014"));
        CHECK(address.output_key == flash::crypto::XOnlyKey{});
        // A zpub-only account derives the same address.
        CHECK(watch_only.address(at.change, at.index).address == address.address);
        require_error(Errc::bad_extended_key, [&] { watch_only.secret_key(at.change, at.index); });
        ++addresses;
    }
    CHECK(addresses == 3);
}

TEST_CASE("BIP-86 vectors", "[keys][accounts][bip86]") {
    const auto file = flash::test::load_vector_json("bitcoin/bip86-test-vectors.json");
    const auto seed = mnemonic_to_seed(file.at("mnemonic").get<std::string>());
    const ExtendedKey root = ExtendedKey::from_seed(seed.view());
    CHECK(root.to_base58() == file.at("rootpriv").get<std::string>());
    CHECK(root.neuter().to_base58() == file.at("rootpub").get<std::string>());

    const Account account = Account::from_root(root, AccountKind::p2tr, Network::mainnet);
    const Account watch_only = Account::from_account_key(account.account_key().neuter(), AccountKind::p2tr,
                                                         Network::mainnet);
    std::size_t addresses = 0;
    for (const auto& entry : file.at("entries")) {
        const std::string path = entry.at("path");
        INFO(entry.at("label").get<std::string>());
        const ExtendedKey key = root.derive_path(path);
        CHECK(key.to_base58() == entry.at("xprv").get<std::string>());
        CHECK(key.neuter().to_base58() == entry.at("xpub").get<std::string>());
        if (!entry.contains("address")) {
            CHECK(account.account_path() == path);
            CHECK(account.account_key_versions() == xprv_xpub);
            CHECK(account.account_key().to_base58() == entry.at("xprv").get<std::string>());
            continue;
        }
        const AddressPath at = address_path(path);
        const AccountAddress address = account.address(at.change, at.index);
        CHECK(address.path == path);
        CHECK(hex_encode(address.public_key).substr(2) == entry.at("internal_key").get<std::string>());
        CHECK(hex_encode(address.output_key) == entry.at("output_key").get<std::string>());
        CHECK(hex_encode(address.script_pubkey) == entry.at("scriptPubKey").get<std::string>());
        CHECK(address.address == entry.at("address").get<std::string>());
        CHECK(account.secret_key(at.change, at.index).array() == key.secret_key().array());
        CHECK(watch_only.address(at.change, at.index).address == address.address);
        ++addresses;
    }
    CHECK(addresses == 3);
}

TEST_CASE("account networks and argument checks", "[keys][accounts]") {
    const auto seed = mnemonic_to_seed(
        "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about");
    CHECK(network_hrp(Network::mainnet) == "bc");
    CHECK(network_hrp(Network::testnet) == "tb");
    CHECK(network_hrp(Network::signet) == "tb");
    CHECK(network_hrp(Network::regtest) == "bcrt");
    CHECK(coin_type(Network::mainnet) == 0);
    CHECK(coin_type(Network::regtest) == 1);

    const Account testnet = Account::from_seed(seed.view(), AccountKind::p2wpkh, Network::testnet, 2);
    CHECK(testnet.account_path() == "m/84'/1'/2'");
    CHECK(testnet.account_key_versions() == vprv_vpub);
    const auto receive = testnet.address(false, 7);
    CHECK(receive.path == "m/84'/1'/2'/0/7");
    CHECK(receive.address.starts_with("tb1q"));
    CHECK(receive.public_key ==
          ExtendedKey::from_seed(seed.view()).derive_path("m/84'/1'/2'/0/7").public_key());

    const Account regtest = Account::from_seed(seed.view(), AccountKind::p2tr, Network::regtest);
    CHECK(regtest.account_key_versions() == tprv_tpub);
    CHECK(regtest.address(true, 0).path == "m/86'/1'/0'/1/0");
    CHECK(regtest.address(true, 0).address.starts_with("bcrt1p"));

    const ExtendedKey root = ExtendedKey::from_seed(seed.view());
    require_error(Errc::bad_derivation_path, [&] { testnet.address(false, hardened); });
    require_error(Errc::bad_derivation_path,
                  [&] { Account::from_seed(seed.view(), AccountKind::p2tr, Network::mainnet, hardened); });
    require_error(Errc::bad_derivation_path, [&] {
        Account::from_root(root.derive_child(0), AccountKind::p2tr, Network::mainnet);
    });
    require_error(Errc::bad_extended_key, [&] {
        Account::from_account_key(root.derive_path("m/84'/0'"), AccountKind::p2wpkh, Network::mainnet);
    });
    require_error(Errc::bad_extended_key, [&] {
        Account::from_account_key(root.derive_path("m/84'/0'/0"), AccountKind::p2wpkh, Network::mainnet);
    });
}
