// Offline payments through the wallet, against the in-process fake mint: the sender prepares
// while online and sends offline without a call; the receiver judges a token with the keysets it
// cached, queues it, and redeems the queue once online (idempotently, across a crash, and with
// the sender's double spend ending as a failed entry).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/cashu/nut10.hpp"
#include "core/cashu/nut11.hpp"
#include "core/cashu/token.hpp"
#include "core/crypto/random.hpp"
#include "core/wallet/cashu_wallet.hpp"
#include "support/errors.hpp"
#include "support/temp_dir.hpp"
#include "wallet_user.hpp"

using namespace flash;
using namespace flash::wallet;
using flash::test::FakeMint;
using flash::test::token_amount;
using flash::test::User;
using nlohmann::json;

namespace {

struct Keys {
    crypto::SecretKey secret = crypto::secret_key_from(crypto::random_array<32>());
    crypto::PublicKey pub = crypto::public_key(secret);
};

/// A queue entry's row from offline_queue(), by id.
json entry(CashuWallet& wallet, const std::string& id) {
    for (const auto& item : wallet.offline_queue())
        if (item.at("id") == id) return item;
    FAIL("no queue entry " << id);
    return {};
}

/// Prepares `amount` for offline sending and checks the swap went through.
json prepare(User& user, cashu::Amount amount, const PrepareOfflineOptions& options = {}) {
    const Step step = user.run(user.wallet.begin_prepare_offline(user.mint.url(), amount, options));
    REQUIRE_FALSE(step.failure);
    return step.result;
}

std::string send_offline(User& user, cashu::Amount amount, const SendOfflineOptions& options = {}) {
    return user.wallet.send_offline(user.mint.url(), amount, options).result.at("token").get<std::string>();
}

/// Drives every redemption begin_redeem_queued started.
RedeemBatch redeem(User& user, const std::optional<crypto::SecretKey>& key) {
    RedeemBatch batch = user.wallet.begin_redeem_queued(key, user.mint.now);
    for (auto& started : batch.started) started.step = user.run(std::move(started.step));
    return batch;
}

}  // namespace

TEST_CASE("offline: denominations keep several small proofs so that amounts can be paid exactly", "[wallet][offline]") {
    CHECK(offline_denominations(40, {}) == std::vector<cashu::Amount>{1, 1, 2, 2, 2, 4, 4, 8, 8, 8});
    CHECK(offline_denominations(5, {}) == std::vector<cashu::Amount>{1, 1, 1, 2});
    CHECK(offline_denominations(1000, {}) == std::vector<cashu::Amount>{1, 1, 2, 2, 2, 4, 4, 8, 8, 8, 16, 16, 32, 128, 256, 512});
    CHECK(offline_denominations(7, {3, 1}) == std::vector<cashu::Amount>{1, 1, 1, 4});
    const DenominationPolicy no_copies{0, 1}, not_a_power{2, 3};
    REQUIRE_THROWS_CODE(offline_denominations(7, no_copies), Errc::bad_argument);
    REQUIRE_THROWS_CODE(offline_denominations(7, not_a_power), Errc::bad_argument);
    // Every amount up to copies * (2 * small_up_to - 1) is an exact selection.
    std::vector<Candidate> candidates;
    for (const cashu::Amount part : offline_denominations(1000, {})) candidates.push_back({part, 0});
    for (cashu::Amount amount = 1; amount <= 62; ++amount) {
        INFO(amount);
        CHECK(select_exact(candidates, amount, false));
    }
}

