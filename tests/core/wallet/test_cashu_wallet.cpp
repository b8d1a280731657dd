// The Cashu wallet against the in-process fake mint: mint, send (exact and with a swap), receive,
// P2PK, fees, melt with change, refusals, crash recovery, restore from the seed, DLEQ checks, and
// quotes someone else paid (NUT-20 locked) adopted and minted.
#include <catch2/catch.hpp>
#include <memory>
#include <set>
#include <string>

#include "core/cashu/nut00.hpp"
#include "core/codec/hex.hpp"
#include "core/cashu/token.hpp"
#include "core/store/sqlite.hpp"
#include "core/wallet/cashu_wallet.hpp"
#include "support/errors.hpp"
#include "support/temp_dir.hpp"
#include "wallet_user.hpp"

using namespace flash;
using namespace flash::wallet;
using flash::test::FakeMint;
using flash::test::token_amount;
using flash::test::User;

TEST_CASE("wallet: add a mint, mint, balances and history", "[wallet]") {
    FakeMint mint("https://mint.test");
    User alice(mint);
    alice.add_mint();
    alice.fund(100);
    CHECK(alice.balance() == 100);
    const auto balances = alice.wallet.balances();
    REQUIRE(balances.size() == 1);
    CHECK(balances[0].at("mint") == "https://mint.test");
    CHECK(balances[0].at("unit") == "sat");
    const auto history = alice.wallet.history();
    REQUIRE(history.size() == 1);
    CHECK(history[0].at("kind") == "mint");
    CHECK(history[0].at("state") == "done");
    CHECK(alice.wallet.pending_operations().empty());
}

TEST_CASE("wallet: a mint quote that is not paid yet is polled, then minted", "[wallet]") {
    FakeMint mint("https://mint.test");
    mint.pay_quotes = false;
    User alice(mint);
    alice.add_mint();
    const Step quote = alice.run(alice.wallet.begin_mint_quote(mint.url(), 8));
    CHECK(quote.result.at("state") == "UNPAID");
    const std::string id = quote.result.at("quote");
    const Step early = alice.run(alice.wallet.begin_mint(id));
    REQUIRE(early.failure);
    CHECK(early.failure->code == 20001);
    mint.pay_quotes = true;
    CHECK(alice.run(alice.wallet.begin_check_mint_quote(id)).result.at("state") == "PAID");
    CHECK(alice.run(alice.wallet.begin_mint(id)).result.at("amount") == 8);
    CHECK(alice.balance() == 8);
}

TEST_CASE("wallet: an exact send needs no mint; a send with a swap keeps the change", "[wallet]") {
    FakeMint mint("https://mint.test");
    User alice(mint);
    alice.add_mint();
    alice.fund(100);  // 4 + 32 + 64

    const std::string exact = alice.send(36);
    CHECK(mint.calls["POST /v1/swap"] == 0);
    CHECK(token_amount(exact) == 36);
    CHECK(alice.balance() == 64);
    CHECK(alice.pending() == 36);

    const std::string swapped = alice.send(10);
    CHECK(mint.calls["POST /v1/swap"] == 1);
    CHECK(token_amount(swapped) == 10);
    CHECK(alice.balance() == 54);
    for (const auto& proof : cashu::decode_token(swapped).proofs) {
        REQUIRE(proof.dleq);
        CHECK(proof.dleq->r);  // the receiver can check the mint's signature offline
    }

    User bob(mint, 2);
    bob.add_mint();
    const Step received = bob.run(bob.wallet.begin_receive(swapped, std::nullopt));
    REQUIRE_FALSE(received.failure);
    CHECK(received.result.at("amount") == 10);
    CHECK(bob.balance() == 10);

    // Alice learns that the swapped token was redeemed; the exact one is still out there.
    const Step checked = alice.run(alice.wallet.begin_check_states(mint.url()));
    CHECK(checked.result.at("spent") == 2);
    CHECK(alice.pending() == 36);

    // Receiving the same token again: the mint says spent, nothing changes.
    const Step again = bob.run(bob.wallet.begin_receive(swapped, std::nullopt));
    REQUIRE(again.failure);
    CHECK(again.failure->code == 11001);
    CHECK(bob.balance() == 10);
}

