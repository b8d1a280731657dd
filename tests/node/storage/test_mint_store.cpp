// The SQLite mint store against real files: the seed, keysets, swaps, mint and melt quotes, proof
// states and signatures, each refusal (and that a refused call changes nothing), totals with
// amounts of 2^63, reopening the file, a melt left pending by a crash, and two connections racing
// for the same proofs (two swaps; a swap and a melt).
#include <catch2/catch.hpp>
#include <algorithm>
#include <barrier>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "core/cashu/mint_error.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/random.hpp"
#include "node/storage/node_store.hpp"
#include "support/errors.hpp"
#include "support/temp_dir.hpp"

using namespace flash;
using namespace flash::node;
using cashu::Amount;
using cashu::MeltQuoteState;
using cashu::MintErrc;
using cashu::MintQuoteState;
using cashu::ProofState;
using crypto::PublicKey;
using test::TempDir;

namespace {

constexpr Amount two_63 = Amount{1} << 63;
const cashu::KeysetId sat_keyset = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77};
const cashu::KeysetId usd_keyset = {0x00, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee};

// A point-shaped value: the store keeps points as 33 bytes and never checks the curve.
PublicKey point() {
    PublicKey p{};
    p[0] = 0x02;
    const auto x = crypto::random_array<32>();
    std::copy(x.begin(), x.end(), p.begin() + 1);
    return p;
}

SpentProof proof(Amount amount, const cashu::KeysetId& keyset = sat_keyset,
                 std::optional<std::string> witness = std::nullopt) {
    return SpentProof{point(), amount, keyset, codec::hex_encode(crypto::random_array<32>()), std::move(witness)};
}

IssuedSignature output(Amount amount, const cashu::KeysetId& keyset = sat_keyset) {
    return IssuedSignature{point(), cashu::BlindSignature{amount, keyset, point(),
                                                          cashu::Dleq{crypto::random_array<32>(),
                                                                      crypto::random_array<32>(), std::nullopt}}};
}

std::vector<PublicKey> Ys_of(const std::vector<SpentProof>& proofs) {
    std::vector<PublicKey> Ys;
    for (const SpentProof& p : proofs) Ys.push_back(p.Y);
    return Ys;
}

std::vector<PublicKey> B_s_of(const std::vector<IssuedSignature>& outputs) {
    std::vector<PublicKey> B_s;
    for (const IssuedSignature& o : outputs) B_s.push_back(o.B_);
    return B_s;
}

KeysetRecord keyset(const cashu::KeysetId& id, const std::string& unit, std::uint32_t index) {
    KeysetRecord k;
    k.id = id;
    k.unit = unit;
    k.index = index;
    k.input_fee_ppk = 100;
    k.created_at = 1700000000 + index;
    return k;
}

MintQuoteRecord mint_quote_record(const std::string& id, Amount amount) {
    MintQuoteRecord r;
    r.quote.quote = id;
    r.quote.request = "lnbc-" + id;
    r.quote.amount = amount;
    r.quote.unit = "sat";
    r.quote.expiry = 1700003600;
    r.payment_hash = crypto::random_array<32>();
    r.created_at = 1700000000;
    return r;
}

MeltQuoteRecord melt_quote_record(const std::string& id, Amount amount, Amount fee_reserve) {
    MeltQuoteRecord r;
    r.quote.quote = id;
    r.quote.request = "lnbc-" + id;
    r.quote.amount = amount;
    r.quote.unit = "sat";
    r.quote.fee_reserve = fee_reserve;
    r.quote.expiry = 1700003600;
    r.payment_hash = crypto::random_array<32>();
    r.created_at = 1700000000;
    return r;
}

// The MintErrc that `f` throws, or nullopt if it returns normally.
template <class F>
std::optional<MintErrc> mint_errc(F&& f) {
    try {
        f();
    } catch (const cashu::MintError& e) {
        return e.code();
    }
    return std::nullopt;
}

// A store in its own directory, with the sat and usd keysets; it remembers every Y, B_ and quote
// the test makes, so that snapshot() can show that a refused call changed nothing.
struct Fixture {
    TempDir dir;
    std::unique_ptr<NodeStore> node = open_sqlite_store(dir.str());
    std::vector<PublicKey> Ys, B_s;
    std::vector<std::string> mint_ids, melt_ids;

