// The pieces the Flash Card and reward tests share: flash-node's API (api_fixture.hpp) with the
// cards' and rewards' routes (the fake Lightning backend, whose invoices nobody outside pays in
// these tests), users funded straight in the ledger, a point of sale that follows the
// LNURL-withdraw flow over HTTP, and a simulated card that writes p and c with the keys its
// registration gave (core encode_tap()).
#pragma once
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "api_fixture.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/random.hpp"
#include "core/lightning/boltcard_sun.hpp"
#include "ledger_fixture.hpp"
#include "node/merchant/cards/card_issuer.hpp"
#include "node/merchant/cards/card_registry.hpp"
#include "node/merchant/cards/card_withdraw.hpp"
#include "node/merchant/cards/spending_day.hpp"
#include "node/merchant/rewards/rewards.hpp"
#include "support/temp_dir.hpp"

namespace flash::test {

/// The clock of the card and reward services: noon (UTC) today, so that no test straddles
/// midnight, moved on by whole days on request. (NIP-98 keeps the real clock.)
class CardClock {
public:
    std::int64_t operator()() const { return noon_ + offset_.load(); }
    void next_day() { offset_ += node::merchant::cards::seconds_per_day; }

private:
    std::int64_t noon_ = node::merchant::cards::utc_day_start(unix_now()) + 43'200;
    std::atomic<std::int64_t> offset_{0};
};

/// The node API with the cards' and rewards' routes.
class CardNode : public ApiNode {
public:
    /// Without `settle_rewards`, card payments leave their rewards due (a node stopped before).
    explicit CardNode(const std::string& data_dir, bool settle_rewards = true)
        : ApiNode(card_config(data_dir)),
          issuer_(node::merchant::cards::CardIssuer::load(data_dir)),
          registry_(issuer_, node::open_sqlite_store(data_dir), [this] { return clock(); }),
          withdraw_(issuer_, accounts_, node::open_sqlite_store(data_dir), [this] { return clock(); }),
          rewards_(node::open_sqlite_store(data_dir), node::open_sqlite_store(data_dir, node::sqlite_mint_file),
                   [this] { return clock(); }),
          card_routes_(registry_, accounts_, "http", ""),
          card_lnurl_routes_(withdraw_, "http", ""),
          reward_routes_(rewards_) {
        if (settle_rewards) withdraw_.set_on_paid([this] { rewards_.settle(); });
        api_.set_card_routes(card_routes_, card_lnurl_routes_, reward_routes_);
        start();
    }
    ~CardNode() { stop(); }

    const node::merchant::cards::CardIssuer& issuer() const { return issuer_; }

    /// Credits `user` `sat` as if an invoice of theirs had been paid.
    void fund(const std::string& user, std::uint64_t sat) const {
        test::fund(node::open_sqlite_store(config_.data_dir)->ledger(), user, sat * 1000, unix_now());
    }
    std::int64_t available_msat(const std::string& user) const {
        return node::open_sqlite_store(config_.data_dir)->ledger().balance(user).available_msat;
    }

    CardClock clock;

private:
    static node::Config card_config(const std::string& data_dir) {
        node::Config config = config_for(data_dir);
        config.lightning.fake_settle_ms = 24 * 3600 * 1000;  // the fake's simulated payer stays away
        return config;
    }

    node::merchant::cards::CardIssuer issuer_;
    node::merchant::cards::CardRegistry registry_;
    node::merchant::cards::CardWithdraw withdraw_;
    node::merchant::rewards::Rewards rewards_;
    node::api::CardRoutes card_routes_;
    node::api::CardLnurlRoutes card_lnurl_routes_;
    node::api::RewardRoutes reward_routes_;
};

/// A Bolt Card as its registration programmed it: every tap() is the next counter's p and c.
class SimulatedCard {
public:
    ByteArray<7> uid = crypto::random_array<7>();
    std::uint32_t counter = 0;

