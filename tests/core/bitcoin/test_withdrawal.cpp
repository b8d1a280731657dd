#include <catch2/catch.hpp>

#include <algorithm>

#include "core/bitcoin/psbt_check.hpp"
#include "core/bitcoin/script.hpp"
#include "core/bitcoin/withdrawal.hpp"
#include "core/error.hpp"
#include "support/errors.hpp"
#include "wallet_fixture.hpp"

using namespace flash;
using namespace flash::bitcoin;
using keys::AccountKind;

TEST_CASE("withdrawal: the unsigned PSBT a node builds", "[bitcoin][withdrawal]") {
    const test::TestWallet wallet;
    const WithdrawalRequest request = test::sample_request(wallet);
    const Withdrawal w = build_withdrawal(request);

    // Largest coins first: 100,000 (P2WPKH) and 80,000 (P2TR); 2 in, 2 out = 198 vB at 5 sat/vB.
    CHECK(w.amount == 150000);
    CHECK(w.fee == 990);
    CHECK(w.vsize == 198);
    CHECK(w.change == 180000 - 150000 - 990);

    const Transaction& tx = w.psbt.tx;
    CHECK(tx.version == 2);
    CHECK(tx.lock_time == 0);
    REQUIRE(tx.inputs.size() == 2);
    for (const TxIn& in : tx.inputs) CHECK(in.sequence == 0xfffffffd);
    // BIP-69: inputs by displayed txid, outputs by amount.
    CHECK(txid_hex(tx.inputs[0].prevout.txid) < txid_hex(tx.inputs[1].prevout.txid));
    REQUIRE(tx.outputs.size() == 2);
    CHECK(tx.outputs[0].value == w.change);
    CHECK(tx.outputs[1] == TxOut{150000, address_to_script_pubkey(test::kStranger, keys::Network::mainnet)});

    // What a signer needs: UTXOs and derivations; the change output's derivation.
    for (std::size_t i = 0; i < 2; ++i) {
        const PsbtInput& in = w.psbt.inputs[i];
        REQUIRE(in.witness_utxo);
        const auto type = script_type(in.witness_utxo->script_pubkey);
        CHECK((type == ScriptType::p2wpkh ? in.bip32_derivation.size() : in.tap_bip32_derivation.size()) == 1);
        CHECK(in.tap_internal_key.has_value() == (type == ScriptType::p2tr));
    }
    CHECK(w.psbt.outputs[0].bip32_derivation.size() == 1);
    CHECK(w.psbt.outputs[1] == PsbtOutput{});
    CHECK(parse_psbt(serialize_psbt(w.psbt)) == w.psbt);

    // The signer's summary agrees with the builder.
    const PsbtSummary summary = check_psbt(w.psbt, wallet.signer(), keys::Network::mainnet);
    CHECK(summary.sent == 150000);
    CHECK(summary.change == w.change);
    CHECK(summary.fee == w.fee);
    CHECK(summary.vsize == w.vsize);
    CHECK(summary.own_inputs == 2);
    CHECK(summary.own_input_total == 180000);
    CHECK(summary.input_total == 180000);
    // Watch-only with the BIP-84 account key: the same, but the P2TR coin (m/86') is out of reach.
    const PsbtSummary watched = check_psbt(w.psbt, wallet.watcher(), keys::Network::mainnet);
    CHECK(watched.change == w.change);
    CHECK(watched.own_inputs == 1);
    CHECK(summary.outputs[1].address == std::string(test::kStranger));
    CHECK_FALSE(summary.outputs[1].change);
    CHECK(summary.fee_rate >= 5.0);

    // Deterministic: the same request builds the same PSBT.
    CHECK(build_withdrawal(request).psbt == w.psbt);
}