    Fixture() {
        mint().add_keyset(keyset(sat_keyset, "sat", 0));
        mint().add_keyset(keyset(usd_keyset, "usd", 1));
    }
    MintStore& mint() { return node->mint(); }
    void reopen() {
        node.reset();
        node = open_sqlite_store(dir.str());
    }

    std::vector<SpentProof> proofs(std::vector<Amount> amounts) {
        std::vector<SpentProof> out;
        for (Amount a : amounts) out.push_back(proof(a));
        for (const SpentProof& p : out) Ys.push_back(p.Y);
        return out;
    }
    std::vector<IssuedSignature> outputs(std::vector<Amount> amounts) {
        std::vector<IssuedSignature> out;
        for (Amount a : amounts) out.push_back(output(a));
        for (const IssuedSignature& o : out) B_s.push_back(o.B_);
        return out;
    }
    void add_mint_quote(const std::string& id, Amount amount) {
        mint().add_mint_quote(mint_quote_record(id, amount));
        mint_ids.push_back(id);
    }
    void add_melt_quote(const std::string& id, Amount amount, Amount fee_reserve) {
        mint().add_melt_quote(melt_quote_record(id, amount, fee_reserve));
        melt_ids.push_back(id);
    }

    struct Snapshot {
        std::vector<cashu::ProofStateEntry> states;
        std::vector<std::optional<cashu::BlindSignature>> signatures;
        std::vector<MintTotals> totals;
        std::vector<std::optional<cashu::MintQuote>> mint_quotes;
        std::vector<std::optional<std::tuple<cashu::MeltQuote, Amount>>> melt_quotes;
        std::vector<std::tuple<std::string, Amount, Amount, std::vector<PublicKey>>> pending;
        bool operator==(const Snapshot&) const = default;
    };
    /// Everything the store says about `known_Ys`, `known_B_s` and the quotes the test made.
    Snapshot snapshot(const std::vector<PublicKey>& known_Ys, const std::vector<PublicKey>& known_B_s) {
        Snapshot s{mint().proof_states(known_Ys), mint().signatures(known_B_s), mint().totals(), {}, {}, {}};
        for (const std::string& id : mint_ids) {
            const auto q = mint().mint_quote(id);
            s.mint_quotes.push_back(q ? std::optional(q->quote) : std::nullopt);
        }
        for (const std::string& id : melt_ids) {
            const auto q = mint().melt_quote(id);
            s.melt_quotes.push_back(q ? std::optional(std::tuple(q->quote, q->fee_paid)) : std::nullopt);
        }
        for (const PendingMelt& m : mint().pending_melts())
            s.pending.emplace_back(m.quote.quote.quote, m.inputs_total, m.input_fee, m.blank_outputs);
        return s;
    }

    Snapshot snapshot() { return snapshot(Ys, B_s); }

    ProofState state(const PublicKey& Y) { return mint().proof_states(std::vector{Y}).at(0).state; }
};

// Runs `call` (which checks how it fails) and checks that it changed nothing: neither what the
// store knew before, nor the proofs and outputs the call itself made (still unknown to the store).
template <class F>
void require_unchanged(Fixture& fx, F&& call) {
    const std::vector<PublicKey> Ys = fx.Ys, B_s = fx.B_s;
    const Fixture::Snapshot before = fx.snapshot(Ys, B_s);
    call();
    CHECK(fx.snapshot(Ys, B_s) == before);
    for (std::size_t i = Ys.size(); i < fx.Ys.size(); ++i) CHECK(fx.state(fx.Ys[i]) == ProofState::unspent);
    for (std::size_t i = B_s.size(); i < fx.B_s.size(); ++i)
        CHECK_FALSE(fx.mint().signatures(std::vector{fx.B_s[i]}).at(0));
}

// Runs `refused`, which must throw MintError(`code`) and change nothing.
template <class F>
void require_refused(Fixture& fx, MintErrc code, F&& refused) {
    require_unchanged(fx, [&] { REQUIRE(mint_errc(refused) == code); });
}

// The same for a flash::Error with `code`.
template <class F>
void require_failed(Fixture& fx, Errc code, F&& failed) {
    require_unchanged(fx, [&] { test::require_error(code, failed); });
}

}  // namespace

