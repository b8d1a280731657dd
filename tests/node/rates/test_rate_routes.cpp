// GET /api/v1/rates: 503 with the API's error body while no rate is known, then the rates with the
// source's name (the fake labelled "fake"), a failed refresh keeping the last good rates; other
// methods refused; and no NIP-98 needed, through the node's ApiRoutes.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "node/api/api_routes.hpp"
#include "node/bitcoin/chain_service.hpp"
#include "node/lightning/lightning_accounts.hpp"
#include "node/lightning/make_backend.hpp"
#include "node/rates/fake_rates.hpp"
#include "node/rates/rate_service.hpp"
#include "node/storage/node_store.hpp"
#include "scripted_rates.hpp"
#include "support/temp_dir.hpp"

using namespace flash::node;
using flash::test::ScriptedRates;
using flash::test::TestClock;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

Request request(http::verb method = http::verb::get, const std::string& target = "/api/v1/rates") {
    return Request{method, target, 11};
}

json body_of(const Response& response) {
    INFO(response.body());
    return json::parse(response.body());
}

}  // namespace

TEST_CASE("rates route: unavailable until a rate is known, then the rates and their source", "[rates][api]") {
    TestClock clock;
    auto owned = std::make_unique<ScriptedRates>();
    ScriptedRates& source = *owned;
    rates::RateService service(std::move(owned), 60s, clock.function());
    api::RateRoutes routes(service);
    CHECK(api::RateRoutes::serves("/api/v1/rates"));
    CHECK_FALSE(api::RateRoutes::serves("/api/v1/rates/EUR"));

    source.then(ScriptedRates::Outcome{rates::RateErrc::unavailable});
    service.refresh();
    const Response none = routes.handle(request());
    CHECK(none.result() == http::status::service_unavailable);
    CHECK(none[http::field::content_type] == "application/json");
    CHECK(body_of(none)["code"] == "unavailable");
    CHECK(body_of(none)["error"].is_string());

    const std::int64_t learned = clock.now += 60;
    source.then(std::vector<ScriptedRates::Quote>{{"EUR", 80123.45}, {"BRL", 500'000}});
    service.refresh();
    const Response known = routes.handle(request());
    REQUIRE(known.result() == http::status::ok);
    const json body = body_of(known);
    CHECK(body["source"] == "scripted");
    CHECK(body["rates"].size() == 2);
    CHECK(body["rates"]["EUR"]["per_btc"] == 80123.45);
    CHECK(body["rates"]["EUR"]["at"] == learned);
    CHECK(body["rates"]["BRL"]["per_btc"] == 500'000);

    // The source fails later: the same rates, with the time they were learned.
    clock.now += 600;
    source.then(ScriptedRates::Outcome{rates::RateErrc::malformed});
    service.refresh();
    const json stale = body_of(routes.handle(request()));
    CHECK(stale["rates"]["EUR"]["per_btc"] == 80123.45);
    CHECK(stale["rates"]["EUR"]["at"] == learned);

    const Response post = routes.handle(request(http::verb::post));
    CHECK(post.result() == http::status::method_not_allowed);
    CHECK(body_of(post)["code"] == "method_not_allowed");
}

TEST_CASE("rates route: served without NIP-98 by the node's API, fake rates labelled", "[rates][api]") {
    flash::test::TempDir dir;
    Config config;
    config.data_dir = dir.str();
    config.chain.fake_block_interval_s = 0;
    const auto now = [] { return std::int64_t{1'700'000'000}; };
    Metrics metrics;
    api::RequestAuthenticator auth("http", {});
    const auto lightning = lightning::make_backend(config.lightning, config.data_dir);
    lightning::LightningAccounts accounts(*lightning, open_sqlite_store(config.data_dir), now);
    bitcoin::ChainService chain(config);
    api::ChainRoutes chain_routes(chain, open_sqlite_store(config.data_dir), now);
    api::ApiRoutes api(api::NodeInfo{"regtest", "fake", "fake", 1}, auth, accounts, chain_routes, metrics, now);

    const ClientInfo client{"127.0.0.1"};
    CHECK(api.handle(request(), client)->result() == http::status::unauthorized);  // not wired yet: any other route

    rates::RateService service(std::make_unique<rates::FakeRates>(), 60s, now);
    service.refresh();
    api::RateRoutes routes(service);
    api.set_rate_routes(routes);
    const std::optional<Response> answer = api.handle(request(), client);  // no Authorization header
    REQUIRE(answer);
    REQUIRE(answer->result() == http::status::ok);
    const json body = body_of(*answer);
    CHECK(body["source"] == "fake");
    CHECK(body["rates"].size() == 5);
    CHECK(body["rates"]["EUR"]["per_btc"] == 80'000);
    CHECK(body["rates"]["EUR"]["at"] == 1'700'000'000);
    // The other routes still want a signature.
    CHECK(api.handle(request(http::verb::get, "/api/v1/balance"), client)->result() == http::status::unauthorized);
}
