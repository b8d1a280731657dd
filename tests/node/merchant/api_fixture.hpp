// The pieces every merchant test that goes through flash-node's API shares: a running node API
// (the real ApiRoutes on the real Server, fake Lightning and chain backends, a temporary data
// directory) that a test node extends with its services' routes, and a user who signs each request
// with NIP-98.
#pragma once
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
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
#include "node/net/http_client.hpp"
#include "node/server/server.hpp"

namespace flash::test {

inline std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

/// flash-node's HTTP server with the /api/v1 routes over `config.data_dir`, on a free loopback
/// port. A test node derives from it, hands its services' routes to `api_`, calls start() last in
/// its constructor and stop() first in its destructor (so that no request reaches its routes while
/// they are destroyed).
class ApiNode {
public:
    ApiNode(const ApiNode&) = delete;
    ApiNode& operator=(const ApiNode&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(server_.local_endpoint().port()); }

protected:
    /// The node's configuration over `data_dir`: a free port, the fake backends.
    static node::Config config_for(const std::string& data_dir) {
        node::Config config;
        config.port = 0;
        config.data_dir = data_dir;
        return config;
    }

    explicit ApiNode(node::Config config)
        : config_(std::move(config)),
          server_(io_, config_, metrics_),
          lightning_(node::lightning::make_backend(config_.lightning, config_.data_dir)),
          accounts_(*lightning_, node::open_sqlite_store(config_.data_dir), unix_now),
          chain_(config_),
          chain_routes_(chain_, node::open_sqlite_store(config_.data_dir), unix_now),
          api_(node::api::NodeInfo{"regtest", "fake", "fake", 1}, auth_, accounts_, chain_routes_, metrics_, unix_now) {}
    ~ApiNode() { stop(); }

    /// Serves the routes on a thread of the node's own.
    void start() {
        server_.add(api_);
        server_.start();
        thread_ = std::thread([this] { io_.run(); });
    }
    /// Stops as flash-node does: no new connections, then the I/O loop once the last one closed
    /// (a connection cut off in the middle would later touch the metrics and routes gone by then).
    void stop() {
        if (!thread_.joinable()) return;
        node::asio::post(io_, [this] {
            server_.stop_accepting();
            server_.on_idle([this] { io_.stop(); });
        });
        thread_.join();
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
    node::api::ApiRoutes api_;

private:
    std::thread thread_;
};

/// A user of the node API: signs each request with NIP-98.
class ApiUser {
public:
    explicit ApiUser(std::string base_url)
        : base_url_(std::move(base_url)), key_(crypto::secret_key_from(crypto::random_array<32>())) {}

    std::string pubkey() const { return codec::hex_encode(crypto::xonly_public_key(key_).key); }
    /// The user's NOSTR secret (what their wallet signs NUT-20 mint requests with).
    const crypto::SecretKey& secret() const { return key_; }

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

/// The JSON body of an answer (the body is shown when the test fails on it).
inline nlohmann::json json_of(const node::net::HttpResponse& response) {
    INFO(response.body);
    return nlohmann::json::parse(response.body);
}

}  // namespace flash::test
