// Merchant rewards end to end: a merchant sets a rule over the API, a simulated card pays the
// merchant's invoice, and the reward moves from the merchant's Lightning balance to the card
// holder's exactly once, within the caps per card and per merchant per day; a reward the caps or
// the merchant's balance refuse is recorded as refused while the payment stands.
#include <catch2/catch.hpp>
#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "cards_fixture.hpp"

using namespace flash;
using namespace flash::test;
using nlohmann::json;

namespace {

json set_rule(const ApiUser& merchant, const json& rule) {
    const auto answer = merchant.call("POST", "/api/v1/merchant/rewards", rule.dump());
    REQUIRE(answer.status == 200);
    return json_of(answer);
}

json reward_ledger(const ApiUser& merchant) {
    const auto answer = merchant.call("GET", "/api/v1/merchant/rewards/ledger");
    REQUIRE(answer.status == 200);
    return json_of(answer);
}

/// A holder with a funded card.
struct Customer {
    ApiUser user;
    SimulatedCard card;
    Customer(const CardNode& node, std::uint64_t sat) : user(node.url()) {
        test::register_card(user, card);
        node.fund(user.pubkey(), sat);
    }
};

}  // namespace

TEST_CASE_METHOD(CardShop, "a card payment to a merchant is rewarded once, from the merchant to the holder",
                 "[rewards]") {
    Customer customer(node, 10'000);

    CHECK(merchant.call("GET", "/api/v1/merchant/rewards").status == 404);
    const json rule = set_rule(merchant, {{"per_tap_sat", 10},
                                          {"percent", 1.5},
                                          {"cap_per_card_day_sat", 1'000},
                                          {"cap_per_merchant_day_sat", 10'000}});
    CHECK(rule["per_tap_sat"] == 10);
    CHECK(rule["percent"] == 1.5);
    CHECK(rule["active"] == true);
    CHECK(json_of(merchant.call("GET", "/api/v1/merchant/rewards")) == rule);

    REQUIRE(pos.pay(customer.card.tap(), merchant_invoice(merchant, 2'000)).status == 200);
    // 10 sat + 1.5% of 2,000 sat = 40 sat, from the merchant's 2,000 sat to the holder.
    CHECK(node.available_msat(customer.user.pubkey()) == 10'000'000 - 2'000'000 + 40'000);
    CHECK(node.available_msat(merchant.pubkey()) == 2'000'000 - 40'000);

    const json ledger = reward_ledger(merchant);
    CHECK(ledger["credited_today_msat"] == 40'000);
    REQUIRE(ledger["rewards"].size() == 1);
    CHECK(ledger["rewards"][0]["state"] == "credited");
    CHECK(ledger["rewards"][0]["amount_msat"] == 40'000);
    CHECK(ledger["rewards"][0]["purchase_msat"] == 2'000'000);
    CHECK(ledger["rewards"][0]["card_id"] == node.issuer().card_id(customer.card.uid));
    CHECK(ledger["rewards"][0]["ref"].get<std::string>().size() == 64);
    // The holder sees the reward beside the payment.
    const json mine = json_of(customer.user.call("GET", "/api/v1/cards"));
    CHECK(mine["cards"][0]["payments"][0]["reward_msat"] == 40'000);
    CHECK(mine["lightning_msat"] == 8'040'000);

    // Another payment rewards only itself: the first one is not credited again.
    REQUIRE(pos.pay(customer.card.tap(), merchant_invoice(merchant, 1'000)).status == 200);
    CHECK(node.available_msat(customer.user.pubkey()) == 8'040'000 - 1'000'000 + 25'000);
    CHECK(reward_ledger(merchant)["rewards"].size() == 2);

    // A payment to someone without a rule is not rewarded.
    const ApiUser shop(node.url());
    REQUIRE(pos.pay(customer.card.tap(), merchant_invoice(shop, 500)).status == 200);
    CHECK(node.available_msat(shop.pubkey()) == 500'000);
    CHECK(reward_ledger(shop)["rewards"].empty());
}

TEST_CASE_METHOD(CardShop, "rewards stop at the caps per card per day and per merchant per day", "[rewards]") {
    node.fund(merchant.pubkey(), 10'000);
    Customer alice(node, 10'000), bob(node, 10'000);
    set_rule(merchant, {{"per_tap_sat", 100}, {"cap_per_card_day_sat", 250}, {"cap_per_merchant_day_sat", 400}});

    const auto buy = [&](Customer& who) {
        REQUIRE(pos.pay(who.card.tap(), merchant_invoice(merchant, 1'000)).status == 200);
    };
    for (int i = 0; i < 4; ++i) buy(alice);  // 100 + 100 + 50 (the card's cap), then none
    CHECK(node.available_msat(alice.user.pubkey()) == 10'000'000 - 4'000'000 + 250'000);
    for (int i = 0; i < 3; ++i) buy(bob);  // 100 + 50 (the merchant's cap), then none
    CHECK(node.available_msat(bob.user.pubkey()) == 10'000'000 - 3'000'000 + 150'000);

    const json ledger = reward_ledger(merchant);
    CHECK(ledger["credited_today_msat"] == 400'000);
    REQUIRE(ledger["rewards"].size() == 7);  // newest first
    CHECK(ledger["rewards"][0]["state"] == "refused");
    CHECK(ledger["rewards"][0]["reason"] == "merchant_cap");
    CHECK(ledger["rewards"][1]["amount_msat"] == 50'000);
    CHECK(ledger["rewards"][3]["state"] == "refused");
    CHECK(ledger["rewards"][3]["reason"] == "card_cap");
    CHECK(ledger["rewards"][4]["amount_msat"] == 50'000);
    CHECK(node.available_msat(merchant.pubkey()) == 10'000'000 + 7'000'000 - 400'000);

    // The next day the caps start again.
    node.clock.next_day();
    buy(alice);
    CHECK(node.available_msat(alice.user.pubkey()) == 10'000'000 - 5'000'000 + 350'000);
    CHECK(reward_ledger(merchant)["credited_today_msat"] == 100'000);
}

TEST_CASE_METHOD(CardShop, "a merchant short of balance gives no reward and the payment stands", "[rewards]") {
    Customer customer(node, 10'000);
    set_rule(merchant, {{"per_tap_sat", 5'000}, {"cap_per_card_day_sat", 10'000}, {"cap_per_merchant_day_sat", 10'000}});

    // The merchant holds only the 1,000 sat just received: the 5,000 sat reward is refused.
    REQUIRE(pos.pay(customer.card.tap(), merchant_invoice(merchant, 1'000)).status == 200);
    CHECK(node.available_msat(merchant.pubkey()) == 1'000'000);
    CHECK(node.available_msat(customer.user.pubkey()) == 9'000'000);
    const json ledger = reward_ledger(merchant);
    REQUIRE(ledger["rewards"].size() == 1);
    CHECK(ledger["rewards"][0]["state"] == "refused");
    CHECK(ledger["rewards"][0]["reason"] == "merchant_balance");
    CHECK(ledger["rewards"][0]["amount_msat"] == 0);

    // Refused for good: funding the merchant later does not pay that reward, the next one it does.
    node.fund(merchant.pubkey(), 10'000);
    REQUIRE(pos.pay(customer.card.tap(), merchant_invoice(merchant, 1'000)).status == 200);
    CHECK(node.available_msat(customer.user.pubkey()) == 9'000'000 - 1'000'000 + 5'000'000);
    CHECK(reward_ledger(merchant)["rewards"].size() == 2);
}

TEST_CASE_METHOD(CardShop, "an inactive rule rewards nothing, and turning it on does not reach back", "[rewards]") {
    node.fund(merchant.pubkey(), 10'000);
    Customer customer(node, 10'000);
    const json off = {{"per_tap_sat", 100}, {"cap_per_card_day_sat", 1'000}, {"cap_per_merchant_day_sat", 1'000},
                      {"active", false}};
    CHECK(set_rule(merchant, off)["active"] == false);
    REQUIRE(pos.pay(customer.card.tap(), merchant_invoice(merchant, 1'000)).status == 200);

    json on = off;
    on["active"] = true;
    set_rule(merchant, on);
    REQUIRE(pos.pay(customer.card.tap(), merchant_invoice(merchant, 1'000)).status == 200);
    const json ledger = reward_ledger(merchant);
    REQUIRE(ledger["rewards"].size() == 1);  // only the payment made while the rule was on
    CHECK(ledger["rewards"][0]["amount_msat"] == 100'000);
    CHECK(node.available_msat(customer.user.pubkey()) == 10'000'000 - 2'000'000 + 100'000);
}

TEST_CASE_METHOD(CardShop, "reward rules refuse bad input with the API's errors", "[rewards]") {
    const json good = {{"per_tap_sat", 1}, {"cap_per_card_day_sat", 1}, {"cap_per_merchant_day_sat", 1}};
    const auto refused = [&](const json& change, const std::string& code) {
        json rule = good;
        rule.update(change);
        const auto answer = merchant.call("POST", "/api/v1/merchant/rewards", rule.dump());
        INFO(answer.body);
        CHECK(answer.status == 400);
        CHECK(json_of(answer)["code"] == code);
    };
    refused({{"percent", 150}}, "bad_request");
    refused({{"percent", -1}}, "bad_request");
    refused({{"percent", 1.234}}, "bad_request");
    refused({{"percent", "5"}}, "bad_request");
    refused({{"per_tap_sat", -1}}, "bad_request");
    refused({{"per_tap_sat", 0}}, "bad_argument");  // gives nothing
    refused({{"cap_per_card_day_sat", 0}}, "bad_argument");
    refused({{"cap_per_merchant_day_sat", nullptr}}, "bad_request");
    refused({{"active", "yes"}}, "bad_request");
    CHECK(merchant.call("POST", "/api/v1/merchant/rewards", "[1]").status == 400);
    CHECK(merchant.call("POST", "/api/v1/merchant/rewards", good.dump(), false).status == 401);
    CHECK(merchant.call("GET", "/api/v1/merchant/rewards/ledger", "", false).status == 401);
    CHECK(merchant.call("DELETE", "/api/v1/merchant/rewards").status == 405);
    CHECK(merchant.call("POST", "/api/v1/merchant/rewards/ledger").status == 405);
    CHECK(merchant.call("GET", "/api/v1/merchant/rewards").status == 404);  // nothing was set
}

TEST_CASE("rewards left due by a stop are credited once, though two connections settle them", "[rewards]") {
    test::TempDir dir;
    CardNode node(dir.str(), false);
    const ApiUser merchant(node.url());
    const PointOfSale pos(node.url());
    node.fund(merchant.pubkey(), 100'000);
    Customer customer(node, 100'000);
    set_rule(merchant, {{"per_tap_sat", 10}, {"cap_per_card_day_sat", 1'000}, {"cap_per_merchant_day_sat", 1'000}});
    for (int i = 0; i < 10; ++i)
        REQUIRE(pos.pay(customer.card.tap(), merchant_invoice(merchant, 1'000)).status == 200);
    CHECK(reward_ledger(merchant)["rewards"].empty());

    std::atomic<std::size_t> recorded{0};
    const auto settle = [&] {
        node::merchant::rewards::Rewards rewards(node::open_sqlite_store(dir.str()),
                                                 node::open_sqlite_store(dir.str(), node::sqlite_mint_file),
                                                 [&] { return node.clock(); });
        for (int i = 0; i < 5; ++i) recorded += rewards.settle();
    };
    std::thread a(settle), b(settle);
    a.join();
    b.join();
    CHECK(recorded == 10);
    CHECK(reward_ledger(merchant)["rewards"].size() == 10);
    CHECK(node.available_msat(customer.user.pubkey()) == 100'000'000 - 10'000'000 + 100'000);
    CHECK(node.available_msat(merchant.pubkey()) == 100'000'000 + 10'000'000 - 100'000);
}