TEST_CASE("mint store: the encrypted seed is stored once", "[mint-store]") {
    Fixture fx;
    CHECK_FALSE(fx.mint().encrypted_seed());
    const Bytes seed = {1, 2, 3, 4, 5};
    fx.mint().save_encrypted_seed(seed);
    CHECK(fx.mint().encrypted_seed() == seed);
    test::require_error(Errc::storage, [&] { fx.mint().save_encrypted_seed(Bytes{9, 9}); });
    CHECK(fx.mint().encrypted_seed() == seed);
    fx.reopen();
    CHECK(fx.mint().encrypted_seed() == seed);
}

TEST_CASE("mint store: keysets come oldest first and one is active per unit", "[mint-store]") {
    Fixture fx;
    KeysetRecord rotated = keyset({0x01, 1, 2, 3, 4, 5, 6, 7}, "sat", 2);
    rotated.input_fee_ppk = two_63;
    rotated.max_order = 32;
    rotated.final_expiry = UINT64_MAX;
    fx.mint().add_keyset(rotated);

    std::vector<KeysetRecord> keysets = fx.mint().keysets();
    REQUIRE(keysets.size() == 3);
    CHECK(keysets[0].id == sat_keyset);
    CHECK_FALSE(keysets[0].active);  // replaced by `rotated`
    CHECK(keysets[1].id == usd_keyset);
    CHECK(keysets[1].active);        // another unit
    CHECK(keysets[2] == rotated);    // every field, u64 extremes included

    SECTION("an inactive keyset leaves the active one alone") {
        KeysetRecord old = keyset({0x00, 9, 9, 9, 9, 9, 9, 9}, "sat", 3);
        old.active = false;
        fx.mint().add_keyset(old);
        keysets = fx.mint().keysets();
        REQUIRE(keysets.size() == 4);
        CHECK(keysets[2].active);
        CHECK(keysets[3] == old);
    }
    SECTION("a known id is a storage error and changes nothing") {
        test::require_error(Errc::storage, [&] { fx.mint().add_keyset(keyset(usd_keyset, "sat", 4)); });
        CHECK(fx.mint().keysets() == keysets);
    }
    SECTION("kept across a reopen") {
        fx.reopen();
        CHECK(fx.mint().keysets() == keysets);
    }
}

TEST_CASE("mint store: a swap spends its inputs and records its outputs", "[mint-store]") {
    Fixture fx;
    auto inputs = fx.proofs({8, 2});
    inputs[0].witness = R"({"signatures":["ab"]})";
    const auto outputs = fx.outputs({4, 4, 2});
    const PublicKey unknown = point();

    fx.mint().commit_swap(inputs, outputs);

    const auto states = fx.mint().proof_states(std::vector{inputs[0].Y, unknown, inputs[1].Y});
    REQUIRE(states.size() == 3);
    CHECK(states[0] == cashu::ProofStateEntry{inputs[0].Y, ProofState::spent, inputs[0].witness});
    CHECK(states[1] == cashu::ProofStateEntry{unknown, ProofState::unspent, std::nullopt});
    CHECK(states[2] == cashu::ProofStateEntry{inputs[1].Y, ProofState::spent, std::nullopt});

    const auto signatures = fx.mint().signatures(std::vector{outputs[2].B_, unknown, outputs[0].B_});
    REQUIRE(signatures.size() == 3);
    CHECK(signatures[0] == outputs[2].signature);  // with its DLEQ
    CHECK_FALSE(signatures[1]);
    CHECK(signatures[2] == outputs[0].signature);

    SECTION("a signature without DLEQ") {
        auto plain = fx.outputs({1});
        plain[0].signature.dleq.reset();
        fx.mint().commit_swap(fx.proofs({1}), plain);
        CHECK(fx.mint().signatures(B_s_of(plain)).at(0) == plain[0].signature);
    }
    SECTION("an input spent before") {
        require_refused(fx, MintErrc::proof_already_spent, [&] {
            fx.mint().commit_swap(std::vector{fx.proofs({1})[0], inputs[1]}, fx.outputs({1, 2}));
        });
    }
    SECTION("an output signed before") {
        require_refused(fx, MintErrc::outputs_already_signed, [&] {
            auto again = fx.outputs({2});
            again.push_back(outputs[1]);
            fx.mint().commit_swap(fx.proofs({4, 2}), again);
        });
    }
    SECTION("the same Y twice in one call") {
        auto fresh = fx.proofs({1, 1});
        fresh[1].Y = fresh[0].Y;
        require_refused(fx, MintErrc::duplicate_inputs, [&] { fx.mint().commit_swap(fresh, fx.outputs({2})); });
    }
    SECTION("the same B_ twice in one call") {
        auto twice = fx.outputs({1, 1});
        twice[1].B_ = twice[0].B_;
        require_refused(fx, MintErrc::duplicate_outputs, [&] { fx.mint().commit_swap(fx.proofs({2}), twice); });
    }
    SECTION("an unknown keyset is a storage error and changes nothing") {
        std::vector<SpentProof> stray = fx.proofs({1});
        stray[0].keyset = {0x00, 0, 0, 0, 0, 0, 0, 1};
        require_failed(fx, Errc::storage, [&] { fx.mint().commit_swap(stray, fx.outputs({1})); });
    }
}

