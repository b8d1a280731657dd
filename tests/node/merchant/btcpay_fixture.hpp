// The pieces the BTCPay tests share: the loopback Greenfield server (tests/support/btcpay_server.hpp)
// with one store, the node's merchants over a temporary data directory, and a running flash-node
// API (the real ApiRoutes on the real Server, fake Lightning and chain) that BTCPay's webhooks and
// the tests' NIP-98 requests reach over HTTP.
#pragma once
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/crypto/random.hpp"
#include "core/nostr/nip98.hpp"
#include "node/api/api_routes.hpp"
#include "node/bitcoin/chain_service.hpp"
#include "node/lightning/lightning_accounts.hpp"
#include "node/lightning/make_backend.hpp"
#include "node/merchant/btcpay/btcpay_merchants.hpp"
#include "node/net/http_client.hpp"
#include "node/server/server.hpp"
#include "support/btcpay_server.hpp"
#include "support/temp_dir.hpp"

namespace flash::test {

inline std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

/// flash-node's HTTP server with the /api/v1 routes, the BTCPay ones included, on a free port.
class NodeApi {
public:
    /// `merchant_store` is the merchants' database connection (a wrapper in failure tests);
    /// nullptr: a connection to `data_dir`.
    NodeApi(const std::string& data_dir, std::unique_ptr<node::NodeStore> merchant_store = nullptr)
        : config_(make_config(data_dir)),
          server_(io_, config_, metrics_),
          lightning_(node::lightning::make_backend(config_.lightning, data_dir)),
          accounts_(*lightning_, node::open_sqlite_store(data_dir), unix_now),
          chain_(config_),
          chain_routes_(chain_, node::open_sqlite_store(data_dir), unix_now),
          merchants_(merchant_store ? std::move(merchant_store) : node::open_sqlite_store(data_dir),
                     node::merchant::btcpay::MerchantSecrets::load(data_dir), unix_now,
                     std::chrono::milliseconds(2000)),
          merchant_routes_(merchants_),
          api_(node::api::NodeInfo{"regtest", "fake", "fake", 1}, auth_, accounts_, chain_routes_, metrics_, unix_now) {
        api_.set_merchant_routes(merchant_routes_);
        server_.add(api_);
        server_.start();
        thread_ = std::thread([this] { io_.run(); });
    }
    /// Stops as flash-node does: no new connections, then the I/O loop once the last one closed
    /// (a connection cut off in the middle would later touch the metrics and routes gone by then).
    ~NodeApi() {
        node::asio::post(io_, [this] {
            server_.stop_accepting();
            server_.on_idle([this] { io_.stop(); });
        });
        thread_.join();
    }
    NodeApi(const NodeApi&) = delete;
    NodeApi& operator=(const NodeApi&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(server_.local_endpoint().port()); }

private:
    static node::Config make_config(const std::string& data_dir) {
        node::Config config;
        config.port = 0;
        config.data_dir = data_dir;
        return config;
    }

    node::Config config_;
    node::asio::io_context io_{1};
    node::Metrics metrics_;
    node::Server server_;
    std::unique_ptr<node::lightning::LightningBackend> lightning_;
    node::lightning::LightningAccounts accounts_;
    node::bitcoin::ChainService chain_;
    node::api::RequestAuthenticator auth_{"http", {}};
    node::api::ChainRoutes chain_routes_;
    node::merchant::btcpay::BtcpayMerchants merchants_;
    node::api::MerchantRoutes merchant_routes_;
    node::api::ApiRoutes api_;
    std::thread thread_;
};

/// A user of the node API: signs each request with NIP-98.
class ApiUser {
public:
    explicit ApiUser(std::string base_url)
        : base_url_(std::move(base_url)), key_(crypto::secret_key_from(crypto::random_array<32>())) {}

    std::string pubkey() const { return codec::hex_encode(crypto::xonly_public_key(key_).key); }

    /// `method` `target` with `body`, signed unless `sign` is false.
    node::net::HttpResponse call(const std::string& method, const std::string& target, const std::string& body = "",
                                 bool sign = true) const {
        node::net::HttpClient client({.url = base_url_, .timeout = std::chrono::milliseconds(10'000)});
        node::net::HttpRequest request{.method = method, .target = target, .body = body};
        if (!body.empty()) request.headers.push_back({"Content-Type", "application/json"});
        if (sign) {
            std::optional<crypto::Hash256> hash;
            if (!body.empty()) hash = crypto::sha256(as_bytes(body));
            const auto event = nostr::make_http_auth_event(base_url_ + target, method, unix_now(), hash);
            request.headers.push_back({"Authorization", nostr::authorization_header(nostr::sign(event, key_))});
        }
        return client.request(request);
    }

private:
    std::string base_url_;
    crypto::SecretKey key_;
};

/// A data directory, the loopback BTCPay with one store whose webhook secret is `webhook_secret`.
struct BtcpayFixture {
    TempDir dir;
    BtcpayServer btcpay;
    BtcpayServer::Store store = btcpay.add_store();
    std::string webhook_secret = "whsec-" + codec::hex_encode(crypto::random_array<12>());
    std::string user = codec::hex_encode(crypto::random_array<32>());

    /// The node's merchants over the fixture's data directory (a connection of the test's own).
    std::unique_ptr<node::merchant::btcpay::BtcpayMerchants> merchants() const {
        return std::make_unique<node::merchant::btcpay::BtcpayMerchants>(
            node::open_sqlite_store(dir.str()), node::merchant::btcpay::MerchantSecrets::load(dir.str()), unix_now,
            std::chrono::milliseconds(2000));
    }

    node::merchant::btcpay::StoreRegistration registration() const {
        return {.server_url = btcpay.url(), .store_id = store.id, .api_key = store.api_key, .webhook_secret = webhook_secret};
    }

    /// Registers the store for `user` and points the store's webhook at `node` for it.
    node::MerchantRecord register_with(node::merchant::btcpay::BtcpayMerchants& merchants, const NodeApi& node) {
        node::MerchantRecord merchant = merchants.register_store(user, registration());
        btcpay.set_webhook(store.id, webhook_url(node, merchant.id), webhook_secret);
        return merchant;
    }

    static std::string webhook_url(const NodeApi& node, const std::string& merchant_id) {
        return node.url() + "/api/v1/merchant/btcpay/webhook/" + merchant_id;
    }
};

}  // namespace flash::test