TEST_CASE("withdrawal: send-max, taproot change, dust change dropped", "[bitcoin][withdrawal]") {
    const test::TestWallet wallet;
    WithdrawalRequest request = test::sample_request(wallet);

    request.amount.reset();
    const Withdrawal max = build_withdrawal(request);
    CHECK(max.change == 0);
    CHECK(max.psbt.tx.outputs.size() == 1);
    CHECK(max.psbt.tx.inputs.size() == 3);
    CHECK(max.amount + max.fee == 210000);

    request = test::sample_request(wallet);
    request.change = wallet.change(AccountKind::p2tr, 3);
    const Withdrawal taproot_change = build_withdrawal(request);
    const auto change = std::find_if(taproot_change.psbt.outputs.begin(), taproot_change.psbt.outputs.end(),
                                     [](const PsbtOutput& o) { return o.tap_internal_key.has_value(); });
    REQUIRE(change != taproot_change.psbt.outputs.end());
    CHECK(change->tap_bip32_derivation.size() == 1);
    CHECK(check_psbt(taproot_change.psbt, wallet.signer(), keys::Network::mainnet).change == taproot_change.change);

    // 100,000-sat coin, paying so much that 200 sat would be left: it goes to the fee.
    request = test::sample_request(wallet);
    request.utxos = {wallet.coin(AccountKind::p2wpkh, 0, 100000, 1)};
    request.fee_rate = FeeRate{1000};
    request.amount = 100000 - 141 - 200;
    const Withdrawal dusty = build_withdrawal(request);
    CHECK(dusty.change == 0);
    CHECK(dusty.fee == 341);
    CHECK(dusty.psbt.tx.outputs.size() == 1);
}

TEST_CASE("withdrawal: the previous transaction becomes the non-witness UTXO", "[bitcoin][withdrawal]") {
    const test::TestWallet wallet;
    WithdrawalRequest request = test::sample_request(wallet);
    Transaction previous;
    previous.inputs.push_back(TxIn{});
    previous.outputs = {TxOut{1, Bytes{0x51}}, request.utxos[0].output};
    request.utxos[0].outpoint = OutPoint{txid(previous), 1};
    request.utxos[0].previous_tx = previous;
    const Withdrawal w = build_withdrawal(request);
    const auto with_tx = std::find_if(w.psbt.inputs.begin(), w.psbt.inputs.end(),
                                      [](const PsbtInput& in) { return in.non_witness_utxo.has_value(); });
    REQUIRE(with_tx != w.psbt.inputs.end());
    CHECK(*with_tx->non_witness_utxo == previous);
    CHECK(parse_psbt(serialize_psbt(w.psbt)) == w.psbt);

    request.utxos[0].previous_tx->outputs[1].value += 1;
    test::require_error(Errc::bad_argument, [&] { build_withdrawal(request); });
}

TEST_CASE("withdrawal: bad requests are refused with typed errors", "[bitcoin][withdrawal]") {
    const test::TestWallet wallet;
    const WithdrawalRequest base = test::sample_request(wallet);
    auto refuses = [&](Errc code, auto change) {
        WithdrawalRequest request = base;
        change(request);
        test::require_error(code, [&] { build_withdrawal(request); });
    };
    refuses(Errc::bad_argument, [](WithdrawalRequest& r) { r.fee_rate = FeeRate{999}; });
    refuses(Errc::bad_argument, [](WithdrawalRequest& r) { r.fee_rate = FeeRate{max_fee_rate.sat_per_kvb + 1}; });
    refuses(Errc::bad_argument, [](WithdrawalRequest& r) { r.amount = 293; });  // P2WPKH dust is 294
    refuses(Errc::bad_argument, [](WithdrawalRequest& r) { r.utxos.push_back(r.utxos[0]); });
    refuses(Errc::bad_argument, [](WithdrawalRequest& r) { r.utxos[1].public_key = r.utxos[0].public_key; });
    refuses(Errc::bad_argument, [](WithdrawalRequest& r) { r.utxos[0].output.script_pubkey = {0x51}; });
    refuses(Errc::bad_address, [](WithdrawalRequest& r) { r.network = keys::Network::testnet; });
    refuses(Errc::bad_checksum, [](WithdrawalRequest& r) { r.destination.back() = 'x'; });
    refuses(Errc::insufficient_funds, [](WithdrawalRequest& r) { r.amount = 210000; });
    refuses(Errc::insufficient_funds, [](WithdrawalRequest& r) { r.utxos.clear(); });
}
