#include <catch2/catch.hpp>

#include <cmath>

#include "core/bitcoin/fee.hpp"
#include "core/bitcoin/script.hpp"
#include "core/codec/base58.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "support/errors.hpp"
#include "support/vectors.hpp"

using namespace flash;
using namespace flash::bitcoin;
using codec::hex_decode;
using codec::hex_encode;
using keys::Network;

TEST_CASE("scripts: addresses to scripts and back (BIP-84, BIP-86, P2PKH, segwit vectors)", "[bitcoin][script]") {
    for (const char* file : {"bitcoin/bip84-test-vectors.json", "bitcoin/bip86-test-vectors.json"}) {
        const auto vectors = test::load_vector_json(file);  // a temporary would die before the loop body
        for (const auto& entry : vectors.at("entries")) {
            if (!entry.contains("address")) continue;
            const std::string address = entry.at("address").get<std::string>();
            const Bytes script = address_to_script_pubkey(address, Network::mainnet);
            CHECK(script_pubkey_to_address(script, Network::mainnet) == address);
            if (entry.contains("pubkey")) {
                CHECK(script_type(script) == ScriptType::p2wpkh);
                CHECK(p2wpkh_script_pubkey(crypto::parse_public_key(hex_decode(entry.at("pubkey").get<std::string>()))) == script);
            } else {
                CHECK(script_type(script) == ScriptType::p2tr);
                CHECK(hex_encode(script) == entry.at("scriptPubKey").get<std::string>());
            }
        }
    }
    // The genesis block's P2PKH address (Electrum's script hash vector).
    const auto electrum = test::load_vector_json("bitcoin/electrum-scripthash-status-vectors.json").at("scripthash_vectors");
    for (const auto& entry : electrum) {
        const Network network = entry.contains("network") ? Network::regtest : Network::mainnet;
        const std::string address = entry.at("address").get<std::string>();
        const Bytes script = address_to_script_pubkey(address, network);
        CHECK(hex_encode(script) == entry.at("scriptPubKey_hex").get<std::string>());
        CHECK(script_pubkey_to_address(script, network) == address);
    }
    // BIP-350's valid segwit addresses of every version become the scripts the vector file lists.
    const auto vectors = test::load_vector_json("bitcoin/bip350-bech32m-test-vectors.json");
    for (const auto& entry : vectors.at("valid_segwit_addresses")) {
        const std::string address = entry.at("string").get<std::string>();
        if (address.rfind("bc1", 0) != 0 && address.rfind("BC1", 0) != 0) continue;
        CHECK(hex_encode(address_to_script_pubkey(address, Network::mainnet)) == entry.at("scriptPubKey_hex").get<std::string>());
    }
}

TEST_CASE("scripts: P2SH and test-network base58 addresses", "[bitcoin][script]") {
    const Bytes hash(20, 0xab);
    const std::string mainnet_p2sh = codec::base58check_encode(concat(Bytes{0x05}, hash));
    const std::string testnet_p2pkh = codec::base58check_encode(concat(Bytes{0x6f}, hash));
    const Bytes p2sh = address_to_script_pubkey(mainnet_p2sh, Network::mainnet);
    CHECK(script_type(p2sh) == ScriptType::p2sh);
    CHECK(hex_encode(p2sh) == "a914" + hex_encode(hash) + "87");
    CHECK(script_pubkey_to_address(p2sh, Network::mainnet) == mainnet_p2sh);
    const Bytes p2pkh = address_to_script_pubkey(testnet_p2pkh, Network::signet);
    CHECK(script_type(p2pkh) == ScriptType::p2pkh);
    CHECK(script_pubkey_to_address(p2pkh, Network::testnet) == testnet_p2pkh);
}

TEST_CASE("scripts: addresses of another network or of no network are rejected", "[bitcoin][script]") {
    const std::string mainnet = "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu";
    test::require_error(Errc::bad_address, [&] { address_to_script_pubkey(mainnet, Network::testnet); });
    test::require_error(Errc::bad_address, [&] { address_to_script_pubkey(mainnet, Network::regtest); });
    test::require_error(Errc::bad_address, [] { address_to_script_pubkey("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", Network::testnet); });
    test::require_error(Errc::bad_address, [] {
        address_to_script_pubkey(codec::base58check_encode(Bytes(21, 0x30)), Network::mainnet);  // version 0x30
    });
    test::require_error(Errc::bad_address, [] {
        address_to_script_pubkey(codec::base58check_encode(Bytes(22, 0x00)), Network::mainnet);  // 22 bytes
    });
    test::require_error(Errc::bad_checksum, [] { address_to_script_pubkey("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", Network::mainnet); });
    test::require_error(Errc::bad_base58, [] { address_to_script_pubkey("not an address", Network::mainnet); });
    test::require_error(Errc::bad_checksum, [] { address_to_script_pubkey("bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyv", Network::mainnet); });
}

TEST_CASE("scripts: types, OP_RETURN and nonstandard scripts", "[bitcoin][script]") {
    CHECK(script_type(hex_decode("6a0568656c6c6f")) == ScriptType::op_return);
    CHECK_FALSE(script_pubkey_to_address(hex_decode("6a0568656c6c6f"), Network::mainnet).has_value());
    CHECK(script_type(hex_decode("0020" + std::string(64, '1'))) == ScriptType::p2wsh);
    CHECK(script_type(hex_decode("0018" + std::string(48, '1'))) == ScriptType::nonstandard);  // v0, 24 bytes
    CHECK(script_type(hex_decode("5210" + std::string(32, '1'))) == ScriptType::witness_unknown);
    CHECK(script_type(hex_decode("51")) == ScriptType::nonstandard);
    CHECK(script_type({}) == ScriptType::nonstandard);
    CHECK(script_type(hex_decode("0015" + std::string(40, '1'))) == ScriptType::nonstandard);  // push length mismatch
}

TEST_CASE("fees: dust thresholds, weights and rates", "[bitcoin][fee]") {
    CHECK(dust_threshold(hex_decode("0014" + std::string(40, '1'))) == 294);
    CHECK(dust_threshold(hex_decode("5120" + std::string(64, '1'))) == 330);
    CHECK(dust_threshold(hex_decode("76a914" + std::string(40, '1') + "88ac")) == 546);
    CHECK(dust_threshold(hex_decode("a914" + std::string(40, '1') + "87")) == 540);
    CHECK(signed_input_weight(ScriptType::p2wpkh) == 272);  // 68 vB
    CHECK(signed_input_weight(ScriptType::p2tr) == 230);    // 57.5 vB
    test::require_error(Errc::bad_argument, [] { signed_input_weight(ScriptType::p2pkh); });
    CHECK(output_weight(hex_decode("0014" + std::string(40, '1'))) == 124);  // 31 vB
    CHECK(transaction_overhead_weight(1, 2, true) == 42);                    // 10.5 vB
    CHECK(FeeRate::from_sat_per_vb(2.1).sat_per_kvb == 2100);
    CHECK(FeeRate::from_sat_per_vb(1.0005).sat_per_kvb == 1001);
    CHECK(FeeRate{2500}.fee(141) == 353);  // 352.5 rounds up
    CHECK(FeeRate{1000}.fee(141) == 141);
    test::require_error(Errc::bad_argument, [] { FeeRate::from_sat_per_vb(-1); });
    test::require_error(Errc::bad_argument, [] { FeeRate::from_sat_per_vb(10001); });
    test::require_error(Errc::bad_argument, [] { FeeRate::from_sat_per_vb(std::nan("")); });
}
