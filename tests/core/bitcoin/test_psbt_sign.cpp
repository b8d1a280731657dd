// The signer's side of a withdrawal: check, sign, finalize, extract; and the node taking it back.
#include <catch2/catch.hpp>

#include "core/bitcoin/psbt_check.hpp"
#include "core/bitcoin/psbt_sign.hpp"
#include "core/bitcoin/script.hpp"
#include "core/bitcoin/sighash.hpp"
#include "core/bitcoin/withdrawal.hpp"
#include "core/bitcoin/witness_verify.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "support/errors.hpp"
#include "wallet_fixture.hpp"

using namespace flash;
using namespace flash::bitcoin;
using keys::AccountKind;

namespace {

std::vector<TxOut> spent_of(const Psbt& psbt) {
    std::vector<TxOut> out;
    for (std::size_t i = 0; i < psbt.inputs.size(); ++i) out.push_back(*spent_output(psbt, i));
    return out;
}

// The index of the output that is (or is not) change.
std::size_t change_index(const Psbt& psbt) {
    for (std::size_t i = 0; i < psbt.outputs.size(); ++i)
        if (!psbt.outputs[i].bip32_derivation.empty() || !psbt.outputs[i].tap_bip32_derivation.empty()) return i;
    FAIL("no change output");
    return 0;
}

}  // namespace

TEST_CASE("PSBT signing: check, sign, finalize, extract, and the node accepts it", "[bitcoin][psbt][sign]") {
    const test::TestWallet wallet;
    const Withdrawal built = build_withdrawal(test::sample_request(wallet));

    // The browser gets base64, checks, signs and finalizes.
    Psbt psbt = parse_psbt_base64(psbt_to_base64(built.psbt));
    const PsbtSummary summary = check_psbt(psbt, wallet.signer(), keys::Network::mainnet);
    CHECK(summary.sent == 150000);
    CHECK(summary.own_inputs == 2);
    CHECK(sign_psbt(psbt, wallet.signer(), ByteArray<32>{}) == 2);
    REQUIRE(finalize_psbt(psbt));
    for (const PsbtInput& in : psbt.inputs) {
        CHECK(in.is_finalized());
        CHECK(in.partial_sigs.empty());
        CHECK(in.bip32_derivation.empty());
        CHECK(in.tap_bip32_derivation.empty());
        CHECK_FALSE(in.tap_key_sig.has_value());
        CHECK(in.witness_utxo.has_value());  // UTXOs stay
    }
    const Transaction tx = extract_transaction(psbt);
    const auto spent = spent_of(built.psbt);
    for (std::size_t i = 0; i < tx.inputs.size(); ++i) CHECK(verify_input(tx, i, spent));
    // The estimate is an upper bound of the real size, so the real fee rate is at least the asked one.
    CHECK(transaction_vsize(tx) <= built.vsize);
    CHECK(transaction_vsize(tx) + 1 >= built.vsize);

    // The node takes the signed PSBT back.
    const Psbt returned = parse_psbt_base64(psbt_to_base64(psbt));
    CHECK(accept_signed_withdrawal(built.psbt, returned) == tx);
    // The same with signatures but not finalized: the node finalizes.
    Psbt unfinalized = built.psbt;
    sign_psbt(unfinalized, wallet.signer());
    CHECK(txid(accept_signed_withdrawal(built.psbt, unfinalized)) == txid(tx));
}

TEST_CASE("PSBT signing: deterministic signatures, taproot-only and P2WPKH-only spends", "[bitcoin][psbt][sign]") {
    const test::TestWallet wallet;
    for (const AccountKind kind : {AccountKind::p2wpkh, AccountKind::p2tr}) {
        WithdrawalRequest request = test::sample_request(wallet);
        request.utxos = {wallet.coin(kind, 4, 50000, 7), wallet.coin(kind, 5, 60000, 8), wallet.coin(kind, 6, 70000, 9)};
        request.amount = 150000;
        const Withdrawal built = build_withdrawal(request);
        CHECK(built.psbt.inputs.size() == 3);
        Psbt a = built.psbt, b = built.psbt;
        CHECK(sign_psbt(a, wallet.signer(), ByteArray<32>{}) == 3);
        CHECK(sign_psbt(b, wallet.signer(), ByteArray<32>{}) == 3);
        CHECK(a == b);
        REQUIRE(finalize_psbt(a));
        const Transaction tx = extract_transaction(a);
        for (std::size_t i = 0; i < 3; ++i) CHECK(verify_input(tx, i, spent_of(built.psbt)));
    }
}