TEST_CASE("offline: prepare while online, then send offline with no call; other sends leave the prepared proofs alone", "[wallet][offline]") {
    FakeMint mint("https://mint.test");
    User alice(mint);
    alice.add_mint();
    alice.fund(100);  // 4 + 32 + 64
    const json prepared = prepare(alice, 40);
    CHECK(prepared.at("amount") == 40);
    CHECK(prepared.at("denominations") == json({1, 1, 2, 2, 2, 4, 4, 8, 8, 8}));
    CHECK(alice.balance() == 100);
    CHECK(alice.total("offline") == 40);
    CHECK(alice.wallet.history().back().at("kind") == "prepare-offline");
    const json ready = alice.wallet.offline_proofs();
    REQUIRE(ready.size() == 4);
    CHECK(ready[0] == json{{"mint", mint.url()}, {"unit", "sat"}, {"amount", 1}, {"count", 2}});

    // Ordinary sends use only the other 60; the prepared 40 stay.
    CHECK(token_amount(alice.send(60)) == 60);
    REQUIRE_THROWS_CODE(alice.wallet.begin_send(mint.url(), 1, {}), Errc::bad_argument);
    CHECK(alice.total("offline") == 40);

    const auto calls = mint.calls;
    const std::string token = send_offline(alice, 13);
    CHECK(mint.calls == calls);  // no call at all
    const cashu::Token decoded = cashu::decode_token(token);
    cashu::Amount sum = 0;
    for (const auto& proof : decoded.proofs) {
        REQUIRE(proof.dleq);
        CHECK(proof.dleq->r);
        sum += proof.amount;
    }
    CHECK(sum == 13);
    CHECK(alice.total("offline") == 27);
    CHECK(alice.pending() == 60 + 13);
    CHECK(alice.wallet.history().back().at("offline") == true);

    REQUIRE_THROWS_CODE(alice.wallet.send_offline(mint.url(), 28, {}), Errc::insufficient_funds);
    const Keys stranger;
    SendOfflineOptions to_stranger;
    to_stranger.to = stranger.pub;  // nothing was pre-locked to that key
    REQUIRE_THROWS_CODE(alice.wallet.send_offline(mint.url(), 1, to_stranger), Errc::insufficient_funds);
    std::vector<Candidate> rest;  // what is left still pays any amount up to 27 exactly
    for (const auto& group : alice.wallet.offline_proofs())
        for (std::size_t i = 0; i < group.at("count").get<std::size_t>(); ++i) rest.push_back({group.at("amount"), 0});
    for (cashu::Amount amount = 1; amount <= 27; ++amount) {
        INFO(amount);
        CHECK(select_exact(rest, amount, false));
    }
}

TEST_CASE("offline: send_offline says so when no combination is exact", "[wallet][offline]") {
    FakeMint mint("https://mint.test");
    User alice(mint);
    alice.add_mint();
    alice.fund(64);
    PrepareOfflineOptions coarse;
    coarse.denominations = {1, 1};
    CHECK(prepare(alice, 40, coarse).at("denominations") == json({1, 1, 2, 4, 32}));
    REQUIRE_THROWS_CODE(alice.wallet.send_offline(mint.url(), 20, {}), Errc::bad_argument);  // 0..8 and 32..40 only
    CHECK(token_amount(send_offline(alice, 35)) == 35);
    CHECK(alice.total("offline") == 5);
}

