// The pieces the Flash Card and reward tests share: flash-node's API on a free loopback port with
// the cards' and rewards' routes (the real ApiRoutes on the real Server; the fake Lightning
// backend, whose invoices nobody outside pays in these tests), users funded straight in the
// ledger, a point of sale that follows the LNURL-withdraw flow over HTTP, and a simulated card
// that writes p and c with the keys its registration gave (core encode_tap()).
#pragma once
#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <nlohmann/json.hpp>
#include <string>

#include "btcpay_fixture.hpp"  // ApiUser, unix_now
#include "core/codec/hex.hpp"
#include "core/crypto/random.hpp"
#include "core/lightning/boltcard_sun.hpp"
#include "node/api/api_routes.hpp"
#include "node/merchant/cards/card_issuer.hpp"
#include "node/merchant/cards/card_registry.hpp"
#include "node/merchant/cards/card_withdraw.hpp"
#include "node/merchant/cards/spending_day.hpp"
#include "node/merchant/rewards/rewards.hpp"

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

/// flash-node's HTTP server with the /api/v1 routes, cards and rewards included, on a free port.
class CardNode {
public:
    /// Without `settle_rewards`, card payments leave their rewards due (a node stopped before).
    explicit CardNode(const std::string& data_dir, bool settle_rewards = true)
        : data_dir_(data_dir),
          config_(make_config(data_dir)),
          server_(io_, config_, metrics_),
          lightning_(node::lightning::make_backend(config_.lightning, data_dir)),
          accounts_(*lightning_, node::open_sqlite_store(data_dir), unix_now),
          chain_(config_),
          chain_routes_(chain_, node::open_sqlite_store(data_dir), unix_now),
          issuer_(node::merchant::cards::CardIssuer::load(data_dir)),
          registry_(issuer_, node::open_sqlite_store(data_dir), [this] { return clock(); }),
          withdraw_(issuer_, accounts_, node::open_sqlite_store(data_dir), [this] { return clock(); }),
          rewards_(node::open_sqlite_store(data_dir), [this] { return clock(); }),
          card_routes_(registry_, accounts_, "http", ""),
          card_lnurl_routes_(withdraw_, "http", ""),
          reward_routes_(rewards_),
          api_(node::api::NodeInfo{"regtest", "fake", "fake", 1}, auth_, accounts_, chain_routes_, metrics_, unix_now) {
        if (settle_rewards) withdraw_.set_on_paid([this] { rewards_.settle(); });
        api_.set_card_routes(card_routes_, card_lnurl_routes_, reward_routes_);
        server_.add(api_);
        server_.start();
        thread_ = std::thread([this] { io_.run(); });
    }
    ~CardNode() {
        node::asio::post(io_, [this] {
            server_.stop_accepting();
            server_.on_idle([this] { io_.stop(); });
        });
        thread_.join();
    }
    CardNode(const CardNode&) = delete;
    CardNode& operator=(const CardNode&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(server_.local_endpoint().port()); }
    const node::merchant::cards::CardIssuer& issuer() const { return issuer_; }

    /// Credits `user` `sat` as if an invoice of theirs had been paid.
    void fund(const std::string& user, std::uint64_t sat) const {
        const auto store = node::open_sqlite_store(data_dir_);
        node::LedgerInvoice invoice;
        invoice.payment_hash = crypto::random_array<32>();
        invoice.user = user;
        invoice.bolt11 = "lnbcrt-test-funding";
        invoice.amount_msat = sat * 1000;
        invoice.created_at = unix_now();
        invoice.expires_at = invoice.created_at + 3600;
        store->ledger().add_invoice(invoice);
        store->ledger().settle_invoice(invoice.payment_hash, invoice.created_at);
    }
    std::int64_t available_msat(const std::string& user) const {
        return node::open_sqlite_store(data_dir_)->ledger().balance(user).available_msat;
    }

    CardClock clock;

private:
    static node::Config make_config(const std::string& data_dir) {
        node::Config config;
        config.port = 0;
        config.data_dir = data_dir;
        config.lightning.fake_settle_ms = 24 * 3600 * 1000;  // the fake's simulated payer stays away
        return config;
    }

    std::string data_dir_;
    node::Config config_;
    node::asio::io_context io_{1};
    node::Metrics metrics_;
    node::Server server_;
    std::unique_ptr<node::lightning::LightningBackend> lightning_;
    node::lightning::LightningAccounts accounts_;
    node::bitcoin::ChainService chain_;
    node::api::RequestAuthenticator auth_{"http", {}};
    node::api::ChainRoutes chain_routes_;
    node::merchant::cards::CardIssuer issuer_;
    node::merchant::cards::CardRegistry registry_;
    node::merchant::cards::CardWithdraw withdraw_;
    node::merchant::rewards::Rewards rewards_;
    node::api::CardRoutes card_routes_;
    node::api::CardLnurlRoutes card_lnurl_routes_;
    node::api::RewardRoutes reward_routes_;
    node::api::ApiRoutes api_;
    std::thread thread_;
};

inline nlohmann::json json_of(const node::net::HttpResponse& response) {
    INFO(response.body);
    return nlohmann::json::parse(response.body);
}

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

}  // namespace flash::test