TEST_CASE("mint store: mint quotes go from UNPAID to PAID to ISSUED", "[mint-store]") {
    Fixture fx;
    MintQuoteRecord record = mint_quote_record("q1", 10);
    record.quote.pubkey = point();
    fx.mint().add_mint_quote(record);
    fx.mint_ids.push_back("q1");

    auto stored = fx.mint().mint_quote("q1");
    REQUIRE(stored);
    CHECK(stored->quote == record.quote);
    CHECK(stored->payment_hash == record.payment_hash);
    CHECK(stored->created_at == record.created_at);
    CHECK_FALSE(fx.mint().mint_quote("nope"));
    CHECK_FALSE(fx.mint().mark_mint_quote_paid("nope"));
    test::require_error(Errc::storage, [&] { fx.mint().add_mint_quote(mint_quote_record("q1", 99)); });
    CHECK(fx.mint().mint_quote("q1")->quote == record.quote);

    const auto outputs = fx.outputs({8, 2});
    require_refused(fx, MintErrc::quote_not_paid, [&] { fx.mint().issue_mint_quote("q1", outputs); });
    require_refused(fx, MintErrc::bad_request, [&] { fx.mint().issue_mint_quote("nope", outputs); });

    const auto paid = fx.mint().mark_mint_quote_paid("q1");
    REQUIRE(paid);
    CHECK(paid->quote.state == MintQuoteState::paid);
    CHECK(fx.mint().mark_mint_quote_paid("q1")->quote.state == MintQuoteState::paid);

    SECTION("an output signed before leaves the quote PAID") {
        const auto swapped = fx.outputs({1});
        fx.mint().commit_swap(fx.proofs({1}), swapped);
        require_refused(fx, MintErrc::outputs_already_signed,
                        [&] { fx.mint().issue_mint_quote("q1", std::vector{outputs[0], swapped[0]}); });
        require_refused(fx, MintErrc::duplicate_outputs,
                        [&] { fx.mint().issue_mint_quote("q1", std::vector{outputs[0], outputs[0]}); });
    }
    SECTION("issued once") {
        fx.mint().issue_mint_quote("q1", outputs);
        CHECK(fx.mint().mint_quote("q1")->quote.state == MintQuoteState::issued);
        CHECK(fx.mint().signatures(B_s_of(outputs)).at(1) == outputs[1].signature);
        require_refused(fx, MintErrc::tokens_already_issued,
                        [&] { fx.mint().issue_mint_quote("q1", fx.outputs({10})); });
        // ISSUED stays ISSUED.
        CHECK(fx.mint().mark_mint_quote_paid("q1")->quote.state == MintQuoteState::issued);
    }
}