TEST_CASE("wallet: input fees (input_fee_ppk = 100) are paid by sender and receiver", "[wallet]") {
    FakeMint mint("https://mint.test", 100);
    User alice(mint);
    alice.add_mint();
    alice.fund(100);
    const Step sent = alice.run(alice.wallet.begin_send(mint.url(), 10, {}));
    REQUIRE_FALSE(sent.failure);
    CHECK(sent.result.at("fee") == 1);
    CHECK(alice.balance() == 89);
    User bob(mint, 2);
    bob.add_mint();
    const Step received = bob.run(bob.wallet.begin_receive(sent.result.at("token").get<std::string>(), std::nullopt));
    REQUIRE_FALSE(received.failure);
    CHECK(received.result.at("fee") == 1);  // 2 + 8: two proofs, ceil(200 / 1000)
    CHECK(bob.balance() == 9);
}

TEST_CASE("wallet: P2PK lock, refused without the key, redeemed with it or with a refund key", "[wallet]") {
    FakeMint mint("https://mint.test");
    User alice(mint);
    alice.add_mint();
    alice.fund(64);
    User bob(mint, 2);
    bob.add_mint();
    const crypto::SecretKey bob_key = crypto::secret_key_from(crypto::random_array<32>());

    SendOptions locked;
    locked.lock_to = crypto::public_key(bob_key);
    const std::string token = alice.send(16, locked);
    for (const auto& proof : cashu::decode_token(token).proofs) CHECK(proof.secret.starts_with("[\"P2PK\""));

    const Step unsigned_receive = bob.run(bob.wallet.begin_receive(token, std::nullopt));
    REQUIRE(unsigned_receive.failure);
    CHECK(unsigned_receive.failure->code == 20008);
    const Step wrong_key = bob.run(bob.wallet.begin_receive(token, crypto::secret_key_from(crypto::random_array<32>())));
    REQUIRE(wrong_key.failure);
    CHECK(bob.balance() == 0);
    const Step signed_receive = bob.run(bob.wallet.begin_receive(token, bob_key));
    REQUIRE_FALSE(signed_receive.failure);
    CHECK(bob.balance() == 16);

    // Locked to someone else until a past locktime, with Bob as refund key.
    SendOptions refundable;
    refundable.lock_to = crypto::public_key(crypto::secret_key_from(crypto::random_array<32>()));
    refundable.locktime = mint.now - 10;
    refundable.refund = {crypto::public_key(bob_key)};
    const std::string refund_token = alice.send(8, refundable);
    REQUIRE_FALSE(bob.run(bob.wallet.begin_receive(refund_token, bob_key)).failure);
    CHECK(bob.balance() == 24);
}

/// The history entry of the wallet's last send.
static nlohmann::json last_send(User& user) {
    nlohmann::json found;
    for (const auto& entry : user.wallet.history())
        if (entry.at("kind") == "send") found = entry;
    REQUIRE_FALSE(found.is_null());
    return found;
}