TEST_CASE("PSBT check: false change and lying derivations are refused", "[bitcoin][psbt][sign]") {
    const test::TestWallet wallet;
    const Withdrawal built = build_withdrawal(test::sample_request(wallet));
    const std::size_t change = change_index(built.psbt);
    const std::size_t payment = 1 - change;
    auto refused = [&](const Psbt& psbt) {
        test::require_error(Errc::bad_psbt, [&] { check_psbt(psbt, wallet.watcher(), keys::Network::mainnet); });
    };

    SECTION("the change output pays someone else") {
        Psbt psbt = built.psbt;
        psbt.tx.outputs[change].script_pubkey = address_to_script_pubkey(test::kStranger, keys::Network::mainnet);
        refused(psbt);
    }
    SECTION("the derivation names another index than the key") {
        Psbt psbt = built.psbt;
        psbt.outputs[change].bip32_derivation.begin()->second.path.back() += 1;
        refused(psbt);
    }
    SECTION("the payment claims to be change") {
        Psbt psbt = built.psbt;
        psbt.outputs[payment].bip32_derivation = psbt.outputs[change].bip32_derivation;
        refused(psbt);
    }
    SECTION("a hardened path a watch-only key cannot check") {
        Psbt psbt = built.psbt;
        auto& path = psbt.outputs[change].bip32_derivation.begin()->second.path;
        path.back() |= keys::hardened;
        refused(psbt);
    }
    SECTION("a missing UTXO, or one contradicting the full transaction") {
        Psbt psbt = built.psbt;
        psbt.inputs[0].witness_utxo.reset();
        refused(psbt);
    }
    SECTION("outputs above the inputs") {
        Psbt psbt = built.psbt;
        psbt.tx.outputs[payment].value = 1'000'000;
        refused(psbt);
    }
    SECTION("a stranger's derivation is not change, and not refused") {
        Psbt psbt = built.psbt;
        KeyOrigin origin = psbt.outputs[change].bip32_derivation.begin()->second;
        origin.fingerprint[0] ^= 1;
        psbt.outputs[payment].bip32_derivation[psbt.outputs[change].bip32_derivation.begin()->first] = origin;
        CHECK(check_psbt(psbt, wallet.watcher(), keys::Network::mainnet).sent == 150000);
    }
}

TEST_CASE("PSBT check: a watch-only account key proves change under it", "[bitcoin][psbt][sign]") {
    const test::TestWallet wallet;
    const Withdrawal built = build_withdrawal(test::sample_request(wallet));
    const auto account = wallet.master().derive_path("m/84'/0'/0'").neuter();
    const std::string text = "[" + codec::hex_encode(wallet.master().fingerprint()) + "/84'/0'/0']" + account.to_base58(keys::zprv_zpub);
    const KeySource source = KeySource::parse(text);
    const PsbtSummary summary = check_psbt(built.psbt, source, keys::Network::mainnet);
    CHECK(summary.change == built.change);
    CHECK(summary.own_inputs == 1);  // the P2TR coin is under m/86', out of this key's reach
    // A watch-only key cannot sign.
    Psbt psbt = built.psbt;
    test::require_error(Errc::bad_extended_key, [&] { sign_psbt(psbt, source); });
    // Origin notation errors.
    test::require_error(Errc::bad_derivation_path, [&] { KeySource::parse("[1234567/84'/0'/0']" + account.to_base58()); });
    test::require_error(Errc::bad_derivation_path, [&] { KeySource::parse("[12345678/84'/0']" + account.to_base58()); });
    test::require_error(Errc::bad_derivation_path, [&] { KeySource::parse("[12345678/84'/0'/0'" + account.to_base58()); });
    test::require_error(Errc::bad_extended_key, [&] { KeySource::parse(account.to_base58()); });  // not a master key
}

