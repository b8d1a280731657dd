// Flash Cards: what a holder, a point of sale or anyone else may send that the node must refuse:
// 4xx with the API's error format ({error, code}) on the NIP-98 routes and LNURL's
// ({"status":"ERROR","reason"}) on the card's own, never a 500.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cards_fixture.hpp"

using namespace flash;
using namespace flash::test;
using nlohmann::json;

namespace {

/// A 4xx answer in the API's format with `code`.
void check_api_error(const node::net::HttpResponse& response, unsigned status, const std::string& code) {
    INFO(response.body);
    CHECK(response.status == status);
    const json body = json::parse(response.body, nullptr, false);
    REQUIRE(body.is_object());
    CHECK(body.value("code", "") == code);
    CHECK(body.contains("error"));
}

}  // namespace

TEST_CASE_METHOD(CardShop, "card registration and settings refuse bad input with the API's errors", "[cards]") {
    const ApiUser other(node.url());

    check_api_error(holder.call("POST", "/api/v1/cards", json{{"uid", card.uid_hex()}}.dump(), false), 401,
                    "unauthorized");
    check_api_error(holder.call("GET", "/api/v1/cards", "", false), 401, "unauthorized");
    check_api_error(holder.call("POST", "/api/v1/cards", "{\"uid\":"), 400, "bad_request");
    check_api_error(holder.call("POST", "/api/v1/cards", "{}"), 400, "bad_request");
    check_api_error(holder.call("POST", "/api/v1/cards", json{{"uid", 42}}.dump()), 400, "bad_request");
    for (const std::string uid : {"04a39493cc868", "04a39493cc868000", "04a39493cc86zz", "", "04 39493cc8680"})
        check_api_error(holder.call("POST", "/api/v1/cards", json{{"uid", uid}}.dump()), 400, "bad_uid");
    check_api_error(holder.call("POST", "/api/v1/cards", json{{"uid", card.uid_hex()}, {"max_payment_sat", 0}}.dump()),
                    400, "bad_argument");
    check_api_error(holder.call("POST", "/api/v1/cards", json{{"uid", card.uid_hex()}, {"max_day_sat", -5}}.dump()),
                    400, "bad_request");
    const json long_name = {{"uid", card.uid_hex()}, {"name", std::string(65, 'x')}};
    check_api_error(holder.call("POST", "/api/v1/cards", long_name.dump()), 400, "bad_argument");
    check_api_error(holder.call("DELETE", "/api/v1/cards"), 405, "method_not_allowed");

    const json registered = test::register_card(holder, card);
    const std::string id = registered["card"]["id"];
    // Someone else cannot take the card, see it, change it or wipe it.
    check_api_error(other.call("POST", "/api/v1/cards", json{{"uid", card.uid_hex()}}.dump()), 409, "card_taken");
    check_api_error(other.call("PATCH", "/api/v1/cards/" + id, json{{"enabled", false}}.dump()), 404, "not_found");
    check_api_error(other.call("POST", "/api/v1/cards/" + id + "/wipe"), 404, "not_found");
    CHECK(json_of(other.call("GET", "/api/v1/cards"))["cards"].empty());

    check_api_error(holder.call("PATCH", "/api/v1/cards/" + id, json{{"enabled", "no"}}.dump()), 400, "bad_request");
    check_api_error(holder.call("PATCH", "/api/v1/cards/" + id, json{{"max_day_sat", "many"}}.dump()), 400,
                    "bad_request");
    check_api_error(holder.call("PATCH", "/api/v1/cards/" + id, "[]"), 400, "bad_request");
    check_api_error(holder.call("PATCH", "/api/v1/cards/nothing", "{}"), 404, "not_found");
    check_api_error(holder.call("GET", "/api/v1/cards/" + id), 405, "method_not_allowed");
    check_api_error(holder.call("GET", "/api/v1/cards/" + id + "/wipe"), 405, "method_not_allowed");
    check_api_error(holder.call("POST", "/api/v1/cards/" + id + "/more/wipe"), 404, "not_found");

    // Once wiped, the card can be registered by someone else (a card handed on).
    REQUIRE(holder.call("POST", "/api/v1/cards/" + id + "/wipe").status == 200);
    REQUIRE(holder.call("POST", "/api/v1/cards/" + id + "/wipe").status == 200);  // again: the keys again
    const auto taken = other.call("POST", "/api/v1/cards", json{{"uid", card.uid_hex()}}.dump());
    CHECK(taken.status == 200);
    CHECK(json_of(taken)["card"]["version"] == 2);
    CHECK(json_of(holder.call("GET", "/api/v1/cards"))["cards"].empty());
}

TEST_CASE_METHOD(CardShop, "the card's LNURL routes refuse bad input with LNURL's errors, never 500", "[cards]") {
    test::register_card(holder, card);
    node.fund(holder.pubkey(), 1'000);

    const std::string good = card.tap_at(1);
    const std::string p = good.substr(2, 32), c = good.substr(good.find("c=") + 2);
    const std::vector<std::string> bad_taps = {"",
                                               "p=" + p,
                                               "c=" + c,
                                               "p=&c=" + c,
                                               "p=" + p.substr(1) + "&c=" + c,
                                               "p=" + p + "00&c=" + c,
                                               "p=" + std::string(32, 'g') + "&c=" + c,
                                               "p=" + p + "&c=" + c.substr(2),
                                               "p=" + p + "&c=" + std::string(16, 'x'),
                                               "p=" + p + "&c=" + c + "%zz"};
    for (const std::string& query : bad_taps) {
        INFO(query);
        check_lnurl_error(pos.tap(query), 400, "bad_tap");
    }
    check_lnurl_error(ApiUser(node.url()).call("POST", "/api/v1/cards/tap?" + good, "", false), 405, "");

    const json offer = json_of(pos.tap(good));
    const std::string callback = offer["callback"], k1 = offer["k1"];
    const ApiUser anyone(node.url());
    check_lnurl_error(anyone.call("GET", "/api/v1/cards/callback", "", false), 400, "bad_lnurl");
    check_lnurl_error(anyone.call("GET", "/api/v1/cards/callback?k1=" + k1, "", false), 400, "bad_lnurl");
    check_lnurl_error(anyone.call("GET", "/api/v1/cards/callback?pr=lnbcrt1", "", false), 400, "bad_lnurl");
    check_lnurl_error(pos.send_invoice(callback, std::string(64, 'a'), merchant_invoice(merchant, 10)), 404,
                      "unknown_tap");
    check_lnurl_error(pos.send_invoice(callback, k1, "lnbcrt1garbage"), 400, "bad_invoice");
    check_lnurl_error(pos.send_invoice(callback, k1, merchant_invoice(holder, 10)), 400, "own_invoice");
    check_lnurl_error(pos.send_invoice(callback, k1, merchant_invoice(merchant, 1'001)), 400, "insufficient_balance");
    // None of it used the k1 or moved the card's counter.
    CHECK(pos.send_invoice(callback, k1, merchant_invoice(merchant, 1'000)).status == 200);
    CHECK(node.available_msat(holder.pubkey()) == 0);
}