TEST_CASE("wallet: a sender takes back what was not claimed, once the lock allows it", "[wallet]") {
    FakeMint mint("https://mint.test");
    User alice(mint);
    alice.add_mint();
    alice.fund(64);
    User bob(mint, 2);
    bob.add_mint();
    const crypto::SecretKey alice_key = crypto::secret_key_from(crypto::random_array<32>());
    const crypto::SecretKey bob_key = crypto::secret_key_from(crypto::random_array<32>());

    SECTION("an unlocked token nobody claimed comes back, once") {
        alice.send(16);
        const std::string send = last_send(alice).at("id");
        CHECK(last_send(alice).at("outstanding") == 16);
        const Step back = alice.run(alice.wallet.begin_take_back(send, std::nullopt, mint.now));
        REQUIRE_FALSE(back.failure);
        CHECK(back.result.at("amount") == 16);
        CHECK(alice.wallet.history().back().at("took_back") == send);
        alice.run(alice.wallet.begin_check_states(mint.url()));
        CHECK(last_send(alice).at("outstanding") == 0);
        CHECK(alice.balance() == 64);
        REQUIRE_THROWS_CODE(alice.wallet.begin_take_back(send, std::nullopt, mint.now), Errc::bad_argument);
    }
    SECTION("a token locked to the receiver comes back only after its locktime, with the refund key") {
        SendOptions locked;
        locked.lock_to = crypto::public_key(bob_key);
        locked.locktime = mint.now + 100;
        locked.refund = {crypto::public_key(alice_key)};
        alice.send(8, locked);
        const nlohmann::json sent = last_send(alice);
        CHECK(sent.at("locktime") == mint.now + 100);
        CHECK(sent.at("locked_to") == codec::hex_encode(crypto::public_key(bob_key)));
        REQUIRE_THROWS_CODE(alice.wallet.begin_take_back(sent.at("id").get<std::string>(), alice_key, mint.now), Errc::bad_argument);
        CHECK(alice.balance() == 56);
        mint.now += 101;
        const crypto::SecretKey stranger = crypto::secret_key_from(crypto::random_array<32>());
        const Step wrong_key = alice.run(alice.wallet.begin_take_back(sent.at("id").get<std::string>(), stranger, mint.now));
        REQUIRE(wrong_key.failure);
        CHECK(alice.balance() == 56);
        REQUIRE_FALSE(alice.run(alice.wallet.begin_take_back(sent.at("id").get<std::string>(), alice_key, mint.now)).failure);
        CHECK(alice.balance() == 64);
    }
    SECTION("a token the receiver claimed first is refused by the mint and nothing changes") {
        const std::string token = alice.send(16);
        REQUIRE_FALSE(bob.run(bob.wallet.begin_receive(token, std::nullopt)).failure);
        const Step late = alice.run(alice.wallet.begin_take_back(last_send(alice).at("id").get<std::string>(), std::nullopt, mint.now));
        REQUIRE(late.failure);
        CHECK(late.failure->code == 11001);
        alice.run(alice.wallet.begin_check_states(mint.url()));
        CHECK(last_send(alice).at("outstanding") == 0);
        CHECK(alice.balance() == 48);
        CHECK(bob.balance() == 16);
    }
    SECTION("only sends can be taken back") {
        REQUIRE_THROWS_CODE(alice.wallet.begin_take_back("no-such-operation", std::nullopt, mint.now), Errc::bad_argument);
        REQUIRE_THROWS_CODE(alice.wallet.begin_take_back(alice.wallet.history().front().at("id").get<std::string>(), std::nullopt, mint.now),
                            Errc::bad_argument);
    }
}

TEST_CASE("wallet: melt with NUT-08 change", "[wallet]") {
    FakeMint mint("https://mint.test");
    User alice(mint);
    alice.add_mint();
    alice.fund(100);
    const Step quote = alice.run(alice.wallet.begin_melt_quote(mint.url(), FakeMint::invoice(50)));
    REQUIRE_FALSE(quote.failure);
    CHECK(quote.result.at("amount") == 50);
    CHECK(quote.result.at("fee_reserve") == 4);
    const Step melted = alice.run(alice.wallet.begin_melt(quote.result.at("quote").get<std::string>()));
    REQUIRE_FALSE(melted.failure);
    CHECK(melted.result.at("paid") == true);
    // 64 in, 50 paid, 1 Lightning fee: 13 back.
    CHECK(melted.result.at("change") == 13);
    CHECK(alice.balance() == 100 - 50 - 1);
    CHECK(alice.pending() == 0);
}

TEST_CASE("wallet: a refused swap leaves the proofs as they were", "[wallet]") {
    FakeMint mint("https://mint.test");
    User alice(mint);
    alice.add_mint();
    alice.fund(100);
    mint.refuse_next = cashu::MintErrc::transaction_unbalanced;
    const Step refused = alice.run(alice.wallet.begin_send(mint.url(), 10, {}));
    REQUIRE(refused.failure);
    CHECK(refused.failure->kind == Failure::Kind::refused);
    CHECK(refused.failure->code == 11005);
    CHECK(alice.balance() == 100);
    CHECK(alice.pending() == 0);
    CHECK(alice.wallet.history().back().at("state") == "failed");
    CHECK(token_amount(alice.send(10)) == 10);  // and they still spend
}

TEST_CASE("wallet: no answer keeps the operation pending; recover finishes it", "[wallet]") {
    FakeMint mint("https://mint.test");
    User alice(mint);
    alice.add_mint();
    alice.fund(100);
    const Step begun = alice.wallet.begin_send(mint.url(), 10, {});
    const Step lost = alice.wallet.finish(begun.operation, 0, "");
    REQUIRE(lost.failure);
    CHECK(lost.failure->kind == Failure::Kind::no_answer);
    REQUIRE(alice.wallet.pending_operations().size() == 1);
    const Step resumed = alice.run(alice.wallet.recover(begun.operation));
    REQUIRE_FALSE(resumed.failure);
    CHECK(token_amount(resumed.result.at("token").get<std::string>()) == 10);
    CHECK(alice.balance() == 90);
}

