// The mint's logic over its real SQLite store and the fake Lightning backend: keysets, the quote
// state machines, swaps with every refusal, check state, restore, melts with fee return, failed
// and in-flight payments, and reconciliation after a crash.
#include <catch2/catch.hpp>

#include "core/cashu/mint_error.hpp"
#include "core/cashu/nut00.hpp"
#include "core/cashu/nut02.hpp"
#include "core/cashu/nut08.hpp"
#include "core/cashu/nut12.hpp"
#include "core/crypto/random.hpp"
#include "core/wallet/proof_selection.hpp"
#include "core/wallet/wallet_steps.hpp"
#include "node/lightning/fake_backend.hpp"
#include "node/mint/keyring.hpp"
#include "node/mint/mint.hpp"
#include "node/storage/node_store.hpp"
#include "support/cashu_client.hpp"
#include "support/errors.hpp"
#include "support/temp_dir.hpp"

using namespace flash;
using namespace flash::node;
using cashu::MintErrc;

namespace {

// The mint's clock starts at the real time: foreign invoices are made by a backend on the system clock.
const std::int64_t start_s =
    std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();

crypto::SecretKey random_key() { return crypto::secret_key_from(crypto::random_array<32>()); }

/// The code of the MintError `f` throws (nullopt if it returns).
template <class F>
std::optional<MintErrc> refusal(F&& f) {
    try {
        f();
    } catch (const cashu::MintError& e) {
        return e.code();
    }
    return std::nullopt;
}

/// A mint over a data directory, as flash-node would open it.
struct TestMint {
    std::string dir;
    MintConfig config;
    std::int64_t now = start_s;
    std::unique_ptr<NodeStore> store = open_sqlite_store(dir);
    lightning::FakeLightningBackend lightning{dir, key_for(dir), std::chrono::milliseconds(0),
                                              [this] { return now * 1000; }};
    mint::Keyring keyring{store->mint(), "passphrase", "sat", config.input_fee_ppk, now};
    mint::Mint mint{config, store->mint(), keyring, lightning, [this] { return now; }};

    TestMint(std::string data_dir, std::uint64_t fee_ppk = 0) : dir(std::move(data_dir)), config(with_fee(fee_ppk)) {}

    static MintConfig with_fee(std::uint64_t fee_ppk) {
        MintConfig c;
        c.input_fee_ppk = fee_ppk;
        return c;
    }
    static crypto::SecretKey key_for(const std::string&) { return crypto::secret_key_from(Bytes(32, 7)); }

    const mint::Keyset& active() const { return keyring.active(); }

    /// Mints `amount` through a paid quote.
    std::vector<cashu::Proof> mint_proofs(cashu::Amount amount) {
        const cashu::MintQuote quote = mint.create_mint_quote({amount, "sat", std::nullopt, std::nullopt});
        const auto amounts = wallet::split_amount(amount);
        const test::PreparedOutputs prepared = test::prepare_outputs(active().record.id, amounts);
        const cashu::SwapResponse signed_outputs = mint.mint({quote.quote, prepared.outputs, std::nullopt});
        return test::unblind_proofs(prepared, signed_outputs.signatures, active().public_keys);
    }

    /// Swaps `inputs` into outputs of `amounts`.
    std::vector<cashu::Proof> swap(const std::vector<cashu::Proof>& inputs, const std::vector<cashu::Amount>& amounts) {
        const test::PreparedOutputs prepared = test::prepare_outputs(active().record.id, amounts);
        const cashu::SwapResponse response = mint.swap({inputs, prepared.outputs});
        return test::unblind_proofs(prepared, response.signatures, active().public_keys);
    }

    std::vector<crypto::PublicKey> ys(const std::vector<cashu::Proof>& proofs) {
        std::vector<crypto::PublicKey> out;
        for (const auto& proof : proofs) out.push_back(cashu::hash_to_curve(as_bytes(proof.secret)));
        return out;
    }