TEST_CASE("mint store: a melt reserves its inputs then spends or releases them", "[mint-store]") {
    Fixture fx;
    fx.add_melt_quote("m1", 100, 4);
    fx.add_melt_quote("m2", 50, 2);
    const auto inputs = fx.proofs({64, 32, 8});
    const auto blanks = fx.outputs({1, 1, 1});  // their signatures are the change the test gives
    const std::vector<PublicKey> blank_B_s = B_s_of(blanks);
    const std::vector<cashu::KeysetId> blank_keysets(3, sat_keyset);

    auto stored = fx.mint().melt_quote("m1");
    REQUIRE(stored);
    CHECK(stored->quote == melt_quote_record("m1", 100, 4).quote);
    CHECK_FALSE(fx.mint().melt_quote("nope"));
    test::require_error(Errc::storage, [&] { fx.mint().add_melt_quote(melt_quote_record("m1", 1, 1)); });

    SECTION("refused before it starts") {
        require_refused(fx, MintErrc::bad_request,
                        [&] { fx.mint().begin_melt("nope", inputs, blank_B_s, blank_keysets, 1); });
        require_failed(fx, Errc::bad_argument, [&] {
            fx.mint().begin_melt("m1", inputs, blank_B_s, std::vector<cashu::KeysetId>(2, sat_keyset), 1);
        });
        require_refused(fx, MintErrc::duplicate_inputs, [&] {
            fx.mint().begin_melt("m1", std::vector{inputs[0], inputs[0]}, blank_B_s, blank_keysets, 1);
        });
        require_refused(fx, MintErrc::duplicate_outputs, [&] {
            fx.mint().begin_melt("m1", inputs, std::vector{blank_B_s[0], blank_B_s[0]},
                                 std::vector<cashu::KeysetId>(2, sat_keyset), 1);
        });
        const auto spent = fx.proofs({1});
        const auto signed_before = fx.outputs({1});
        fx.mint().commit_swap(spent, signed_before);
        require_refused(fx, MintErrc::proof_already_spent, [&] {
            fx.mint().begin_melt("m1", std::vector{inputs[0], spent[0]}, blank_B_s, blank_keysets, 1);
        });
        require_refused(fx, MintErrc::outputs_already_signed, [&] {
            fx.mint().begin_melt("m1", inputs, std::vector{blank_B_s[0], signed_before[0].B_},
                                 std::vector<cashu::KeysetId>(2, sat_keyset), 1);
        });
        require_failed(fx, Errc::bad_argument, [&] { fx.mint().finish_melt_failed("m1"); });
        require_failed(fx, Errc::bad_argument,
                       [&] { fx.mint().finish_melt_paid("m1", crypto::random_array<32>(), 0, {}); });
    }

    fx.mint().begin_melt("m1", inputs, blank_B_s, blank_keysets, 1);
    CHECK(fx.mint().melt_quote("m1")->quote.state == MeltQuoteState::pending);
    for (const PublicKey& Y : Ys_of(inputs)) CHECK(fx.state(Y) == ProofState::pending);
    CHECK(fx.mint().melt_quote("m1")->quote.change.empty());

    SECTION("while it is pending") {
        require_refused(fx, MintErrc::quote_pending,
                        [&] { fx.mint().begin_melt("m1", fx.proofs({1}), {}, {}, 0); });
        require_refused(fx, MintErrc::proof_pending,
                        [&] { fx.mint().commit_swap(std::vector{fx.proofs({2})[0], inputs[1]}, fx.outputs({2})); });
        require_refused(fx, MintErrc::proof_pending,
                        [&] { fx.mint().begin_melt("m2", std::vector{inputs[2]}, {}, {}, 0); });
        require_refused(fx, MintErrc::outputs_pending, [&] {
            fx.mint().commit_swap(fx.proofs({1}), std::vector{blanks[1]});
        });
        require_refused(fx, MintErrc::outputs_pending, [&] {
            fx.mint().begin_melt("m2", fx.proofs({64}), std::vector{blank_B_s[2]},
                                 std::vector<cashu::KeysetId>{sat_keyset}, 0);
        });
        require_failed(fx, Errc::bad_argument, [&] {
            fx.mint().finish_melt_paid("m1", crypto::random_array<32>(), 2, fx.outputs({1}));
        });
        require_refused(fx, MintErrc::duplicate_outputs, [&] {
            fx.mint().finish_melt_paid("m1", crypto::random_array<32>(), 2, std::vector{blanks[0], blanks[0]});
        });
    }
    SECTION("paid: inputs spent, change recorded, the unused blank output free again") {
        const auto preimage = crypto::random_array<32>();
        fx.mint().finish_melt_paid("m1", preimage, 2, std::vector{blanks[0], blanks[2]});
        const auto paid = fx.mint().melt_quote("m1");
        REQUIRE(paid);
        CHECK(paid->quote.state == MeltQuoteState::paid);
        CHECK(paid->quote.payment_preimage == codec::hex_encode(preimage));
        CHECK(paid->fee_paid == 2);
        CHECK(paid->quote.change == std::vector{blanks[0].signature, blanks[2].signature});
        for (const PublicKey& Y : Ys_of(inputs)) CHECK(fx.state(Y) == ProofState::spent);
        CHECK(fx.mint().pending_melts().empty());
        require_refused(fx, MintErrc::invoice_already_paid,
                        [&] { fx.mint().begin_melt("m1", fx.proofs({1}), {}, {}, 0); });
        require_failed(fx, Errc::bad_argument, [&] { fx.mint().finish_melt_failed("m1"); });
        fx.mint().commit_swap(fx.proofs({1}), std::vector{blanks[1]});  // the unused one
        CHECK(fx.mint().melt_quote("m1")->quote.change.size() == 2);
    }
    SECTION("failed: inputs released, blank outputs forgotten, the quote can start again") {
        fx.mint().finish_melt_failed("m1");
        CHECK(fx.mint().melt_quote("m1")->quote.state == MeltQuoteState::unpaid);
        for (const PublicKey& Y : Ys_of(inputs)) CHECK(fx.state(Y) == ProofState::unspent);
        CHECK(fx.mint().pending_melts().empty());
        fx.mint().begin_melt("m1", std::vector{inputs[0]}, {}, {}, 0);
        fx.mint().commit_swap(std::vector{inputs[1], inputs[2]}, blanks);
        CHECK(fx.state(inputs[1].Y) == ProofState::spent);
    }
}