TEST_CASE("wallet: crash between begin and finish, then reopen and recover", "[wallet]") {
    FakeMint mint("https://mint.test");
    test::TempDir dir;
    const std::string path = dir.file("wallet.db");
    std::string send_op, mint_op, unsent_op;
    {
        User alice(mint, 1, path);
        alice.add_mint();
        alice.fund(100);
        // The mint processes the swap, but the tab closes before the answer arrives.
        const Step send = alice.wallet.begin_send(mint.url(), 10, {});
        send_op = send.operation;
        CHECK(mint.handle(*send.request).status == 200);
        // A mint request that reached the mint too.
        const Step quote = alice.run(alice.wallet.begin_mint_quote(mint.url(), 20));
        const Step minting = alice.wallet.begin_mint(quote.result.at("quote").get<std::string>());
        mint_op = minting.operation;
        CHECK(mint.handle(*minting.request).status == 200);
        // And a swap that never left.
        unsent_op = alice.wallet.begin_send(mint.url(), 5, {}).operation;
    }
    User alice(mint, 1, path);
    const auto pending = alice.wallet.pending_operations();
    REQUIRE(pending.size() == 3);
    for (const auto& op : pending) {
        const Step done = alice.run(alice.wallet.recover(op.id));
        INFO(op.kind << " " << op.id);
        REQUIRE_FALSE(done.failure);
    }
    CHECK(alice.wallet.pending_operations().empty());
    CHECK(mint.calls["POST /v1/restore"] == 2);  // the outputs the mint had signed already
    CHECK(alice.balance() == 100 + 20 - 10 - 5);
    const auto history = alice.wallet.history();
    for (const auto& entry : history) CHECK(entry.at("state") == "done");
    // Counters were reserved in the begin transactions: no output was reused.
    User bob(mint, 2);
    bob.add_mint();
    for (const auto& entry : history)
        if (entry.contains("token")) CHECK_FALSE(bob.run(bob.wallet.begin_receive(entry.at("token").get<std::string>(), std::nullopt)).failure);
}

TEST_CASE("wallet: restore from the seed across a keyset rotation", "[wallet]") {
    FakeMint mint("https://mint.test");
    User alice(mint);
    alice.add_mint();
    alice.fund(100);
    mint.rotate_keyset();
    alice.add_mint();  // refresh: the new keyset is active, the old one kept
    alice.fund(27);
    const std::string token = alice.send(10);  // spends old-keyset proofs into new-keyset outputs
    User bob(mint, 2);
    bob.add_mint();
    REQUIRE_FALSE(bob.run(bob.wallet.begin_receive(token, std::nullopt)).failure);
    const cashu::Amount expected = alice.balance();

    User restored(mint, 1);  // same seed, empty database
    restored.add_mint();
    const Step step = restored.run(restored.wallet.begin_restore(mint.url()));
    REQUIRE_FALSE(step.failure);
    CHECK(step.result.at("amount") == expected);
    CHECK(restored.balance() == expected);
    // The counters moved past the restored outputs: new outputs are fresh.
    CHECK(token_amount(restored.send(3)) == 3);
    CHECK(restored.balance() == expected - 3);
}

TEST_CASE("wallet: a missing or wrong DLEQ from the mint fails the operation", "[wallet]") {
    for (const auto mode : {FakeMint::DleqMode::missing, FakeMint::DleqMode::corrupt}) {
        FakeMint mint("https://mint.test");
        User alice(mint);
        alice.add_mint();
        mint.dleq = mode;
        const Step quote = alice.run(alice.wallet.begin_mint_quote(mint.url(), 16));
        const Step minted = alice.run(alice.wallet.begin_mint(quote.result.at("quote").get<std::string>()));
        REQUIRE(minted.failure);
        CHECK(minted.failure->kind == Failure::Kind::bad_answer);
        CHECK(alice.balance() == 0);
        CHECK(alice.wallet.pending_operations().empty());
    }
}

TEST_CASE("wallet: a token whose DLEQ does not verify is refused before any call", "[wallet]") {
    FakeMint mint("https://mint.test");
    User alice(mint);
    alice.add_mint();
    alice.fund(64);
    cashu::Token token = cashu::decode_token(alice.send(8));
    User bob(mint, 2);
    bob.add_mint();
    token.proofs[0].dleq->s[0] ^= 1;
    const int calls = mint.calls["POST /v1/swap"];
    REQUIRE_THROWS_CODE(bob.wallet.begin_receive(cashu::encode_token_v4(token), std::nullopt), Errc::bad_token);
    CHECK(mint.calls["POST /v1/swap"] == calls);
    token.proofs[0].dleq->s[0] ^= 1;
    token.proofs[0].dleq.reset();  // no DLEQ at all is accepted (the mint still checks the signature)
    CHECK_FALSE(bob.run(bob.wallet.begin_receive(cashu::encode_token_v4(token), std::nullopt)).failure);
}

