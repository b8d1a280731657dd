#include <catch2/catch.hpp>

#include <vector>

#include "bip143_example.hpp"
#include "core/bitcoin/script.hpp"
#include "core/bitcoin/sighash.hpp"
#include "core/bitcoin/taproot.hpp"
#include "core/bitcoin/transaction.hpp"
#include "core/bitcoin/witness_verify.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/error.hpp"
#include "support/errors.hpp"
#include "support/vectors.hpp"

using namespace flash;
using namespace flash::bitcoin;
using codec::hex_decode;
using codec::hex_encode;

namespace {

std::vector<TxOut> bip143_spent() {
    return {TxOut{test::bip143::input0_amount, hex_decode(test::bip143::input0_script)},
            TxOut{test::bip143::input1_amount, hex_decode(test::bip143::input1_script)}};
}

}  // namespace

TEST_CASE("BIP-143: the native P2WPKH example", "[bitcoin][sighash]") {
    const Transaction tx = parse_transaction(hex_decode(test::bip143::unsigned_tx));
    const Bytes key = hex_decode(test::bip143::input1_public_key);
    const Bytes code = p2wpkh_script_code(crypto::hash160(key));
    const auto digest = segwit_v0_sighash(tx, 1, code, test::bip143::input1_amount, sighash_all);
    CHECK(hex_encode(digest) == test::bip143::sighash);
    CHECK(digest == crypto::sha256d(hex_decode(test::bip143::sighash_preimage)));

    // libsecp256k1's RFC 6979 nonce gives the spec's signature.
    const auto secret = crypto::secret_key_from(hex_decode(test::bip143::input1_private_key));
    CHECK(hex_encode(crypto::public_key(secret)) == test::bip143::input1_public_key);
    CHECK(hex_encode(crypto::ecdsa_sign_der(secret, digest)) == test::bip143::signature);

    // The spec's signed transaction verifies, and stops verifying when anything signed changes.
    Transaction signed_tx = parse_transaction(hex_decode(test::bip143::signed_tx));
    std::vector<TxOut> spent = bip143_spent();
    CHECK(verify_input(signed_tx, 1, spent));
    CHECK_FALSE(verify_input(signed_tx, 0, spent));  // P2PK: not a kind this wallet checks
    spent[1].value -= 1;
    CHECK_FALSE(verify_input(signed_tx, 1, spent));
    spent = bip143_spent();
    signed_tx.outputs[0].value += 1;
    CHECK_FALSE(verify_input(signed_tx, 1, spent));
    signed_tx = parse_transaction(hex_decode(test::bip143::signed_tx));
    signed_tx.inputs[1].witness[0].back() = sighash_none;
    CHECK_FALSE(verify_input(signed_tx, 1, spent));
    signed_tx.inputs[1].witness[0].back() = 0x04;  // not a sighash type
    CHECK_FALSE(verify_input(signed_tx, 1, spent));
}

TEST_CASE("BIP-143: hash types pick what is signed", "[bitcoin][sighash]") {
    Transaction tx = parse_transaction(hex_decode(test::bip143::unsigned_tx));
    const Bytes code = p2wpkh_script_code(crypto::hash160(hex_decode(test::bip143::input1_public_key)));
    const auto digest = [&](std::uint32_t type) { return segwit_v0_sighash(tx, 1, code, 600000000, type); };
    const auto all = digest(sighash_all), none = digest(sighash_none), single = digest(sighash_single),
               acp = digest(sighash_all | sighash_anyone_can_pay);
    // Changing output 0 changes ALL only; SINGLE signs output 1 (the input's own index).
    tx.outputs[0].value += 1;
    CHECK(digest(sighash_all) != all);
    CHECK(digest(sighash_none) == none);
    CHECK(digest(sighash_single) == single);
    // Changing the other input changes all but ANYONECANPAY.
    tx.inputs[0].prevout.vout += 1;
    CHECK(digest(sighash_none) != none);
    tx.outputs[0].value -= 1;
    CHECK(digest(sighash_all | sighash_anyone_can_pay) == acp);
    // SINGLE beyond the outputs signs a zero hashOutputs rather than failing (BIP-143).
    tx.outputs.resize(1);
    CHECK_NOTHROW(digest(sighash_single));
    test::require_error(Errc::bad_argument, [&] { segwit_v0_sighash(tx, 2, code, 1, sighash_all); });
    test::require_error(Errc::bad_length, [] { p2wpkh_script_code(Bytes(19)); });
}