    cashu::ProofState state_of(const cashu::Proof& proof) {
        return mint.check_state({ys({proof})}).states.at(0).state;
    }
};

/// An invoice from another (fake) node, with `description` steering how paying it goes.
std::string foreign_invoice(const test::TempDir& dir, std::uint64_t sats, const std::string& description) {
    lightning::FakeLightningBackend other(dir.file("other"), random_key(), std::chrono::milliseconds(0));
    return other.create_invoice(sats * 1000, description, 3600).bolt11;
}

}  // namespace

TEST_CASE("keyring: a V2 keyset from the encrypted seed, stable across restarts, rotated on a new fee", "[mint]") {
    test::TempDir dir;
    cashu::KeysetId first;
    cashu::Keys first_keys;
    {
        TestMint m(dir.str());
        const mint::Keyset& keyset = m.active();
        first = keyset.record.id;
        first_keys = keyset.public_keys;
        CHECK(keyset.public_keys.size() == 64);
        CHECK(first == cashu::keyset_id_v2(keyset.public_keys, "sat", 0, std::nullopt));
        const auto stored = m.store->mint().encrypted_seed();
        REQUIRE(stored);
        CHECK(std::string(stored->begin(), stored->end()).starts_with("ncryptsec1"));
    }
    {
        TestMint again(dir.str());
        CHECK(again.active().record.id == first);
        CHECK(again.active().public_keys == first_keys);
    }
    {
        TestMint rotated(dir.str(), 100);
        CHECK(rotated.active().record.id != first);
        CHECK(rotated.active().record.input_fee_ppk == 100);
        REQUIRE(rotated.keyring.find(first) != nullptr);
        CHECK_FALSE(rotated.keyring.find(first)->record.active);
        CHECK(rotated.keyring.all().size() == 2);
    }
    auto store = open_sqlite_store(dir.str());
    CHECK(test::thrown_code([&] { mint::Keyring(store->mint(), "wrong", "sat", 0, start_s); }) == Errc::bad_config);
}

TEST_CASE("mint quote: UNPAID until the invoice settles, then PAID, ISSUED once", "[mint]") {
    test::TempDir dir;
    TestMint m(dir.str());
    lightning::FakeLightningBackend slow(dir.file("slow"), random_key(), std::chrono::milliseconds(5000),
                                         [&] { return m.now * 1000; });
    mint::Mint slow_mint(m.config, m.store->mint(), m.keyring, slow, [&] { return m.now; });

    const cashu::MintQuote quote = slow_mint.create_mint_quote({64, "sat", std::string("coffee"), std::nullopt});
    CHECK(quote.state == cashu::MintQuoteState::unpaid);
    CHECK(quote.request.starts_with("lnbcrt640n1"));
    const test::PreparedOutputs prepared = test::prepare_outputs(m.active().record.id, wallet::split_amount(64));
    CHECK(refusal([&] { slow_mint.mint({quote.quote, prepared.outputs, std::nullopt}); }) == MintErrc::quote_not_paid);

    m.now += 6;
    CHECK(slow_mint.mint_quote(quote.quote).state == cashu::MintQuoteState::paid);
    const test::PreparedOutputs wrong = test::prepare_outputs(m.active().record.id, wallet::split_amount(32));
    CHECK(refusal([&] { slow_mint.mint({quote.quote, wrong.outputs, std::nullopt}); }) == MintErrc::transaction_unbalanced);

    const cashu::SwapResponse response = slow_mint.mint({quote.quote, prepared.outputs, std::nullopt});
    REQUIRE(response.signatures.size() == 1);
    const auto proofs = test::unblind_proofs(prepared, response.signatures, m.active().public_keys);
    CHECK(cashu::verify_proof_dleq(m.active().public_keys.at(64), proofs[0]));
    CHECK(slow_mint.mint_quote(quote.quote).state == cashu::MintQuoteState::issued);
    const test::PreparedOutputs again = test::prepare_outputs(m.active().record.id, wallet::split_amount(64));
    CHECK(refusal([&] { slow_mint.mint({quote.quote, again.outputs, std::nullopt}); }) == MintErrc::tokens_already_issued);

    CHECK(refusal([&] { m.mint.create_mint_quote({64, "usd", std::nullopt, std::nullopt}); }) == MintErrc::unsupported_unit);
    CHECK(refusal([&] { m.mint.create_mint_quote({0, "sat", std::nullopt, std::nullopt}); }) == MintErrc::amount_out_of_limit);
    CHECK(refusal([&] { m.mint.mint_quote("nope"); }) == MintErrc::bad_request);
}