TEST_CASE("wallet: caller mistakes are errors", "[wallet]") {
    FakeMint mint("https://mint.test");
    User alice(mint);
    REQUIRE_THROWS_CODE(alice.wallet.begin_mint_quote(mint.url(), 1), Errc::bad_argument);  // mint not added
    alice.add_mint();
    REQUIRE_THROWS_CODE(alice.wallet.begin_send(mint.url(), 1, {}), Errc::bad_argument);     // no funds
    REQUIRE_THROWS_CODE(alice.wallet.finish("nope", 200, "{}"), Errc::bad_argument);
    REQUIRE_THROWS_CODE(alice.wallet.begin_mint("unknown-quote"), Errc::bad_argument);
    REQUIRE_THROWS_CODE(CashuWallet(alice.db, ByteArray<32>{}), Errc::bad_length);
}

TEST_CASE("wallet: a melt interrupted after the mint paid is recovered from the quote, change restored", "[wallet]") {
    FakeMint mint("https://mint.test");
    test::TempDir dir;
    const std::string path = dir.file("wallet.db");
    {
        User alice(mint, 1, path);
        alice.add_mint();
        alice.fund(100);
        const Step quote = alice.run(alice.wallet.begin_melt_quote(mint.url(), FakeMint::invoice(50)));
        const Step melt = alice.wallet.begin_melt(quote.result.at("quote").get<std::string>());
        CHECK(mint.handle(*melt.request).status == 200);  // paid; the answer (with the change) is lost
        CHECK(alice.balance() == 36);
        CHECK(alice.pending() == 64);
    }
    User alice(mint, 1, path);
    const auto pending = alice.wallet.pending_operations();
    REQUIRE(pending.size() == 1);
    const Step check = alice.wallet.recover(pending[0].id);
    REQUIRE(check.request);
    CHECK(check.request->method == "GET");  // the quote's state, not a second payment
    const Step done = alice.run(check);
    REQUIRE_FALSE(done.failure);
    CHECK(done.result.at("change") == 13);
    CHECK(alice.balance() == 49);
    CHECK(alice.pending() == 0);
}

TEST_CASE("wallet: outstanding operations never share NUT-13 counters", "[wallet]") {
    FakeMint mint("https://mint.test");
    User alice(mint);
    alice.add_mint();
    alice.fund(100);
    const Step first = alice.wallet.begin_send(mint.url(), 3, {});
    const Step second = alice.wallet.begin_send(mint.url(), 5, {});
    std::set<std::string> blinded;
    std::size_t outputs = 0;
    for (const Step* step : {&first, &second}) {
        const auto request = nlohmann::json::parse(step->request->body);  // outlives the loop
        for (const auto& output : request.at("outputs")) {
            blinded.insert(output.at("B_").get<std::string>());
            ++outputs;
        }
    }
    CHECK(blinded.size() == outputs);
    CHECK_FALSE(alice.run(first).failure);
    CHECK_FALSE(alice.run(second).failure);
    CHECK(alice.balance() == 92);
}

TEST_CASE("wallet: inputs of a swap whose answer failed the checks are settled by a state check", "[wallet]") {
    FakeMint mint("https://mint.test");
    User alice(mint);
    alice.add_mint();
    alice.fund(100);
    mint.dleq = FakeMint::DleqMode::corrupt;
    const Step sent = alice.run(alice.wallet.begin_send(mint.url(), 10, {}));
    REQUIRE(sent.failure);
    CHECK(sent.failure->kind == Failure::Kind::bad_answer);
    CHECK(alice.pending() == 32);  // the mint took them; the wallet does not know yet
    mint.dleq = FakeMint::DleqMode::honest;
    CHECK(alice.run(alice.wallet.begin_check_states(mint.url())).result.at("spent") == 1);
    CHECK(alice.pending() == 0);
    CHECK(alice.balance() == 68);
}