TEST_CASE("mint store: a melt left pending by a crash is found on restart", "[mint-store]") {
    Fixture fx;
    fx.add_melt_quote("old", 10, 1);
    fx.add_melt_quote("m1", 100, 4);
    fx.add_melt_quote("m2", 5, 1);
    const auto inputs = fx.proofs({64, 32, 8});
    const auto blanks = fx.outputs({1, 1});
    fx.mint().begin_melt("m1", inputs, B_s_of(blanks), std::vector{sat_keyset, usd_keyset}, 3);
    fx.mint().begin_melt("m2", fx.proofs({two_63}), {}, {}, 0);

    fx.reopen();  // the process died between the two steps

    const std::vector<PendingMelt> pending = fx.mint().pending_melts();
    REQUIRE(pending.size() == 2);
    const PendingMelt& melt = pending[0].quote.quote.quote == "m1" ? pending[0] : pending[1];
    CHECK(melt.quote.quote.state == MeltQuoteState::pending);
    CHECK(melt.quote.quote.amount == 100);
    CHECK(melt.quote.payment_hash == fx.mint().melt_quote("m1")->payment_hash);
    CHECK(melt.inputs_total == 104);
    CHECK(melt.input_fee == 3);
    CHECK(melt.blank_outputs == B_s_of(blanks));
    CHECK(melt.blank_output_keysets == std::vector{sat_keyset, usd_keyset});
    const PendingMelt& big = pending[0].quote.quote.quote == "m2" ? pending[0] : pending[1];
    CHECK(big.inputs_total == two_63);
    for (const PublicKey& Y : Ys_of(inputs)) CHECK(fx.state(Y) == ProofState::pending);

    // Reconciled: the payment failed.
    fx.mint().finish_melt_failed("m1");
    REQUIRE(fx.mint().pending_melts().size() == 1);
    for (const PublicKey& Y : Ys_of(inputs)) CHECK(fx.state(Y) == ProofState::unspent);
}

TEST_CASE("mint store: reopening the file keeps everything", "[mint-store]") {
    Fixture fx;
    fx.mint().save_encrypted_seed(Bytes{7, 7, 7});
    fx.mint().commit_swap(fx.proofs({1, 2}), fx.outputs({3}));
    fx.add_mint_quote("q1", 8);
    fx.mint().mark_mint_quote_paid("q1");
    fx.add_mint_quote("q2", 4);
    fx.mint().issue_mint_quote("q1", fx.outputs({8}));
    fx.add_melt_quote("m1", 3, 1);
    fx.add_melt_quote("m2", 3, 1);
    const auto blanks = fx.outputs({1});
    fx.mint().begin_melt("m1", fx.proofs({4}), B_s_of(blanks), std::vector<cashu::KeysetId>{sat_keyset}, 0);
    fx.mint().finish_melt_paid("m1", crypto::random_array<32>(), 0, blanks);
    fx.mint().begin_melt("m2", fx.proofs({4}), B_s_of(fx.outputs({1})), std::vector<cashu::KeysetId>{sat_keyset}, 0);

    const Fixture::Snapshot before = fx.snapshot();
    const auto keysets = fx.mint().keysets();
    fx.reopen();
    CHECK(fx.snapshot() == before);
    CHECK(fx.mint().keysets() == keysets);
    CHECK(fx.mint().encrypted_seed() == Bytes{7, 7, 7});
    CHECK(fx.mint().mint_quote("q2")->quote.state == MintQuoteState::unpaid);
}