TEST_CASE("swap: balanced swaps pass; every malformed or dishonest one is refused and changes nothing", "[mint]") {
    test::TempDir dir;
    TestMint m(dir.str());
    std::vector<cashu::Proof> proofs = m.mint_proofs(100);  // 4 + 32 + 64
    const auto totals_before = m.store->mint().totals();

    const test::PreparedOutputs too_much = test::prepare_outputs(m.active().record.id, wallet::split_amount(101));
    CHECK(refusal([&] { m.mint.swap({proofs, too_much.outputs}); }) == MintErrc::transaction_unbalanced);

    std::vector<cashu::Proof> forged = proofs;
    forged[0].secret = "forged";
    CHECK(refusal([&] { m.swap(forged, wallet::split_amount(100)); }) == MintErrc::proof_verification_failed);

    std::vector<cashu::Proof> doubled = {proofs[0], proofs[0]};
    CHECK(refusal([&] { m.swap(doubled, wallet::split_amount(proofs[0].amount * 2)); }) == MintErrc::duplicate_inputs);

    std::vector<cashu::Proof> unknown = proofs;
    unknown[0].id = cashu::parse_keyset_id("009a1f293253e41e");
    CHECK(refusal([&] { m.swap(unknown, wallet::split_amount(100)); }) == MintErrc::keyset_unknown);

    CHECK(m.store->mint().totals() == totals_before);
    for (const auto& proof : proofs) CHECK(m.state_of(proof) == cashu::ProofState::unspent);

    const std::vector<cashu::Proof> fresh = m.swap(proofs, {1, 1, 2, 32, 64});
    CHECK(wallet::steps::sum_of(fresh) == 100);
    for (const auto& proof : proofs) CHECK(m.state_of(proof) == cashu::ProofState::spent);
    CHECK(refusal([&] { m.swap(proofs, wallet::split_amount(100)); }) == MintErrc::proof_already_spent);

    // Outputs signed once are never signed again (NUT-09 restore depends on it).
    const test::PreparedOutputs outputs = test::prepare_outputs(m.active().record.id, wallet::split_amount(100));
    m.mint.swap({fresh, outputs.outputs});
    std::vector<cashu::Proof> more = m.mint_proofs(100);
    CHECK(refusal([&] { m.mint.swap({more, outputs.outputs}); }) == MintErrc::outputs_already_signed);
    CHECK(m.state_of(more[0]) == cashu::ProofState::unspent);

    // NUT-09: the signatures come back for the outputs the mint signed, in request order.
    const test::PreparedOutputs unknown_outputs = test::prepare_outputs(m.active().record.id, std::vector<cashu::Amount>{8});
    std::vector<cashu::BlindedMessage> asked = {unknown_outputs.outputs[0], outputs.outputs[1]};
    const cashu::RestoreResponse restored = m.mint.restore({asked});
    REQUIRE(restored.outputs.size() == 1);
    CHECK(restored.outputs[0] == outputs.outputs[1]);
    CHECK(restored.signatures[0].amount == outputs.outputs[1].amount);
}

TEST_CASE("swap with input fees: outputs = inputs - ceil(sum(fee_ppk) / 1000)", "[mint]") {
    test::TempDir dir;
    TestMint m(dir.str(), 100);
    const std::vector<cashu::Proof> proofs = m.mint_proofs(7);  // 3 inputs: fee ceil(300/1000) = 1
    CHECK(refusal([&] { m.swap(proofs, wallet::split_amount(7)); }) == MintErrc::transaction_unbalanced);
    CHECK(wallet::steps::sum_of(m.swap(proofs, wallet::split_amount(6))) == 6);
}