TEST_CASE("wallet: a failed Lightning payment gives the proofs back", "[wallet]") {
    FakeMint mint("https://mint.test");
    User alice(mint);
    alice.add_mint();
    alice.fund(100);
    const Step quote = alice.run(alice.wallet.begin_melt_quote(mint.url(), FakeMint::invoice(50)));
    mint.refuse_next = cashu::MintErrc::lightning_payment_failed;
    const Step melted = alice.run(alice.wallet.begin_melt(quote.result.at("quote").get<std::string>()));
    REQUIRE(melted.failure);
    CHECK(melted.failure->code == 20004);
    CHECK(alice.balance() == 100);
    CHECK(alice.pending() == 0);
}

TEST_CASE("wallet: V1 keysets (BIP-32 NUT-13 secrets) mint, send and restore", "[wallet]") {
    FakeMint mint("https://mint.test", 0, true);
    REQUIRE(mint.active_keyset_id().size() == 8);
    User alice(mint);
    alice.add_mint();
    alice.fund(21);
    CHECK(token_amount(alice.send(3)) == 3);
    User restored(mint, 1);
    restored.add_mint();
    // The sent token was never redeemed: its proofs are unspent at the mint and come back too.
    CHECK(restored.run(restored.wallet.begin_restore(mint.url())).result.at("amount") == 21);
}

TEST_CASE("wallet: a keyset whose id does not re-derive from its keys is refused", "[wallet]") {
    FakeMint mint("https://mint.test");
    User alice(mint);
    Step step = alice.wallet.begin_add_mint(mint.url());
    while (step.request) {
        auto answer = mint.handle(*step.request);
        if (step.request->url.find("/v1/keys/") != std::string::npos) {
            auto body = nlohmann::json::parse(answer.body);
            auto& keys = body["keysets"][0]["keys"];
            std::swap(keys["1"], keys["2"]);  // valid keys, wrong order: the id no longer matches
            answer.body = body.dump();
        }
        step = alice.wallet.finish(step.operation, answer.status, answer.body);
    }
    REQUIRE(step.failure);
    CHECK(step.failure->kind == Failure::Kind::bad_answer);
    // The keyset stays without keys: nothing can be minted on it.
    const Step quote = alice.run(alice.wallet.begin_mint_quote(mint.url(), 1));
    REQUIRE_THROWS_CODE(alice.wallet.begin_mint(quote.result.at("quote").get<std::string>()), Errc::bad_keyset);
}

TEST_CASE("wallet: a quote someone else paid, locked to the wallet's key, is adopted and minted", "[wallet]") {
    FakeMint mint("https://mint.test");
    User alice(mint);
    alice.add_mint();
    const crypto::SecretKey key = crypto::secret_key_from(Bytes(32, 0x42));
    const crypto::SecretKey other = crypto::secret_key_from(Bytes(32, 0x43));
    // "02" + the x-only key, as the node locks an eCash reward to a NOSTR key of either parity.
    crypto::PublicKey locked{};
    locked[0] = 0x02;
    const auto x = crypto::xonly_public_key(key).key;
    std::copy(x.begin(), x.end(), locked.begin() + 1);
    const std::string quote = mint.add_paid_quote(21, locked);

    const Step adopted = alice.run(alice.wallet.begin_adopt_mint_quote(mint.url(), quote, 21));
    REQUIRE_FALSE(adopted.failure);
    CHECK(adopted.result.at("state") == "PAID");
    test::require_error(Errc::bad_argument, [&] { alice.wallet.begin_adopt_mint_quote(mint.url(), quote, 21); });
    // Locked: no key, or another key, is the caller's mistake; nothing is sent.
    test::require_error(Errc::bad_argument, [&] { alice.wallet.begin_mint(quote); });
    test::require_error(Errc::bad_argument, [&] { alice.wallet.begin_mint(quote, other); });
    CHECK(mint.calls["POST /v1/mint/bolt11"] == 0);
    CHECK(alice.run(alice.wallet.begin_mint(quote, key)).result.at("amount") == 21);
    CHECK(alice.balance() == 21);
    const auto history = alice.wallet.history();
    REQUIRE(history.size() == 1);
    CHECK(history[0].at("adopted") == true);
    CHECK(history[0].at("state") == "done");

    // A quote of another amount than the one announced is not taken.
    const std::string other_quote = mint.add_paid_quote(5, std::nullopt);
    const Step mismatch = alice.run(alice.wallet.begin_adopt_mint_quote(mint.url(), other_quote, 50));
    REQUIRE(mismatch.failure);
    CHECK(mismatch.failure->kind == Failure::Kind::bad_answer);
    test::require_error(Errc::bad_argument, [&] { alice.wallet.begin_adopt_mint_quote("https://other.test", "q", 1); });
}
