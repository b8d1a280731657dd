// The wallet's SQLite tables: u64 amounts, keyset lookup by short id, counters, proof states.
#include <catch2/catch.hpp>

#include "core/cashu/nut00.hpp"
#include "core/codec/hex.hpp"
#include "core/wallet/wallet_store.hpp"

using namespace flash;
using namespace flash::wallet;

namespace {
cashu::Proof proof_with(const std::string& secret, cashu::Amount amount, const cashu::KeysetId& id) {
    cashu::Proof proof;
    proof.amount = amount;
    proof.id = id;
    proof.secret = secret;
    proof.C = cashu::hash_to_curve(as_bytes("C of " + secret));
    return proof;
}
}  // namespace

TEST_CASE("wallet store: keysets, proofs, counters and operations", "[wallet]") {
    store::Database db = store::Database::open(":memory:", store::OpenMode::read_write);
    WalletStore store(db);
    WalletStore again(db);  // migrating twice is harmless
    store.put_mint("https://m", R"({"name":"m"})");
    CHECK(store.has_mint("https://m"));
    CHECK(store.mints() == std::vector<std::string>{"https://m"});

    KeysetRecord keyset;
    keyset.mint = "https://m";
    keyset.id = codec::hex_decode("01" + std::string(64, 'a'));
    keyset.unit = "sat";
    keyset.active = true;
    keyset.input_fee_ppk = 100;
    keyset.keys.emplace(cashu::Amount{1} << 63, cashu::hash_to_curve(as_bytes("k")));
    store.put_keyset(keyset);
    keyset.keys.clear();
    keyset.active = false;
    store.put_keyset(keyset);  // a refresh without keys keeps them
    const auto found = store.keyset(cashu::KeysetId(keyset.id.begin(), keyset.id.begin() + 8));  // short V2 id
    REQUIRE(found);
    CHECK(found->id == keyset.id);
    CHECK_FALSE(found->active);
    CHECK(found->keys.size() == 1);
    CHECK_FALSE(store.keyset(codec::hex_decode("01bbbbbbbbbbbbbb")));

    const cashu::Proof big = proof_with("s1", cashu::Amount{1} << 63, keyset.id);
    CHECK(store.insert_proof({big, "https://m", "sat", ProofStatus::unspent, ""}));
    CHECK_FALSE(store.insert_proof({big, "https://m", "sat", ProofStatus::unspent, ""}));  // same Y
    const auto unspent = store.proofs("https://m", "sat", ProofStatus::unspent);
    REQUIRE(unspent.size() == 1);
    CHECK(unspent[0].proof == big);
    const crypto::PublicKey Y = cashu::hash_to_curve(as_bytes("s1"));
    store.set_proof_status(Y, ProofStatus::pending, "op1");
    CHECK(store.proof(Y)->status == ProofStatus::pending);
    CHECK(store.proof(Y)->operation == "op1");
    CHECK(store.proofs("", "", ProofStatus::unspent).empty());

    CHECK(store.reserve_counters(keyset.id, 3) == 0);
    CHECK(store.reserve_counters(keyset.id, 2) == 3);
    store.raise_counter(keyset.id, 4);  // never down
    CHECK(store.reserve_counters(keyset.id, 1) == 5);
    store.raise_counter(keyset.id, 100);
    CHECK(store.reserve_counters(keyset.id, 1) == 100);

    OperationRecord op{"op1", "https://m", "mint", "unpaid", "q1", {{"amount", 5}}, 0};
    store.put_operation(op);
    store.put_operation({"op2", "https://m", "send", "pending", "", nlohmann::json::object(), 0});
    op.state = "pending";
    store.put_operation(op);  // keeps its place in the history
    const auto all = store.operations();
    REQUIRE(all.size() == 2);
    CHECK(all[0].id == "op1");
    CHECK(all[0].state == "pending");
    CHECK(store.operations("pending").size() == 2);
    CHECK(store.operation_by_quote("q1")->id == "op1");
    CHECK_FALSE(store.operation_by_quote(""));
}