TEST_CASE("offline: pre-locked to a contact, the receiver sees locked_to_me and redeems it with the key", "[wallet][offline]") {
    FakeMint mint("https://mint.test");
    User alice(mint);
    alice.add_mint();
    alice.fund(100);
    User bob(mint, 2);
    bob.add_mint();  // while online: bob caches the mint's keysets
    User carol(mint, 3);
    carol.add_mint();
    const Keys alice_key, bob_key, carol_key;

    PrepareOfflineOptions locked;
    locked.lock_to = bob_key.pub;
    locked.locktime = mint.now + 3600;
    locked.refund = {alice_key.pub};
    const json prepared = prepare(alice, 20, locked);
    CHECK(prepared.at("locked_to") == codec::hex_encode(bob_key.pub));
    CHECK(prepared.at("locktime") == mint.now + 3600);
    for (const auto& group : alice.wallet.offline_proofs()) CHECK(group.at("locked_to") == codec::hex_encode(bob_key.pub));
    REQUIRE_THROWS_CODE(alice.wallet.send_offline(mint.url(), 5, {}), Errc::insufficient_funds);  // none unlocked

    SendOfflineOptions to_bob;
    to_bob.to = bob_key.pub;
    const std::string token = send_offline(alice, 5, to_bob);
    for (const auto& proof : cashu::decode_token(token).proofs) {
        const auto conditions = cashu::p2pk_conditions(cashu::parse_well_known_secret(proof.secret));
        CHECK(conditions.pubkeys == std::vector{bob_key.pub});
        CHECK(conditions.refund == std::vector{alice_key.pub});
    }

    // Bob, offline: the mint signed it and only he can spend it for another hour.
    const std::vector bob_keys{bob_key.pub};
    const auto calls = mint.calls;
    const OfflineReceipt receipt = bob.wallet.receive_offline(token, bob_keys, mint.now);
    CHECK(receipt.verdict.verdict == OfflineClass::locked_to_me);
    CHECK(receipt.verdict.seconds_left == std::uint64_t{3600});
    CHECK(receipt.verdict.reasons.empty());
    CHECK(receipt.queued);
    CHECK(mint.calls == calls);
    CHECK(entry(bob.wallet, receipt.entry).at("state") == "queued");
    CHECK(entry(bob.wallet, receipt.entry).at("verdict") == "locked_to_me");
    CHECK(bob.balance() == 0);

    // Carol is shown a token she cannot take.
    const std::vector carol_keys{carol_key.pub};
    const OfflineReceipt refused = carol.wallet.receive_offline(token, carol_keys, mint.now);
    CHECK(refused.verdict.verdict == OfflineClass::locked_to_someone_else);
    CHECK_FALSE(refused.queued);
    CHECK(refused.entry.empty());
    CHECK(carol.wallet.offline_queue().empty());

    // Back online: without his key nothing starts; with it the swap goes through.
    RedeemBatch batch = redeem(bob, std::nullopt);
    CHECK(batch.started.empty());
    REQUIRE(batch.skipped.size() == 1);
    CHECK(batch.skipped[0].reason == "key_needed");
    CHECK(entry(bob.wallet, receipt.entry).at("state") == "queued");
    batch = redeem(bob, bob_key.secret);
    REQUIRE(batch.started.size() == 1);
    REQUIRE_FALSE(batch.started[0].step.failure);
    CHECK(entry(bob.wallet, receipt.entry).at("state") == "redeemed");
    CHECK(bob.balance() == 5);
    CHECK(bob.wallet.history().back().at("kind") == "receive");

    // Idempotent: nothing more to do, and the balance stays.
    batch = redeem(bob, bob_key.secret);
    CHECK(batch.started.empty());
    CHECK(batch.skipped.empty());
    CHECK(bob.balance() == 5);

    // Alice's state check sees her offline payment spent.
    CHECK(alice.run(alice.wallet.begin_check_states(mint.url())).result.at("spent") == 2);  // 1 + 4
}

TEST_CASE("offline: a lock to the x-only (NOSTR) form of a key with an odd point is redeemed with that key", "[wallet][offline]") {
    FakeMint mint("https://mint.test");
    User alice(mint);
    alice.add_mint();
    alice.fund(100);
    User bob(mint, 2);
    bob.add_mint();
    Keys bob_key;
    while (bob_key.pub[0] != 0x03) bob_key = Keys{};
    crypto::PublicKey as_contact = bob_key.pub;  // what an npub gives: the x coordinate, said even
    as_contact[0] = 0x02;

    PrepareOfflineOptions locked;
    locked.lock_to = as_contact;
    prepare(alice, 20, locked);
    SendOfflineOptions to_bob;
    to_bob.to = as_contact;
    const OfflineReceipt receipt = bob.wallet.receive_offline(send_offline(alice, 5, to_bob), std::vector{as_contact}, mint.now);
    CHECK(receipt.verdict.verdict == OfflineClass::locked_to_me);

    const RedeemBatch batch = redeem(bob, bob_key.secret);
    CHECK(batch.skipped.empty());
    REQUIRE(batch.started.size() == 1);
    REQUIRE_FALSE(batch.started[0].step.failure);
    CHECK(entry(bob.wallet, receipt.entry).at("state") == "redeemed");
    CHECK(bob.balance() == 5);
}

