// GreenfieldClient: typed, synchronous calls to a BTCPay Server store through its Greenfield API
// (REST, JSON): create and read invoices and their payment methods, create pull payments, claim
// and list their payouts.
//
//   GreenfieldClient btcpay({.server_url = "https://btcpay.example", .api_key = key});
//   InvoiceData invoice = btcpay.create_invoice(store_id, {.amount = "2100", .currency = "SATS"});
//
// Store routes carry the API key as "Authorization: token <key>"; the pull-payment routes a payee
// uses (claim a payout, list payouts) are public and go without it. Every call opens its own
// connection (node/net/http_client.hpp), so a client may be shared between threads; a call blocks
// for at most the connection's timeout.
//
// Errors: BtcpayError for everything that goes wrong on the way (see btcpay_error.hpp): no answer,
// a refusal (its HTTP status, Greenfield's code and message, or the fields that failed
// validation), or an answer that is not the documented JSON. Error(bad_config) from the
// constructor for a server URL that cannot be used.
#pragma once
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "node/merchant/btcpay/greenfield_types.hpp"
#include "node/net/http_client.hpp"

namespace flash::node::merchant::btcpay {

struct GreenfieldConnection {
    std::string server_url{};                    ///< http(s)://host[:port][/prefix] of the BTCPay Server
    std::string api_key{};                       ///< a Greenfield API key with the store's permissions
    std::optional<std::string> pinned_cert_file{};  ///< https: trust only this certificate; nullopt: the system's CAs
    std::chrono::milliseconds timeout{10'000};   ///< per call
};

class GreenfieldClient {
public:
    explicit GreenfieldClient(const GreenfieldConnection& connection);
    ~GreenfieldClient();
    GreenfieldClient(const GreenfieldClient&) = delete;
    GreenfieldClient& operator=(const GreenfieldClient&) = delete;

    /// POST /api/v1/stores/{storeId}/invoices (permission btcpay.store.cancreateinvoice).
    InvoiceData create_invoice(const std::string& store_id, const CreateInvoiceRequest& request) const;
    /// GET /api/v1/stores/{storeId}/invoices/{invoiceId} (btcpay.store.canviewinvoices).
    InvoiceData invoice(const std::string& store_id, const std::string& invoice_id) const;
    /// GET /api/v1/stores/{storeId}/invoices/{invoiceId}/payment-methods (btcpay.store.canviewinvoices).
    std::vector<InvoicePaymentMethod> invoice_payment_methods(const std::string& store_id,
                                                              const std::string& invoice_id) const;
    /// POST /api/v1/stores/{storeId}/pull-payments (btcpay.store.cancreatepullpayments).
    PullPaymentData create_pull_payment(const std::string& store_id, const CreatePullPaymentRequest& request) const;
    /// POST /api/v1/pull-payments/{pullPaymentId}/payouts (public: the payee's claim).
    PayoutData create_payout(const std::string& pull_payment_id, const CreatePayoutRequest& request) const;
    /// GET /api/v1/pull-payments/{pullPaymentId}/payouts (public).
    std::vector<PayoutData> payouts(const std::string& pull_payment_id, bool include_cancelled = false) const;

private:
    enum class Auth { token, none };
    /// The call's answer as JSON (2xx only); BtcpayError otherwise.
    nlohmann::json call(std::string_view method, const std::string& target, const nlohmann::json* body, Auth auth) const;

    net::HttpClient http_;
    std::string api_key_;  ///< wiped when the client goes
};

}  // namespace flash::node::merchant::btcpay
