// Rewards paid as eCash: with an eCash rule, a card payment's reward leaves the merchant's
// Lightning balance, in the transaction that records the reward, for a paid quote of the node's
// mint (its own database file), locked to the holder's key (NUT-20). The holder lists it and mints
// it with their own blinded messages; nobody else can. A quote the mint's file cannot take yet is
// written later: the merchant pays once and the holder gets the quote once.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cards_fixture.hpp"
#include "core/cashu/mint_error.hpp"
#include "core/cashu/nut20.hpp"
#include "core/store/sqlite.hpp"
#include "core/wallet/proof_selection.hpp"
#include "node/lightning/fake_backend.hpp"
#include "node/mint/keyring.hpp"
#include "node/mint/mint.hpp"
#include "support/cashu_client.hpp"

using namespace flash;
using namespace flash::test;
using nlohmann::json;

namespace {

const json ecash_rule = {{"per_tap_sat", 10},
                         {"percent", 1.5},
                         {"cap_per_card_day_sat", 1'000},
                         {"cap_per_merchant_day_sat", 10'000},
                         {"payout", "ecash"}};

json unclaimed(const ApiUser& user) {
    const auto answer = user.call("GET", "/api/v1/rewards/ecash");
    REQUIRE(answer.status == 200);
    return json_of(answer)["rewards"];
}

/// The node's mint over the shop's data directory, as flash-node opens it.
struct ShopMint {
    std::unique_ptr<node::NodeStore> store;
    node::lightning::FakeLightningBackend lightning;
    node::mint::Keyring keyring;
    node::mint::Mint mint;
    explicit ShopMint(const std::string& dir)
        : store(node::open_sqlite_store(dir, node::sqlite_mint_file)),
          lightning(dir, crypto::secret_key_from(Bytes(32, 7)), std::chrono::milliseconds(0)),
          keyring(store->mint(), "passphrase", "sat", 0, unix_now()),
          mint({}, store->mint(), keyring, lightning, unix_now) {}

    /// A NUT-04 mint request for `quote` with fresh outputs of `amount`, signed with `key` if given.
    std::pair<cashu::MintRequest, PreparedOutputs> request(const std::string& quote, cashu::Amount amount,
                                                           const crypto::SecretKey* key) {
        const std::vector<cashu::Amount> amounts = wallet::split_amount(amount);
        PreparedOutputs prepared = prepare_outputs(keyring.active().record.id, amounts);
        cashu::MintRequest request{quote, prepared.outputs, std::nullopt};
        if (key) request.signature = cashu::nut20_sign(quote, request.outputs, *key, crypto::random_array<32>());
        return {request, std::move(prepared)};
    }
};

std::optional<cashu::MintErrc> refusal(const std::function<void()>& f) {
    try {
        f();
    } catch (const cashu::MintError& e) {
        return e.code();
    }
    return std::nullopt;
}

}  // namespace

TEST_CASE_METHOD(CardShop, "an eCash reward is a paid mint quote only the holder can mint", "[rewards][ecash]") {
    register_card(holder, card);
    node.fund(holder.pubkey(), 10'000);
    ShopMint shop(dir.str());
    CHECK(json_of(merchant.call("POST", "/api/v1/merchant/rewards", ecash_rule.dump()))["payout"] == "ecash");

    // 10 sat + 1.5% of 1,001 sat = 25.015 sat: eCash is whole sats, 25 leave the merchant's balance.
    REQUIRE(pos.pay(card.tap(), merchant_invoice(merchant, 1'001)).status == 200);
    CHECK(node.available_msat(merchant.pubkey()) == 1'001'000 - 25'000);
    CHECK(node.available_msat(holder.pubkey()) == 10'000'000 - 1'001'000);  // nothing to the balance

    const json ledger = json_of(merchant.call("GET", "/api/v1/merchant/rewards/ledger"));
    REQUIRE(ledger["rewards"].size() == 1);
    CHECK(ledger["rewards"][0]["payout"] == "ecash");
    CHECK(ledger["rewards"][0]["amount_msat"] == 25'000);
    CHECK_FALSE(ledger["rewards"][0].contains("quote"));  // the holder's to mint, not the merchant's
    CHECK(unclaimed(merchant).empty());

    const json mine = unclaimed(holder);
    REQUIRE(mine.size() == 1);
    CHECK(mine[0]["amount_sat"] == 25);
    CHECK(mine[0]["unit"] == "sat");
    CHECK(mine[0]["card_id"] == node.issuer().card_id(card.uid));
    const std::string quote = mine[0]["quote"];
    const cashu::MintQuote at_mint = shop.mint.mint_quote(quote);
    CHECK(at_mint.state == cashu::MintQuoteState::paid);
    CHECK(at_mint.amount == 25);
    CHECK(at_mint.request.empty());  // no invoice: the ledger paid it
    REQUIRE(at_mint.pubkey);
    CHECK(codec::hex_encode(*at_mint.pubkey) == "02" + holder.pubkey());

    // Without the holder's signature, or with another key's, the mint refuses.
    CHECK(refusal([&] { shop.mint.mint(shop.request(quote, 25, nullptr).first); }) == cashu::MintErrc::witness_invalid);
    CHECK(refusal([&] { shop.mint.mint(shop.request(quote, 25, &merchant.secret()).first); }) ==
          cashu::MintErrc::witness_invalid);
    CHECK(refusal([&] { shop.mint.mint(shop.request(quote, 26, &holder.secret()).first); }) ==
          cashu::MintErrc::transaction_unbalanced);

    auto [request, prepared] = shop.request(quote, 25, &holder.secret());
    const cashu::SwapResponse signed_outputs = shop.mint.mint(request);
    const auto proofs = unblind_proofs(prepared, signed_outputs.signatures, shop.keyring.active().public_keys);
    cashu::Amount total = 0;
    for (const auto& proof : proofs) total += proof.amount;
    CHECK(total == 25);
    CHECK(unclaimed(holder).empty());  // minted: no longer listed
    CHECK(refusal([&] { shop.mint.mint(shop.request(quote, 25, &holder.secret()).first); }) ==
          cashu::MintErrc::tokens_already_issued);
    CHECK(holder.call("GET", "/api/v1/rewards/ecash", "", false).status == 401);
    CHECK(holder.call("POST", "/api/v1/rewards/ecash").status == 405);
}

TEST_CASE_METHOD(CardShop, "an eCash reward under 1 sat is refused as too small; a bad payout is refused",
                 "[rewards][ecash]") {
    register_card(holder, card);
    node.fund(holder.pubkey(), 10'000);
    json rule = ecash_rule;
    rule.erase("per_tap_sat");
    rule["percent"] = 0.01;  // 0.1 sat of 1,000 sat
    merchant.call("POST", "/api/v1/merchant/rewards", rule.dump());
    REQUIRE(pos.pay(card.tap(), merchant_invoice(merchant, 1'000)).status == 200);
    const json ledger = json_of(merchant.call("GET", "/api/v1/merchant/rewards/ledger"));
    REQUIRE(ledger["rewards"].size() == 1);
    CHECK(ledger["rewards"][0]["state"] == "refused");
    CHECK(ledger["rewards"][0]["reason"] == "too_small");
    CHECK(node.available_msat(merchant.pubkey()) == 1'000'000);

    rule["payout"] = "bitcoin";
    const auto answer = merchant.call("POST", "/api/v1/merchant/rewards", rule.dump());
    CHECK(answer.status == 400);
    CHECK(json_of(answer)["code"] == "bad_request");
}

TEST_CASE("an eCash reward whose quote the mint cannot take yet is written later, once", "[rewards][ecash]") {
    TempDir dir;
    CardNode node(dir.str(), false);
    const ApiUser merchant(node.url()), holder(node.url());
    const PointOfSale pos(node.url());
    SimulatedCard card;
    register_card(holder, card);
    node.fund(holder.pubkey(), 10'000);
    merchant.call("POST", "/api/v1/merchant/rewards", ecash_rule.dump());
    REQUIRE(pos.pay(card.tap(), merchant_invoice(merchant, 1'000)).status == 200);

    // The mint's file refuses the quote (a full disk, say) after the ledger paid it.
    store::Database db = store::Database::open(dir.file(node::sqlite_mint_file), store::OpenMode::read_write);
    db.exec("CREATE TRIGGER refuse BEFORE INSERT ON mint_quotes BEGIN SELECT RAISE(ABORT, 'refused'); END");
    const auto rewards = [&] {
        return node::merchant::rewards::Rewards(node::open_sqlite_store(dir.str()),
                                                node::open_sqlite_store(dir.str(), node::sqlite_mint_file),
                                                [&] { return node.clock(); });
    };
    CHECK(rewards().settle() == 1);  // recorded and paid for; the quote is owed
    CHECK(node.available_msat(merchant.pubkey()) == 1'000'000 - 25'000);
    CHECK(unclaimed(holder).empty());
    CHECK(rewards().settle() == 0);  // still owed: tried again, not paid again
    CHECK(node.available_msat(merchant.pubkey()) == 1'000'000 - 25'000);

    db.exec("DROP TRIGGER refuse");
    const json mine = unclaimed(holder);  // asking writes it
    REQUIRE(mine.size() == 1);
    CHECK(mine[0]["amount_sat"] == 25);
    CHECK(rewards().settle() == 0);
    CHECK(unclaimed(holder) == mine);
    CHECK(node.available_msat(merchant.pubkey()) == 1'000'000 - 25'000);
    ShopMint shop(dir.str());
    CHECK(shop.mint.mint_quote(mine[0]["quote"]).state == cashu::MintQuoteState::paid);
}