    std::string uid_hex() const { return codec::hex_encode(uid); }
    /// Writes the keys of a registration's "programming" (or of a wipe) to the card.
    void program(const nlohmann::json& keys) {
        k1_ = codec::hex_decode(keys.at("k1").get<std::string>());
        k2_ = codec::hex_decode(keys.at("k2").get<std::string>());
        counter = 0;
    }
    /// The query string of the card's next tap ("p=...&c=...").
    std::string tap() { return tap_at(++counter); }
    /// The query string the card writes with `at` as its counter.
    std::string tap_at(std::uint32_t at) const {
        const lightning::boltcard::TapParams params = lightning::boltcard::encode_tap({uid, at}, k1_, k2_);
        return "p=" + params.p + "&c=" + params.c;
    }

private:
    Bytes k1_;
    Bytes k2_;
};

/// A point of sale: reads taps and sends invoices over the cards' LNURL-withdraw routes.
class PointOfSale {
public:
    explicit PointOfSale(std::string node_url) : node_url_(std::move(node_url)), http_(node_url_) {}

    /// GET /api/v1/cards/tap?<query>.
    node::net::HttpResponse tap(const std::string& query) const {
        return http_.call("GET", "/api/v1/cards/tap?" + query, "", false);
    }
    /// GET <callback>?k1=<k1>&pr=<invoice> (the callback is this node's). Thread-safe (no
    /// Catch2 assertion inside).
    node::net::HttpResponse send_invoice(const std::string& callback, const std::string& k1,
                                         const std::string& invoice) const {
        if (!callback.starts_with(node_url_)) throw std::invalid_argument("a callback to another host: " + callback);
        return http_.call("GET", callback.substr(node_url_.size()) + "?k1=" + k1 + "&pr=" + invoice, "", false);
    }
    /// A tap and the invoice sent for it: the whole payment. Returns the callback's answer, or
    /// the tap's when it was refused.
    node::net::HttpResponse pay(const std::string& query, const std::string& invoice) const {
        const node::net::HttpResponse offered = tap(query);
        if (offered.status != 200) return offered;
        const nlohmann::json offer = json_of(offered);
        return send_invoice(offer.at("callback"), offer.at("k1"), invoice);
    }

private:
    std::string node_url_;
    ApiUser http_;  ///< unsigned calls only: the card routes have no NIP-98
};

/// The reason of an LNURL error answer ("" when the body is not one).
inline std::string lnurl_reason(const node::net::HttpResponse& response) {
    const nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
    if (!body.is_object() || body.value("status", "") != "ERROR") return "";
    return body.value("reason", "");
}

/// A 4xx answer in LNURL's format whose reason starts with `code`.
inline void check_lnurl_error(const node::net::HttpResponse& response, unsigned status, const std::string& code) {
    INFO(response.body);
    CHECK(response.status == status);
    CHECK(lnurl_reason(response).starts_with(code));
}

/// A merchant's invoice of `sat` made through the API.
inline std::string merchant_invoice(const ApiUser& merchant, std::uint64_t sat) {
    const auto made = merchant.call("POST", "/api/v1/lightning/invoices", nlohmann::json{{"amount_sat", sat}}.dump());
    REQUIRE(made.status == 201);
    return json_of(made).at("bolt11");
}

/// Registers a fresh card for `holder` and programs `card` with the answer's keys.
inline nlohmann::json register_card(const ApiUser& holder, SimulatedCard& card, const nlohmann::json& extra = {}) {
    nlohmann::json body = {{"uid", card.uid_hex()}};
    if (extra.is_object()) body.update(extra);
    const auto answer = holder.call("POST", "/api/v1/cards", body.dump());
    REQUIRE((answer.status == 201 || answer.status == 200));
    const nlohmann::json registered = json_of(answer);
    card.program(registered.at("programming"));
    return registered;
}

/// What most card and reward tests start from: a card node over a fresh data directory, a
/// merchant with a point of sale, and a holder with a card not yet registered.
struct CardShop {
    TempDir dir;
    CardNode node{dir.str()};
    ApiUser merchant{node.url()};
    PointOfSale pos{node.url()};
    ApiUser holder{node.url()};
    SimulatedCard card;
};

}  // namespace flash::test
