// Flash Cards end to end over HTTP: a holder registers a card (NIP-98), a simulated card taps a
// point of sale, which follows LNURL-withdraw to pay a merchant's invoice from the holder's
// Lightning account; replays, forged taps, disabled and wiped cards, and the limits per payment
// and per day are refused with LNURL's error format, holding nothing.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <thread>

#include "cards_fixture.hpp"

using namespace flash;
using namespace flash::test;
using nlohmann::json;

namespace {

/// The card's entry in the holder's GET /api/v1/cards.
json card_entry(const ApiUser& holder) {
    const json mine = json_of(holder.call("GET", "/api/v1/cards"));
    REQUIRE(mine.at("cards").size() == 1);
    return mine["cards"][0];
}

}  // namespace

TEST_CASE_METHOD(CardShop, "a simulated card pays a merchant's invoice end to end", "[cards]") {
    const json registered = test::register_card(holder, card, {{"name", "blue"}});
    const json programming = registered["programming"];
    CHECK(programming["protocol_name"] == "create_bolt_card_response");
    CHECK(programming["protocol_version"] == 2);
    CHECK(programming["card_name"] == "blue");
    CHECK(programming["lnurlw_base"] == "lnurlw://127.0.0.1:" + node.url().substr(node.url().rfind(':') + 1) +
                                            "/api/v1/cards/tap");
    // The keys are the deterministic ones of the node's issuer key, version 1; the id too.
    const auto keys = node.issuer().keys(card.uid, 1);
    CHECK(programming["k0"] == codec::hex_encode(keys.k0.view()));
    CHECK(programming["k2"] == codec::hex_encode(keys.k2.view()));
    CHECK(programming["k4"] == codec::hex_encode(keys.k4.view()));
    CHECK(registered["card"]["id"] == node.issuer().card_id(card.uid));
    CHECK(registered["card"]["version"] == 1);
    CHECK(registered["card"]["state"] == "active");

    node.fund(holder.pubkey(), 10'000);
    const std::string invoice = merchant_invoice(merchant, 2'100);

    const auto offered = pos.tap(card.tap());
    REQUIRE(offered.status == 200);
    const json offer = json_of(offered);
    CHECK(offer["tag"] == "withdrawRequest");
    CHECK(offer["callback"] == node.url() + "/api/v1/cards/callback");
    CHECK(offer["k1"].get<std::string>().size() == 64);
    CHECK(offer["minWithdrawable"] == 1000);
    CHECK(offer["maxWithdrawable"] == 50'000'000);  // the default limit per payment
    CHECK(offer["defaultDescription"] == "Flash Card blue");

    const auto paid = pos.send_invoice(offer["callback"], offer["k1"], invoice);
    CHECK(paid.status == 200);
    CHECK(json_of(paid) == json{{"status", "OK"}});
    CHECK(node.available_msat(merchant.pubkey()) == 2'100'000);
    CHECK(node.available_msat(holder.pubkey()) == 10'000'000 - 2'100'000);

    // The holder sees the card, its counter, the payment and the balance.
    const json mine = json_of(holder.call("GET", "/api/v1/cards"));
    CHECK(mine["lightning_msat"] == 7'900'000);
    const json entry = mine["cards"][0];
    CHECK(entry["counter"] == 1);
    CHECK(entry["spent_today_msat"] == 2'100'000);
    CHECK(entry["max_payment_sat"] == 50'000);
    REQUIRE(entry["payments"].size() == 1);
    CHECK(entry["payments"][0]["amount_msat"] == 2'100'000);
    CHECK(entry["payments"][0]["state"] == "succeeded");
    CHECK(entry["payments"][0]["internal"] == true);
    CHECK(entry["payments"][0]["counter"] == 1);
    CHECK(entry["payments"][0]["reward_msat"] == 0);

    // The k1 pays once; another user sees none of the card.
    check_lnurl_error(pos.send_invoice(offer["callback"], offer["k1"], merchant_invoice(merchant, 10)),
                      400, "tap_used");
    CHECK(json_of(merchant.call("GET", "/api/v1/cards"))["cards"].empty());
    CHECK(node.available_msat(holder.pubkey()) == 7'900'000);
}

TEST_CASE_METHOD(CardShop, "a replayed or older counter is refused", "[cards]") {
    test::register_card(holder, card);
    node.fund(holder.pubkey(), 10'000);

    const std::string fifth = card.tap_at(5);
    REQUIRE(pos.pay(fifth, merchant_invoice(merchant, 100)).status == 200);

    check_lnurl_error(pos.tap(fifth), 400, "replayed");
    CHECK(lnurl_reason(pos.tap(card.tap_at(3))).starts_with("replayed"));

    // Two taps read before either pays: the later one pays, then the earlier one is a replay.
    const json seventh = json_of(pos.tap(card.tap_at(7)));
    const json eighth = json_of(pos.tap(card.tap_at(8)));
    CHECK(pos.send_invoice(eighth["callback"], eighth["k1"], merchant_invoice(merchant, 100)).status == 200);
    check_lnurl_error(pos.send_invoice(seventh["callback"], seventh["k1"], merchant_invoice(merchant, 100)),
                      400, "replayed");
    CHECK(card_entry(holder)["counter"] == 8);
    CHECK(node.available_msat(holder.pubkey()) == 10'000'000 - 200'000);
    CHECK(node.available_msat(merchant.pubkey()) == 200'000);
}

TEST_CASE_METHOD(CardShop, "a tap whose c does not authenticate it, or of no card of this node, is refused",
                 "[cards]") {
    const json registered = test::register_card(holder, card);
    node.fund(holder.pubkey(), 1'000);

    std::string forged = card.tap_at(1);
    char& last = forged.back();
    last = last == '0' ? '1' : '0';  // one hex digit of c
    check_lnurl_error(pos.tap(forged), 400, "bad_tap");

    // Another issuer's K1: p does not decrypt to a Bolt Card's PICCData under this node's K1 (or,
    // once in 256 keys, to one of a UID nobody registered).
    SimulatedCard stranger;
    stranger.uid = card.uid;
    stranger.program({{"k1", codec::hex_encode(crypto::random_array<16>())},
                      {"k2", registered["programming"]["k2"]}});
    const std::string refused = lnurl_reason(pos.tap(stranger.tap()));
    CHECK((refused.starts_with("bad_tap") || refused.starts_with("unknown_card")));

    // This node's K1 (shared by its cards) but a UID it never registered.
    SimulatedCard unregistered;
    unregistered.program(registered["programming"]);
    check_lnurl_error(pos.tap(unregistered.tap()), 404, "unknown_card");

    // The genuine tap still passes: nothing above moved the card's counter.
    CHECK(pos.tap(card.tap_at(1)).status == 200);
}

TEST_CASE_METHOD(CardShop, "a disabled card pays nothing until enabled; a wiped card never again", "[cards]") {
    const json registered = test::register_card(holder, card);
    const std::string id = registered["card"]["id"];
    node.fund(holder.pubkey(), 5'000);

    const json read_before = json_of(pos.tap(card.tap()));
    const auto disabled = holder.call("PATCH", "/api/v1/cards/" + id, json{{"enabled", false}}.dump());
    REQUIRE(disabled.status == 200);
    CHECK(json_of(disabled)["state"] == "disabled");

    check_lnurl_error(pos.tap(card.tap()), 400, "card_disabled");
    // A k1 given before the card was disabled does not pay either.
    check_lnurl_error(pos.send_invoice(read_before["callback"], read_before["k1"], merchant_invoice(merchant, 100)),
                      400, "card_disabled");
    CHECK(node.available_msat(holder.pubkey()) == 5'000'000);

    REQUIRE(holder.call("PATCH", "/api/v1/cards/" + id, json{{"enabled", true}}.dump()).status == 200);
    CHECK(pos.pay(card.tap(), merchant_invoice(merchant, 100)).status == 200);

    // Wipe: the answer carries the keys to reset the card with; the card pays no more.
    const auto wiped = holder.call("POST", "/api/v1/cards/" + id + "/wipe");
    REQUIRE(wiped.status == 200);
    const json wipe = json_of(wiped)["wipe"];
    CHECK(wipe["action"] == "wipe");
    CHECK(wipe["version"] == 1);
    CHECK(wipe["k0"] == registered["programming"]["k0"]);
    CHECK(wipe["k2"] == registered["programming"]["k2"]);
    CHECK(json_of(wiped)["card"]["state"] == "wiped");
    CHECK(lnurl_reason(pos.tap(card.tap())).starts_with("card_wiped"));
    const auto patched = holder.call("PATCH", "/api/v1/cards/" + id, json{{"enabled", true}}.dump());
    CHECK(patched.status == 409);
    CHECK(json_of(patched)["code"] == "card_wiped");

    // Registered again: version 2, new keys, counter from 0; taps under the old keys fail.
    const std::string old_tap = card.tap();
    const json again = test::register_card(holder, card);
    CHECK(again["card"]["version"] == 2);
    CHECK(again["card"]["counter"] == 0);
    CHECK(again["programming"]["k2"] != registered["programming"]["k2"]);
    CHECK(again["programming"]["k1"] == registered["programming"]["k1"]);
    CHECK(lnurl_reason(pos.tap(old_tap)).starts_with("bad_tap"));
    CHECK(pos.pay(card.tap(), merchant_invoice(merchant, 100)).status == 200);
    CHECK(node.available_msat(holder.pubkey()) == 5'000'000 - 200'000);
}

TEST_CASE_METHOD(CardShop, "limits per payment and per day", "[cards]") {
    const json registered = test::register_card(holder, card, {{"max_payment_sat", 1'000}, {"max_day_sat", 2'500}});
    CHECK(registered["card"]["max_payment_sat"] == 1'000);
    CHECK(registered["card"]["max_day_sat"] == 2'500);
    node.fund(holder.pubkey(), 10'000);

    const json offer = json_of(pos.tap(card.tap()));
    CHECK(offer["maxWithdrawable"] == 1'000'000);
    check_lnurl_error(pos.send_invoice(offer["callback"], offer["k1"], merchant_invoice(merchant, 1'001)),
                      400, "over_payment_limit");
    // Refused: nothing held, the k1 and the counter are still good.
    CHECK(node.available_msat(holder.pubkey()) == 10'000'000);
    CHECK(pos.send_invoice(offer["callback"], offer["k1"], merchant_invoice(merchant, 1'000)).status == 200);

    CHECK(pos.pay(card.tap(), merchant_invoice(merchant, 1'000)).status == 200);
    // 500 sat left today: offered as the most, and more is refused.
    const json last = json_of(pos.tap(card.tap()));
    CHECK(last["maxWithdrawable"] == 500'000);
    check_lnurl_error(pos.send_invoice(last["callback"], last["k1"], merchant_invoice(merchant, 501)),
                      400, "over_day_limit");
    CHECK(pos.send_invoice(last["callback"], last["k1"], merchant_invoice(merchant, 500)).status == 200);
    check_lnurl_error(pos.tap(card.tap()), 400, "over_day_limit");
    CHECK(node.available_msat(holder.pubkey()) == 10'000'000 - 2'500'000);
    CHECK(card_entry(holder)["spent_today_msat"] == 2'500'000);

    // A new day: the card pays again; a higher limit set by the holder applies at once.
    node.clock.next_day();
    CHECK(pos.pay(card.tap(), merchant_invoice(merchant, 1'000)).status == 200);
    const std::string id = registered["card"]["id"];
    REQUIRE(holder.call("PATCH", "/api/v1/cards/" + id, json{{"max_payment_sat", 3'000}}.dump()).status == 200);
    CHECK(pos.pay(card.tap(), merchant_invoice(merchant, 1'500)).status == 200);
    CHECK(node.available_msat(holder.pubkey()) == 10'000'000 - 5'000'000);
}

TEST_CASE_METHOD(CardShop, "two taps racing for one counter: exactly one pays", "[cards]") {
    test::register_card(holder, card);
    node.fund(holder.pubkey(), 10'000);

    for (int round = 0; round < 5; ++round) {
        // The same tap read twice (a copy of the URL), each read with its own k1, both sent at once.
        const std::string tap = card.tap();
        const json first = json_of(pos.tap(tap));
        const json second = json_of(pos.tap(tap));
        REQUIRE(first["k1"] != second["k1"]);
        const std::string invoice_a = merchant_invoice(merchant, 1'000);
        const std::string invoice_b = merchant_invoice(merchant, 1'000);
        unsigned status_a = 0, status_b = 0;
        std::thread a([&] { status_a = pos.send_invoice(first["callback"], first["k1"], invoice_a).status; });
        std::thread b([&] { status_b = pos.send_invoice(second["callback"], second["k1"], invoice_b).status; });
        a.join();
        b.join();
        CHECK(((status_a == 200) != (status_b == 200)));
        CHECK(node.available_msat(holder.pubkey()) == 10'000'000 - (round + 1) * 1'000'000);
        CHECK(node.available_msat(merchant.pubkey()) == (round + 1) * 1'000'000);
    }
}

TEST_CASE_METHOD(CardShop, "an empty account offers nothing to withdraw (LUD-03)", "[cards]") {
    test::register_card(holder, card);

    const json offer = json_of(pos.tap(card.tap()));
    CHECK(offer["minWithdrawable"] == 0);
    CHECK(offer["maxWithdrawable"] == 0);
    check_lnurl_error(pos.send_invoice(offer["callback"], offer["k1"], merchant_invoice(merchant, 10)),
                      400, "insufficient_balance");
    CHECK(card_entry(holder)["counter"] == 0);  // nothing was paid, so the counter did not move
}