TEST_CASE("mint store: totals per unit with amounts of 2^63", "[mint-store]") {
    Fixture fx;
    fx.mint().add_keyset(keyset({0x00, 5, 5, 5, 5, 5, 5, 5}, "eur", 7));
    CHECK(fx.mint().totals() ==
          std::vector<MintTotals>{{"eur", 0, 0}, {"sat", 0, 0}, {"usd", 0, 0}});

    // sat: 2^63 + 5 issued by a mint quote; 2^63 redeemed and 2^62 + 3 issued by a swap.
    fx.add_mint_quote("q1", two_63 + 5);
    fx.mint().mark_mint_quote_paid("q1");
    fx.mint().issue_mint_quote("q1", fx.outputs({two_63, 4, 1}));
    fx.mint().commit_swap(fx.proofs({two_63}), fx.outputs({two_63 >> 1, 2, 1}));
    // usd: 7 in, 7 out.
    fx.mint().commit_swap(std::vector{proof(7, usd_keyset)}, std::vector{output(4, usd_keyset), output(3, usd_keyset)});
    CHECK(fx.mint().totals() == std::vector<MintTotals>{{"eur", 0, 0},
                                                          {"sat", two_63 + 5 + (two_63 >> 1) + 3, two_63},
                                                          {"usd", 7, 7}});

    // A melt counts its inputs once it is paid, its change as issued.
    fx.add_melt_quote("m1", 8, 2);
    const auto blanks = fx.outputs({1, 1});
    fx.mint().begin_melt("m1", fx.proofs({8, 2}), B_s_of(blanks), std::vector{sat_keyset, sat_keyset}, 0);
    CHECK(fx.mint().totals().at(1).redeemed == two_63);
    fx.mint().finish_melt_paid("m1", crypto::random_array<32>(), 1, std::vector{blanks[0]});  // change: 1
    CHECK(fx.mint().totals()[1] == MintTotals{"sat", two_63 + 5 + (two_63 >> 1) + 3 + 1, two_63 + 10});

    // Past 2^64 the total cannot be an amount: an error, not a wrapped number.
    fx.mint().commit_swap({}, fx.outputs({two_63}));
    test::require_error(Errc::storage, [&] { fx.mint().totals(); });
}

// Two connections on one file: run(attempt) calls `attempt(store, who, round)` on two threads, each
// with its own store, both starting every round together, and records per thread and round how the
// attempt ended: "ok", the MintErrc's number, or the text of any other exception.
struct Race {
    static constexpr int rounds = 100;
    TempDir dir;
    std::unique_ptr<NodeStore> setup = open_sqlite_store(dir.str());
    std::vector<std::string> outcome[2];

    Race() { setup->mint().add_keyset(keyset(sat_keyset, "sat", 0)); }

    template <class Attempt>
    void run(Attempt attempt) {
        std::unique_ptr<NodeStore> stores[2] = {open_sqlite_store(dir.str()), open_sqlite_store(dir.str())};
        std::barrier start(2);
        auto contender = [&](int who) {
            for (int round = 0; round < rounds; ++round) {
                start.arrive_and_wait();
                std::string& result = outcome[who].emplace_back("ok");
                try {
                    attempt(stores[who]->mint(), who, round);
                } catch (const cashu::MintError& e) {
                    result = std::to_string(static_cast<std::uint32_t>(e.code()));
                } catch (const std::exception& e) {
                    result = e.what();
                }
            }
        };
        std::thread first(contender, 0), second(contender, 1);
        first.join();
        second.join();
    }
    static std::string refused(MintErrc code) { return std::to_string(static_cast<std::uint32_t>(code)); }
};

TEST_CASE("mint store: two connections race to spend the same proofs and one wins", "[mint-store]") {
    Race race;
    std::vector<std::vector<SpentProof>> inputs;
    for (int i = 0; i < Race::rounds; ++i) inputs.push_back({proof(4), proof(2)});
    race.run([&](MintStore& mint, int, int round) {
        mint.commit_swap(inputs[static_cast<std::size_t>(round)], std::vector{output(4), output(2)});
    });

    const std::string spent = Race::refused(MintErrc::proof_already_spent);
    for (std::size_t i = 0; i < Race::rounds; ++i) {
        const std::string& a = race.outcome[0].at(i);
        const std::string& b = race.outcome[1].at(i);
        INFO("round " << i << ": " << a << " / " << b);
        CHECK(((a == "ok" && b == spent) || (a == spent && b == "ok")));
    }
    // Only the winners' outputs were signed: 6 sat per round.
    CHECK(race.setup->mint().totals() == std::vector<MintTotals>{{"sat", 6 * Race::rounds, 6 * Race::rounds}});
}

