// The demo's simulated Flash Card tap (node/api/demo_card_routes.hpp): on the fake Lightning
// backend the node makes the holder's card's next tap link with the card's keys; a point of sale
// follows it over the card's LNURL-withdraw routes like a real card's and pays a merchant, whose
// reward reaches the holder. Only the holder gets a tap of their card, a copy of a paid link is a
// replay, a wiped card makes none, and a node with another Lightning backend refuses the route.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "cards_fixture.hpp"
#include "node/api/demo_card_routes.hpp"
#include "node/lightning/make_backend.hpp"
#include "node/lightning/scripted_backend.hpp"

using namespace flash;
using flash::test::ApiUser;
using flash::test::CardNode;
using flash::test::PointOfSale;
using flash::test::SimulatedCard;
using flash::test::json_of;
using flash::test::lnurl_reason;
using flash::test::merchant_invoice;
using nlohmann::json;

namespace {

/// The demo routes over the node's data directory (their own connection, as in flash-node) with
/// `lightning` as the node's backend, called as ApiRoutes calls them once NIP-98 named `user`.
class DemoTaps {
public:
    DemoTaps(const CardNode& node, const std::string& data_dir, const node::lightning::LightningBackend& lightning)
        : host_(node.url().substr(std::string("http://").size())),
          registry_(node.issuer(), node::open_sqlite_store(data_dir), [&node] { return node.clock(); }),
          routes_(registry_, lightning, "http", "") {}

    node::Response call(const std::string& user, const std::string& card_id, const std::string& action = "/tap",
                        node::http::verb method = node::http::verb::post) {
        const std::string target = "/api/v1/fake/cards/" + card_id + action;
        node::Request request{method, target, 11};
        request.set(node::http::field::host, host_);
        return routes_.handle(request, target, user);
    }

    /// A tap of `user`'s card `card_id` that must succeed.
    json tap(const std::string& user, const std::string& card_id) {
        const node::Response answer = call(user, card_id);
        INFO(answer.body());
        REQUIRE(answer.result() == node::http::status::ok);
        return json::parse(answer.body());
    }

private:
    std::string host_;
    node::merchant::cards::CardRegistry registry_;
    node::api::DemoCardRoutes routes_;
};

/// The query ("p=..&c=..") of a tap link.
std::string query_of(const json& tap) {
    const std::string url = tap.at("url");
    return url.substr(url.find('?') + 1);
}

/// An answer in the API's error format with `status` and `code`.
void check_refused(const node::Response& answer, node::http::status status, const std::string& code) {
    INFO(answer.body());
    CHECK(answer.result() == status);
    CHECK(json::parse(answer.body()).value("code", "") == code);
}

}  // namespace

TEST_CASE("a simulated tap pays at the point of sale like the card's own, reward included", "[cards][demo]") {
    test::TempDir dir, lightning_dir;
    CardNode node(dir.str());
    const auto fake = node::lightning::make_backend(node::LightningConfig{}, lightning_dir.str());
    DemoTaps demo(node, dir.str(), *fake);
    const ApiUser holder(node.url()), merchant(node.url()), stranger(node.url());
    const PointOfSale pos(node.url());
    SimulatedCard card;
    const std::string id = test::register_card(holder, card)["card"]["id"];
    node.fund(holder.pubkey(), 10'000);
    REQUIRE(merchant.call("POST", "/api/v1/merchant/rewards",
                          json{{"per_tap_sat", 21}, {"cap_per_card_day_sat", 100}, {"cap_per_merchant_day_sat", 1'000}}
                              .dump())
                .status == 200);

    const json first = demo.tap(holder.pubkey(), id);
    CHECK(first["card_id"] == id);
    CHECK(first["counter"] == 1);
    CHECK(first["simulated"] == true);
    CHECK(first["url"].get<std::string>().starts_with("lnurlw://" + node.url().substr(7) + "/api/v1/cards/tap?p="));
    // The card's own keys made it: it is exactly what the programmed card writes at counter 1 (p
    // differs only by the random padding), so the node reads it as the card's tap.
    const auto offered = pos.tap(query_of(first));
    REQUIRE(offered.status == 200);
    CHECK(json_of(offered)["defaultDescription"] == "Flash Card");

    const auto paid = pos.pay(query_of(first), merchant_invoice(merchant, 1'500));
    CHECK(paid.status == 200);
    CHECK(json_of(paid) == json{{"status", "OK"}});
    // 1,500 sat to the merchant, 21 sat of reward back to the holder.
    CHECK(node.available_msat(holder.pubkey()) == 10'000'000 - 1'500'000 + 21'000);
    CHECK(node.available_msat(merchant.pubkey()) == 1'500'000 - 21'000);
    const json ledger = json_of(merchant.call("GET", "/api/v1/merchant/rewards/ledger"));
    REQUIRE(ledger["rewards"].size() == 1);
    CHECK(ledger["rewards"][0]["state"] == "credited");
    CHECK(ledger["rewards"][0]["card_id"] == id);

    // The next simulated tap is the next counter; the paid link is a replay now.
    const json second = demo.tap(holder.pubkey(), id);
    CHECK(second["counter"] == 2);
    const auto replayed = pos.pay(query_of(first), merchant_invoice(merchant, 100));
    CHECK(replayed.status == 400);
    CHECK(lnurl_reason(replayed).starts_with("replayed"));
    // A tap never paid with stays usable (as a real card's does): asking again gives the same counter.
    CHECK(demo.tap(holder.pubkey(), id)["counter"] == 2);
    CHECK(pos.pay(query_of(second), merchant_invoice(merchant, 100)).status == 200);
    CHECK(json_of(holder.call("GET", "/api/v1/cards"))["cards"][0]["counter"] == 2);

    // Only the holder taps their card; a wiped card taps no more; other paths and methods are refused.
    check_refused(demo.call(stranger.pubkey(), id), node::http::status::not_found, "not_found");
    check_refused(demo.call(holder.pubkey(), std::string(32, '0')), node::http::status::not_found, "not_found");
    check_refused(demo.call(holder.pubkey(), id, "/tap", node::http::verb::get), node::http::status::method_not_allowed,
                  "method_not_allowed");
    check_refused(demo.call(holder.pubkey(), id, "/tap/again"), node::http::status::not_found, "not_found");
    check_refused(demo.call(holder.pubkey(), id, ""), node::http::status::not_found, "not_found");
    REQUIRE(holder.call("POST", "/api/v1/cards/" + id + "/wipe").status == 200);
    check_refused(demo.call(holder.pubkey(), id), node::http::status::conflict, "card_wiped");
}

TEST_CASE("a node with real Lightning refuses simulated taps", "[cards][demo]") {
    test::TempDir dir;
    CardNode node(dir.str());
    test::ScriptedBackend real;  // any backend but the fake one
    DemoTaps demo(node, dir.str(), real);
    const ApiUser holder(node.url());
    SimulatedCard card;
    const std::string id = test::register_card(holder, card)["card"]["id"];

    const node::Response refused = demo.call(holder.pubkey(), id);
    check_refused(refused, node::http::status::not_found, "not_found");
    CHECK(json::parse(refused.body())["error"].get<std::string>().find("Lightning is real") != std::string::npos);
    // Nothing was tapped: the card's counter is untouched.
    CHECK(json_of(holder.call("GET", "/api/v1/cards"))["cards"][0]["counter"] == 0);
}