TEST_CASE("offline: a lock whose locktime has passed is refused as expired_lock", "[wallet][offline]") {
    FakeMint mint("https://mint.test");
    User alice(mint);
    alice.add_mint();
    alice.fund(32);
    User bob(mint, 2);
    bob.add_mint();
    const Keys alice_key, bob_key;
    PrepareOfflineOptions locked;
    locked.lock_to = bob_key.pub;
    locked.locktime = mint.now - 1;
    locked.refund = {alice_key.pub};
    prepare(alice, 8, locked);
    SendOfflineOptions to_bob;
    to_bob.to = bob_key.pub;
    const std::vector bob_keys{bob_key.pub};
    const OfflineReceipt receipt = bob.wallet.receive_offline(send_offline(alice, 8, to_bob), bob_keys, mint.now);
    CHECK(receipt.verdict.verdict == OfflineClass::expired_lock);
    CHECK(receipt.verdict.reasons == std::vector{OfflineReason::lock_expired});
    CHECK_FALSE(receipt.queued);
}

TEST_CASE("offline: an unlocked token is queued with its risk, and a sender's double spend fails its entry", "[wallet][offline]") {
    FakeMint mint("https://mint.test");
    User alice(mint);
    alice.add_mint();
    alice.fund(64);
    prepare(alice, 16);
    const std::string token = send_offline(alice, 6);
    const std::string second = send_offline(alice, 3);

    User bob(mint, 2);
    bob.add_mint();
    const OfflineReceipt receipt = bob.wallet.receive_offline(token, {}, mint.now);
    CHECK(receipt.verdict.verdict == OfflineClass::dleq_valid_unlocked);
    CHECK(receipt.verdict.reasons == std::vector{OfflineReason::unlocked});
    CHECK(receipt.queued);
    const OfflineReceipt kept = bob.wallet.receive_offline(second, {}, mint.now);
    CHECK(kept.queued);

    // The same proofs again, in another encoding: the same entry. Part of them: a conflict.
    const cashu::Token decoded = cashu::decode_token(token);
    const OfflineReceipt again = bob.wallet.receive_offline(cashu::encode_token_v3(decoded), {}, mint.now);
    CHECK(again.duplicate);
    CHECK(again.entry == receipt.entry);
    cashu::Token part = decoded;
    part.proofs.resize(1);
    const OfflineReceipt overlap = bob.wallet.receive_offline(cashu::encode_token_v4(part), {}, mint.now);
    CHECK(overlap.conflict);
    CHECK_FALSE(overlap.queued);
    CHECK(bob.wallet.offline_queue().size() == 2);

    // Before Bob is online, the sender spends the same proofs elsewhere.
    User carol(mint, 3);
    carol.add_mint();
    REQUIRE_FALSE(carol.run(carol.wallet.begin_receive(token, std::nullopt)).failure);

    const RedeemBatch batch = redeem(bob, std::nullopt);
    REQUIRE(batch.started.size() == 2);
    const json failed = entry(bob.wallet, receipt.entry);
    CHECK(failed.at("state") == "failed");
    CHECK(failed.at("error").at("reason") == "double_spent");
    CHECK(failed.at("error").at("code") == 11001);
    CHECK(entry(bob.wallet, kept.entry).at("state") == "redeemed");
    CHECK(bob.balance() == 3);
    CHECK(redeem(bob, std::nullopt).started.empty());  // a failed entry is not tried again
}