TEST_CASE("PSBT signing: what a signer must refuse or skip", "[bitcoin][psbt][sign]") {
    const test::TestWallet wallet;
    const Withdrawal built = build_withdrawal(test::sample_request(wallet));

    SECTION("a sighash type other than ALL/DEFAULT; nothing is signed") {
        for (const std::uint32_t type : {std::uint32_t{sighash_none}, std::uint32_t{sighash_single}, std::uint32_t{0x81}}) {
            Psbt psbt = built.psbt;
            psbt.inputs[1].sighash_type = type;
            const Psbt before = psbt;
            test::require_error(Errc::bad_psbt, [&] { sign_psbt(psbt, wallet.signer()); });
            CHECK(psbt == before);
        }
        Psbt psbt = built.psbt;
        for (PsbtInput& in : psbt.inputs) in.sighash_type = sighash_all;
        CHECK(sign_psbt(psbt, wallet.signer()) == 2);
        CHECK(finalize_psbt(psbt));
    }
    SECTION("another wallet's key signs nothing; nothing finalizes") {
        const test::TestWallet other("legal winner thank year wave sausage worth useful legal winner thank yellow");
        Psbt psbt = built.psbt;
        CHECK(sign_psbt(psbt, other.signer()) == 0);
        CHECK_FALSE(finalize_psbt(psbt));
        test::require_error(Errc::bad_psbt, [&] { extract_transaction(psbt); });
        test::require_error(Errc::bad_psbt, [&] { accept_signed_withdrawal(built.psbt, psbt); });
    }
    SECTION("taproot needs every input's UTXO") {
        Psbt psbt = built.psbt;
        for (PsbtInput& in : psbt.inputs)
            if (!in.bip32_derivation.empty()) in.witness_utxo.reset();
        test::require_error(Errc::bad_psbt, [&] { sign_psbt(psbt, wallet.signer()); });
    }
    SECTION("a signature that does not verify is not finalized") {
        Psbt psbt = built.psbt;
        sign_psbt(psbt, wallet.signer());
        for (PsbtInput& in : psbt.inputs) {
            if (!in.partial_sigs.empty()) in.partial_sigs.begin()->second[10] ^= 1;
            if (in.tap_key_sig) (*in.tap_key_sig)[10] ^= 1;
        }
        test::require_error(Errc::bad_psbt, [&] { finalize_psbt(psbt); });
    }
    SECTION("a signature with another sighash type than the input asks") {
        Psbt psbt = built.psbt;
        sign_psbt(psbt, wallet.signer());
        for (PsbtInput& in : psbt.inputs) in.sighash_type = sighash_all;
        // The P2WPKH signature is ALL, the P2TR one DEFAULT: the P2TR input fails.
        test::require_error(Errc::bad_psbt, [&] { finalize_psbt(psbt); });
    }
}

TEST_CASE("withdrawal: the node refuses a returned PSBT it did not build", "[bitcoin][psbt][sign]") {
    const test::TestWallet wallet;
    const Withdrawal built = build_withdrawal(test::sample_request(wallet));
    Psbt signed_psbt = built.psbt;
    sign_psbt(signed_psbt, wallet.signer());
    REQUIRE(finalize_psbt(signed_psbt));

    Psbt other_tx = signed_psbt;
    other_tx.tx.outputs[0].value -= 1;
    test::require_error(Errc::bad_psbt, [&] { accept_signed_withdrawal(built.psbt, other_tx); });

    Psbt bad_witness = signed_psbt;
    (*bad_witness.inputs[0].final_script_witness)[0][12] ^= 1;
    test::require_error(Errc::bad_psbt, [&] { accept_signed_withdrawal(built.psbt, bad_witness); });

    // A signer that rewrote its copy of a UTXO cannot make the node trust it.
    Psbt lying_utxo = signed_psbt;
    lying_utxo.inputs[0].witness_utxo->value += 1000;
    CHECK(txid(accept_signed_withdrawal(built.psbt, lying_utxo)) == txid(extract_transaction(signed_psbt)));
}
