// The pieces the BTCPay tests share: the loopback Greenfield server (tests/support/btcpay_server.hpp)
// with one store, the node's merchants over a temporary data directory, and a running flash-node
// API (the real ApiRoutes on the real Server, fake Lightning and chain) that BTCPay's webhooks and
// the tests' NIP-98 requests reach over HTTP.
#pragma once
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "api_fixture.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/random.hpp"
#include "node/merchant/btcpay/btcpay_merchants.hpp"
#include "support/btcpay_server.hpp"
#include "support/temp_dir.hpp"

namespace flash::test {

/// The node API with the BTCPay routes.
class NodeApi : public ApiNode {
public:
    /// `merchant_store` is the merchants' database connection (a wrapper in failure tests);
    /// nullptr: a connection to `data_dir`.
    NodeApi(const std::string& data_dir, std::unique_ptr<node::NodeStore> merchant_store = nullptr)
        : ApiNode(config_for(data_dir)),
          merchants_(merchant_store ? std::move(merchant_store) : node::open_sqlite_store(data_dir),
                     node::merchant::btcpay::MerchantSecrets::load(data_dir), unix_now,
                     std::chrono::milliseconds(2000)),
          merchant_routes_(merchants_) {
        api_.set_merchant_routes(merchant_routes_);
        start();
    }
    ~NodeApi() { stop(); }

private:
    node::merchant::btcpay::BtcpayMerchants merchants_;
    node::api::MerchantRoutes merchant_routes_;
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
    /// registration() as the body of POST /api/v1/merchant/btcpay.
    nlohmann::json registration_json() const {
        return {{"server_url", btcpay.url()},
                {"store_id", store.id},
                {"api_key", store.api_key},
                {"webhook_secret", webhook_secret}};
    }

    /// Registers the store for `user` and points the store's webhook at `node` for it.
    node::MerchantRecord register_with(node::merchant::btcpay::BtcpayMerchants& merchants, const NodeApi& node) {
        node::MerchantRecord merchant = merchants.register_store(user, registration());
        btcpay.set_webhook(store.id, webhook_url(node, merchant.id), webhook_secret);
        return merchant;
    }

    /// The id of an invoice of `amount` `currency` created for `user` at `merchant` through `merchants`.
    std::string new_invoice(node::merchant::btcpay::BtcpayMerchants& merchants, const node::MerchantRecord& merchant,
                            const std::string& amount = "1000", const std::string& currency = "SATS") const {
        return merchants.create_invoice(user, {.merchant_id = merchant.id, .amount = amount, .currency = currency})
            .invoice.invoice_id;
    }

    static std::string webhook_url(const NodeApi& node, const std::string& merchant_id) {
        return node.url() + "/api/v1/merchant/btcpay/webhook/" + merchant_id;
    }
};

}  // namespace flash::test