TEST_CASE("melt: pays the invoice, returns the unused fee reserve as change, never twice", "[mint]") {
    test::TempDir dir;
    TestMint m(dir.str());
    const std::string invoice = foreign_invoice(dir, 100, "rent");
    const cashu::MeltQuote quote = m.mint.create_melt_quote({invoice, "sat"});
    CHECK(quote.amount == 100);
    CHECK(quote.fee_reserve == 2);
    CHECK(quote.state == cashu::MeltQuoteState::unpaid);

    // Exactly amount + fee reserve; the fake charges 1% (1 sat), so 1 sat comes back (NUT-08).
    const std::vector<cashu::Proof> proofs = m.mint_proofs(102);
    const test::PreparedOutputs blanks =
        test::prepare_outputs(m.active().record.id, std::vector<cashu::Amount>(cashu::blank_output_count(2), 1));
    const cashu::MeltQuote paid = m.mint.melt({quote.quote, proofs, blanks.outputs});
    CHECK(paid.state == cashu::MeltQuoteState::paid);
    REQUIRE(paid.payment_preimage);
    REQUIRE(paid.change.size() == 1);
    CHECK(paid.change[0].amount == 1);
    const auto change = test::unblind_proofs(blanks, paid.change, m.active().public_keys);
    CHECK(m.state_of(change[0]) == cashu::ProofState::unspent);
    CHECK(wallet::steps::sum_of(m.swap(change, {1})) == 1);
    CHECK(m.mint.melt_quote(quote.quote).state == cashu::MeltQuoteState::paid);
    CHECK(m.state_of(proofs[0]) == cashu::ProofState::spent);
    const std::vector<cashu::Proof> more = m.mint_proofs(256);
    CHECK(refusal([&] { m.mint.melt({quote.quote, more, {}}); }) == MintErrc::invoice_already_paid);
}

TEST_CASE("melt: a failed payment gives the inputs back; an in-flight one keeps them pending", "[mint]") {
    test::TempDir dir;
    TestMint m(dir.str());
    const std::vector<cashu::Proof> proofs = m.mint_proofs(128);
    const auto failing = m.mint.create_melt_quote({foreign_invoice(dir, 100, "flash-fake:fail"), "sat"});
    CHECK(refusal([&] { m.mint.melt({failing.quote, proofs, {}}); }) == MintErrc::lightning_payment_failed);
    CHECK(m.state_of(proofs[0]) == cashu::ProofState::unspent);
    CHECK(m.mint.melt_quote(failing.quote).state == cashu::MeltQuoteState::unpaid);

    const auto stuck = m.mint.create_melt_quote({foreign_invoice(dir, 100, "flash-fake:pending"), "sat"});
    CHECK(m.mint.melt({stuck.quote, proofs, {}}).state == cashu::MeltQuoteState::pending);
    CHECK(m.state_of(proofs[0]) == cashu::ProofState::pending);
    CHECK(refusal([&] { m.swap(proofs, wallet::split_amount(128)); }) == MintErrc::proof_pending);
    CHECK(refusal([&] { m.mint.melt({stuck.quote, proofs, {}}); }) == MintErrc::quote_pending);
    CHECK(m.mint.reconcile() == 1);
}

TEST_CASE("melt: a crash between reserving the inputs and paying is reconciled on restart", "[mint]") {
    test::TempDir dir;
    std::vector<cashu::Proof> proofs;
    std::string quote_id;
    {
        TestMint m(dir.str());
        proofs = m.mint_proofs(128);
        quote_id = m.mint.create_melt_quote({foreign_invoice(dir, 100, "groceries"), "sat"}).quote;
        // What melt() writes before calling Lightning, then the process dies.
        std::vector<SpentProof> spent;
        const auto ys = m.ys(proofs);
        for (std::size_t i = 0; i < proofs.size(); ++i) {
            spent.push_back({ys[i], proofs[i].amount, proofs[i].id, proofs[i].secret, std::nullopt});
        }
        m.store->mint().begin_melt(quote_id, spent, {}, {}, 0);
    }
    TestMint restarted(dir.str());
    CHECK(restarted.state_of(proofs[0]) == cashu::ProofState::pending);
    CHECK(restarted.mint.reconcile() == 0);  // never reached the backend: released
    CHECK(restarted.state_of(proofs[0]) == cashu::ProofState::unspent);
    CHECK(restarted.mint.melt_quote(quote_id).state == cashu::MeltQuoteState::unpaid);
    CHECK(restarted.mint.melt({quote_id, proofs, {}}).state == cashu::MeltQuoteState::paid);
}