TEST_CASE("BIP-341: every key-path spending vector (sighash, signature, witness)", "[bitcoin][sighash]") {
    const auto json = test::load_vector_json("bitcoin/bip341-wallet-test-vectors.json");
    int checked = 0;
    for (const auto& vector : json.at("keyPathSpending")) {
        const Transaction tx = parse_transaction(hex_decode(vector.at("given").at("rawUnsignedTx").get<std::string>()));
        std::vector<TxOut> spent;
        for (const auto& utxo : vector.at("given").at("utxosSpent"))
            spent.push_back({utxo.at("amountSats").get<std::uint64_t>(), hex_decode(utxo.at("scriptPubKey").get<std::string>())});
        const Transaction fully_signed = parse_transaction(hex_decode(vector.at("auxiliary").at("fullySignedTx").get<std::string>()));
        CHECK(fully_signed.outputs == tx.outputs);
        REQUIRE(fully_signed.inputs.size() == tx.inputs.size());

        for (const auto& input : vector.at("inputSpending")) {
            const auto& given = input.at("given");
            const auto& mid = input.at("intermediary");
            const auto index = given.at("txinIndex").get<std::size_t>();
            const auto hash_type = given.at("hashType").get<std::uint8_t>();
            INFO("input " << index << ", hash type " << int(hash_type));
            std::optional<crypto::Hash256> merkle_root;
            if (!given.at("merkleRoot").is_null())
                merkle_root = codec::hex_decode_array<32>(given.at("merkleRoot").get<std::string>());

            const auto secret = crypto::secret_key_from(hex_decode(given.at("internalPrivkey").get<std::string>()));
            const auto internal = crypto::xonly_public_key(secret).key;
            CHECK(hex_encode(internal) == mid.at("internalPubkey").get<std::string>());
            CHECK(hex_encode(taproot_tweak(internal, merkle_root)) == mid.at("tweak").get<std::string>());
            const auto tweaked = taproot_tweak_secret_key(secret, merkle_root);
            CHECK(hex_encode(tweaked.view()) == mid.at("tweakedPrivkey").get<std::string>());
            CHECK(p2tr_script_pubkey(taproot_output_key(internal, merkle_root).key) == spent[index].script_pubkey);

            CHECK(hex_encode(taproot_sighash_message(tx, index, spent, hash_type)) == mid.at("sigMsg").get<std::string>());
            const auto digest = taproot_key_path_sighash(tx, index, spent, hash_type);
            CHECK(hex_encode(digest) == mid.at("sigHash").get<std::string>());

            // The vectors sign with all-zero auxiliary randomness.
            const auto signature = crypto::schnorr_sign(tweaked, digest, ByteArray<32>{});
            Bytes witness_item(signature.begin(), signature.end());
            if (hash_type != sighash_default) witness_item.push_back(hash_type);
            const auto& expected = input.at("expected").at("witness");
            REQUIRE(expected.size() == 1);
            CHECK(hex_encode(witness_item) == expected.at(0).get<std::string>());

            REQUIRE(fully_signed.inputs[index].witness.size() == 1);
            CHECK(hex_encode(fully_signed.inputs[index].witness[0]) == expected.at(0).get<std::string>());
            CHECK(verify_input(fully_signed, index, spent));
            ++checked;
        }
        // The fully signed transaction's P2WPKH input verifies too (BIP-143 against outside data).
        for (std::size_t i = 0; i < spent.size(); ++i)
            if (script_type(spent[i].script_pubkey) == ScriptType::p2wpkh) CHECK(verify_input(fully_signed, i, spent));
    }
    CHECK(checked == 7);
}

TEST_CASE("BIP-341: tampering and bad hash types", "[bitcoin][sighash]") {
    const auto json = test::load_vector_json("bitcoin/bip341-wallet-test-vectors.json");
    const auto& vector = json.at("keyPathSpending").at(0);
    const Transaction tx = parse_transaction(hex_decode(vector.at("given").at("rawUnsignedTx").get<std::string>()));
    Transaction fully_signed = parse_transaction(hex_decode(vector.at("auxiliary").at("fullySignedTx").get<std::string>()));
    std::vector<TxOut> spent;
    for (const auto& utxo : vector.at("given").at("utxosSpent"))
        spent.push_back({utxo.at("amountSats").get<std::uint64_t>(), hex_decode(utxo.at("scriptPubKey").get<std::string>())});

    // Input 1 signs with SIGHASH_SINGLE|ANYONECANPAY; input 3 with ALL, so it commits to every amount.
    REQUIRE(verify_input(fully_signed, 3, spent));
    spent[8].value += 1;
    CHECK_FALSE(verify_input(fully_signed, 3, spent));
    CHECK(verify_input(fully_signed, 1, spent));  // ANYONECANPAY does not sign other amounts
    spent[8].value -= 1;
    fully_signed.inputs[3].witness[0][10] ^= 1;
    CHECK_FALSE(verify_input(fully_signed, 3, spent));
    fully_signed.inputs[3].witness.push_back(Bytes{0x50});  // an annex: not supported
    CHECK_FALSE(verify_input(fully_signed, 3, spent));

    for (const std::uint8_t bad : std::initializer_list<std::uint8_t>{0x04, 0x80, 0x84, 0xff})
        test::require_error(Errc::bad_argument, [&] { taproot_sighash_message(tx, 0, spent, bad); });
    test::require_error(Errc::bad_argument, [&] { taproot_sighash_message(tx, tx.inputs.size(), spent, 0); });
    test::require_error(Errc::bad_argument, [&] {
        taproot_sighash_message(tx, 0, std::span(spent).first(spent.size() - 1), 0);
    });
    // SIGHASH_SINGLE on an input with no output of its index is invalid in BIP-341.
    REQUIRE(tx.outputs.size() < tx.inputs.size());
    test::require_error(Errc::bad_argument, [&] { taproot_sighash_message(tx, tx.outputs.size(), spent, sighash_single); });
    test::require_error(Errc::bad_argument, [&] { verify_input(tx, 0, std::span(spent).first(2)); });
}
