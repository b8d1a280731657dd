// /api/v1/merchant/btcpay/...: a user's BTCPay Server stores and the invoices created at them, and
// the webhook BTCPay posts deliveries to (contract in README.md). Run on ApiRoutes' worker thread
// (never the I/O thread): creating an invoice waits for the BTCPay Server.
//
// The webhook route is the one route under /api/v1 without NIP-98: BTCPay signs its deliveries
// with the webhook's secret (BTCPay-Sig) instead. It answers 200 for a delivery processed now or
// before, 401 for a missing or wrong signature, 400 for a body that is not a delivery of the
// merchant's store, 404 for an unknown merchant, 503 when the database fails (BTCPay retries);
// never 500.
#pragma once
#include <string>
#include <string_view>

#include "node/merchant/btcpay/btcpay_merchants.hpp"
#include "node/server/http.hpp"

namespace flash::node::api {

class MerchantRoutes {
public:
    /// `merchants` must outlive the routes and is used from the calling thread only.
    explicit MerchantRoutes(merchant::btcpay::BtcpayMerchants& merchants) : merchants_(merchants) {}

    /// Whether `path` is one of these routes.
    static bool serves(std::string_view path);
    /// Whether `path` is the webhook (no NIP-98).
    static bool is_webhook(std::string_view path);

    /// The answer to `request` (errors included). `user` is the NIP-98 user; ignored (and may be
    /// empty) for the webhook.
    Response handle(const Request& request, std::string_view path, const std::string& user);

private:
    Response webhook(const Request& request, std::string_view merchant_id);
    Response dispatch(const Request& request, std::string_view path, const std::string& user);

    merchant::btcpay::BtcpayMerchants& merchants_;
};

}  // namespace flash::node::api