TEST_CASE("mint store: a swap and a melt race for the same proofs and one wins", "[mint-store]") {
    Race race;
    std::vector<std::vector<SpentProof>> inputs;
    for (int i = 0; i < Race::rounds; ++i) {
        inputs.push_back({proof(4), proof(2)});
        race.setup->mint().add_melt_quote(melt_quote_record("m" + std::to_string(i), 5, 1));
    }
    race.run([&](MintStore& mint, int who, int round) {
        const auto& proofs = inputs[static_cast<std::size_t>(round)];
        if (who == 0) mint.commit_swap(proofs, std::vector{output(4), output(2)});
        else mint.begin_melt("m" + std::to_string(round), proofs, {}, {}, 0);
    });

    const std::string spent = Race::refused(MintErrc::proof_already_spent);
    const std::string pending = Race::refused(MintErrc::proof_pending);
    int melts = 0;
    for (std::size_t i = 0; i < Race::rounds; ++i) {
        const std::string& swap = race.outcome[0].at(i);
        const std::string& melt = race.outcome[1].at(i);
        INFO("round " << i << ": " << swap << " / " << melt);
        CHECK(((swap == "ok" && melt == spent) || (swap == pending && melt == "ok")));
        const auto state = race.setup->mint().melt_quote("m" + std::to_string(i))->quote.state;
        CHECK(state == (melt == "ok" ? MeltQuoteState::pending : MeltQuoteState::unpaid));
        if (melt == "ok") ++melts;
    }
    CHECK(race.setup->mint().pending_melts().size() == static_cast<std::size_t>(melts));
}

TEST_CASE("mint store: grouped writes become durable together, and a refused one leaves the group intact",
          "[mint-store]") {
    Fixture fx;
    fx.add_melt_quote("m1", 3, 1);
    std::unique_ptr<NodeStore> other = open_sqlite_store(fx.dir.str());
    fx.mint().set_grouping(true);
    CHECK(fx.mint().pending_commit() == nullptr);

    const auto first = fx.proofs({1, 2});
    fx.mint().commit_swap(first, fx.outputs({3}));
    const std::shared_ptr<const GroupCommit> group = fx.mint().pending_commit();
    REQUIRE(group != nullptr);
    CHECK_FALSE(group->done);
    const auto second = fx.proofs({4});
    fx.mint().commit_swap(second, fx.outputs({4}));
    CHECK(fx.mint().pending_commit() == group);  // one group for both
    // A refused write inside the group undoes only itself.
    CHECK(mint_errc([&] { fx.mint().commit_swap(second, fx.outputs({4})); }) == MintErrc::proof_already_spent);
    CHECK(fx.state(first[0].Y) == ProofState::spent);  // this connection sees the group

    // Another connection sees nothing until the group commits.
    CHECK(other->mint().proof_states(Ys_of(first))[0].state == ProofState::unspent);
    fx.mint().commit_group();
    CHECK(group->done);
    CHECK(group->ok);
    CHECK(fx.mint().pending_commit() == nullptr);
    CHECK(other->mint().proof_states(Ys_of(first))[0].state == ProofState::spent);
    CHECK(other->mint().proof_states(Ys_of(second))[0].state == ProofState::spent);

    // A melt's reservation is committed by begin_melt itself, with the group before it.
    const auto third = fx.proofs({8});
    fx.mint().commit_swap(third, fx.outputs({8}));
    const auto melted = fx.proofs({4});
    fx.mint().begin_melt("m1", melted, {}, {}, 0);
    CHECK(fx.mint().pending_commit() == nullptr);
    CHECK(other->mint().proof_states(Ys_of(third))[0].state == ProofState::spent);
    CHECK(other->mint().proof_states(Ys_of(melted))[0].state == ProofState::pending);

    // What is left open when the process dies is gone, all of it.
    const auto lost = fx.proofs({16});
    fx.mint().commit_swap(lost, fx.outputs({16}));
    fx.reopen();
    CHECK(fx.state(lost[0].Y) == ProofState::unspent);
    CHECK(fx.state(third[0].Y) == ProofState::spent);
}
