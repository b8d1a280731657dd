// flash-node's HTTP server with what lightning addresses need: the /api/v1 routes (the address
// routes included, NIP-98) and the public LNURL-pay routes, over the fake Lightning backend, on a
// free loopback port; and a wallet that pays an address the way LUD-16 and LUD-06 say, with the
// core's client (core/lightning/lnurl_pay.hpp) checking every answer.
#pragma once
#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "../merchant/btcpay_fixture.hpp"  // ApiUser, unix_now
#include "../merchant/ledger_fixture.hpp"
#include "core/lightning/lnurl.hpp"
#include "core/lightning/lnurl_pay.hpp"
#include "node/api/api_routes.hpp"
#include "node/api/lnurl_pay_routes.hpp"
#include "node/lightning/lightning_addresses.hpp"

namespace flash::test {

class AddressNode {
public:
    /// `public_origin` ("" or "https://host") is what the routes take the node's host from;
    /// `fake_settle_ms` is when the fake backend's simulated payer pays an invoice (default: never
    /// within a test), credited by the accounts' watch, which runs.
    explicit AddressNode(const std::string& data_dir, const std::string& public_origin = "",
                         std::uint32_t fake_settle_ms = 24 * 3600 * 1000)
        : data_dir_(data_dir),
          config_(make_config(data_dir, fake_settle_ms)),
          server_(io_, config_, metrics_),
          lightning_(node::lightning::make_backend(config_.lightning, data_dir)),
          accounts_(*lightning_, node::open_sqlite_store(data_dir), unix_now),
          chain_(config_),
          chain_routes_(chain_, node::open_sqlite_store(data_dir), unix_now),
          addresses_(accounts_, node::open_sqlite_store(data_dir), unix_now),
          address_routes_(addresses_, "http", public_origin),
          lnurl_pay_routes_(addresses_, "http", public_origin),
          api_(node::api::NodeInfo{"regtest", "fake", "fake", 1}, auth_, accounts_, chain_routes_, metrics_, unix_now) {
        api_.set_address_routes(address_routes_);
        server_.add(api_);
        server_.add(lnurl_pay_routes_);
        server_.start();
        accounts_.start(io_);
        thread_ = std::thread([this] { io_.run(); });
    }
    ~AddressNode() {
        node::asio::post(io_, [this] {
            accounts_.stop();
            server_.stop_accepting();
            server_.on_idle([this] { io_.stop(); });
        });
        thread_.join();
    }
    AddressNode(const AddressNode&) = delete;
    AddressNode& operator=(const AddressNode&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(server_.local_endpoint().port()); }
    /// "127.0.0.1:<port>": the domain of the addresses as the tests reach the node.
    std::string host() const { return url().substr(std::string("http://").size()); }

    /// What `user` may spend, read from the ledger.
    std::int64_t available_msat(const std::string& user) const {
        return node::open_sqlite_store(data_dir_)->ledger().balance(user).available_msat;
    }
    /// Credits `user` `sat` as if an invoice of theirs had been paid.
    void fund(const std::string& user, std::uint64_t sat) const {
        test::fund(node::open_sqlite_store(data_dir_)->ledger(), user, sat * 1000, unix_now());
    }

private:
    static node::Config make_config(const std::string& data_dir, std::uint32_t fake_settle_ms) {
        node::Config config;
        config.port = 0;
        config.data_dir = data_dir;
        config.lightning.fake_settle_ms = fake_settle_ms;
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
    node::lightning::LightningAddresses addresses_;
    node::api::LightningAddressRoutes address_routes_;
    node::api::LnurlPayRoutes lnurl_pay_routes_;
    node::api::ApiRoutes api_;
    std::thread thread_;
};

inline nlohmann::json body_of(const node::net::HttpResponse& response) {
    INFO(response.body);
    return nlohmann::json::parse(response.body);
}

/// The reason of an LNURL error answer ("" when the body is not one).
inline std::string error_reason(const node::net::HttpResponse& response) {
    const nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
    if (!body.is_object() || body.value("status", "") != "ERROR") return "";
    return body.value("reason", "");
}

/// A wallet paying lightning addresses of the node at `node_url`: the GETs of LUD-16/LUD-06, read
/// by the core's client.
class AddressPayer {
public:
    explicit AddressPayer(std::string node_url) : node_url_(std::move(node_url)), http_(node_url_) {}

    /// GET <url> on the node (an absolute URL of it, or a path).
    node::net::HttpResponse get(const std::string& url) const {
        const std::string target = url.starts_with(node_url_) ? url.substr(node_url_.size()) : url;
        return http_.call("GET", target, "", false);
    }

    /// The first GET for `address` ("name@host"), read and checked as a lightning address's.
    lightning::lnurl::PayRequest pay_request(const std::string& address) const {
        const lightning::lnurl::LightningAddress parsed = lightning::lnurl::parse_lightning_address(address);
        // The core makes it https://; the test node speaks http on loopback.
        const std::string path = parsed.url.text.substr(parsed.url.text.find("/.well-known/"));
        const node::net::HttpResponse answer = get(path);
        INFO(answer.body);
        REQUIRE(answer.status == 200);
        return lightning::lnurl::parse_pay_request(answer.body, true);
    }

    /// The second GET for `amount_msat` (and `comment`), checked by the core (amount and hash).
    lightning::lnurl::PayInvoice invoice(const lightning::lnurl::PayRequest& request, std::uint64_t amount_msat,
                                         const std::string& comment = {}) const {
        const node::net::HttpResponse answer = get(lightning::lnurl::pay_callback_url(request, amount_msat, comment));
        INFO(answer.body);
        REQUIRE(answer.status == 200);
        return lightning::lnurl::parse_pay_invoice(request, amount_msat, answer.body);
    }

private:
    std::string node_url_;
    ApiUser http_;  ///< unsigned calls only: LNURL-pay has no NIP-98
};

}  // namespace flash::test