TEST_CASE("offline: unverifiable tokens — unknown keyset, tampered or stripped DLEQ", "[wallet][offline]") {
    FakeMint mint("https://mint.test");
    User alice(mint);
    alice.add_mint();
    alice.fund(64);
    prepare(alice, 24);

    // Bob never cached this mint's keysets: he cannot check anything.
    User bob(mint, 2);
    const std::string token = send_offline(alice, 5);
    const OfflineReceipt unknown = bob.wallet.receive_offline(token, {}, mint.now);
    CHECK(unknown.verdict.verdict == OfflineClass::unverifiable);
    CHECK(unknown.verdict.reasons == std::vector{OfflineReason::unknown_keyset, OfflineReason::unlocked});
    CHECK(unknown.queued);
    RedeemBatch batch = redeem(bob, std::nullopt);
    REQUIRE(batch.skipped.size() == 1);
    CHECK(batch.skipped[0].reason == "refresh_mint");
    CHECK(entry(bob.wallet, unknown.entry).at("state") == "queued");
    bob.add_mint();
    batch = redeem(bob, std::nullopt);
    REQUIRE(batch.started.size() == 1);
    CHECK(entry(bob.wallet, unknown.entry).at("state") == "redeemed");
    CHECK(bob.balance() == 5);

    // A keyset rotated after Bob's last refresh is unknown to him too.
    mint.rotate_keyset();
    alice.add_mint();
    const std::string fresh = alice.send(3);  // swapped into the new keyset
    CHECK(bob.wallet.offline_verdict(fresh, {}, mint.now).reasons.front() == OfflineReason::unknown_keyset);

    // A tampered DLEQ: unverifiable, and redemption refuses it for good.
    cashu::Token tampered = cashu::decode_token(send_offline(alice, 6));
    tampered.proofs[0].dleq->s[3] ^= 1;
    const OfflineReceipt bad = bob.wallet.receive_offline(cashu::encode_token_v4(tampered), {}, mint.now);
    CHECK(bad.verdict.verdict == OfflineClass::unverifiable);
    CHECK(bad.verdict.reasons == std::vector{OfflineReason::dleq_invalid, OfflineReason::unlocked});
    batch = redeem(bob, std::nullopt);
    REQUIRE(batch.skipped.size() == 1);
    CHECK(batch.skipped[0].reason == "invalid_token");
    CHECK(entry(bob.wallet, bad.entry).at("state") == "failed");
    CHECK(entry(bob.wallet, bad.entry).at("error").at("reason") == "invalid_token");

    // A stripped DLEQ: unverifiable offline; the mint still checks the signature when redeeming.
    cashu::Token stripped = cashu::decode_token(send_offline(alice, 2));
    for (auto& proof : stripped.proofs) proof.dleq.reset();
    const OfflineReceipt blind = bob.wallet.receive_offline(cashu::encode_token_v4(stripped), {}, mint.now);
    CHECK(blind.verdict.reasons == std::vector{OfflineReason::dleq_missing, OfflineReason::unlocked});
    // Bob's outputs still use the keyset the mint rotated away: refused (12002), back to queued.
    redeem(bob, std::nullopt);
    json waiting = entry(bob.wallet, blind.entry);
    CHECK(waiting.at("state") == "queued");
    CHECK(waiting.at("error").at("code") == 12002);
    bob.add_mint();
    redeem(bob, std::nullopt);
    CHECK(entry(bob.wallet, blind.entry).at("state") == "redeemed");
    CHECK(bob.balance() == 5 + 2);
}

TEST_CASE("offline: a redemption interrupted by a crash resumes from the queue, once", "[wallet][offline]") {
    FakeMint mint("https://mint.test");
    User alice(mint);
    alice.add_mint();
    alice.fund(32);
    prepare(alice, 16);
    const std::string lost_answer = send_offline(alice, 5);
    const std::string never_sent = send_offline(alice, 3);

    test::TempDir dir;
    const std::string path = dir.file("bob.db");
    std::string first, second;
    {
        User bob(mint, 2, path);
        bob.add_mint();
        first = bob.wallet.receive_offline(lost_answer, {}, mint.now).entry;
        second = bob.wallet.receive_offline(never_sent, {}, mint.now).entry;
        const RedeemBatch batch = bob.wallet.begin_redeem_queued(std::nullopt, mint.now);
        REQUIRE(batch.started.size() == 2);
        CHECK(entry(bob.wallet, first).at("state") == "redeeming");
        // The mint swaps the first, but the answer never arrives; the second never leaves.
        const auto& step = batch.started[0].entry == first ? batch.started[0].step : batch.started[1].step;
        CHECK(mint.handle(*step.request).status == 200);
    }
    User bob(mint, 2, path);
    CHECK(entry(bob.wallet, first).at("state") == "redeeming");
    CHECK(entry(bob.wallet, second).at("state") == "redeeming");
    const RedeemBatch batch = redeem(bob, std::nullopt);
    CHECK(batch.started.size() == 2);  // both resumed, neither begun anew
    for (const auto& started : batch.started) CHECK_FALSE(started.step.failure);
    CHECK(entry(bob.wallet, first).at("state") == "redeemed");
    CHECK(entry(bob.wallet, second).at("state") == "redeemed");
    CHECK(bob.balance() == 8);
    CHECK(bob.wallet.pending_operations().empty());
    CHECK(redeem(bob, std::nullopt).started.empty());
}
