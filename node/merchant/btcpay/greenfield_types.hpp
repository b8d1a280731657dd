// The Greenfield API's requests and answers that flash-node uses (BTCPay Server's swagger:
// invoices, pull payments and payouts). Amounts are decimal strings in the currency the API names
// beside them ("0.00012", "5.00"), as Greenfield sends them: never floating point. Times are unix
// seconds.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "node/merchant/btcpay/invoice_status.hpp"

namespace flash::node::merchant::btcpay {

/// POST /api/v1/stores/{storeId}/invoices.
struct CreateInvoiceRequest {
    std::optional<std::string> amount{};           ///< nullopt: a top-up invoice (any amount)
    std::string currency{};                        ///< "BTC", "SATS", "USD", ...; "": the store's default
    nlohmann::json metadata = nlohmann::json::object();  ///< orderId, itemDesc, ... (free JSON object)
    std::optional<std::uint32_t> expiration_minutes{};   ///< nullopt: the store's setting
    std::vector<std::string> payment_methods{};    ///< e.g. {"BTC-LN"}; empty: every method of the store
};

/// InvoiceData.
struct InvoiceData {
    std::string id;
    std::string store_id;
    std::string amount;
    std::string paid_amount;        ///< "" when the server does not send it (older versions)
    std::string currency;
    std::string type;               ///< "Standard" or "TopUp"
    std::string checkout_link;
    std::int64_t created_time = 0;
    std::int64_t expiration_time = 0;
    std::int64_t monitoring_expiration = 0;
    InvoiceStatus status = InvoiceStatus::fresh;
    std::string additional_status;  ///< "None", "PaidLate", "PaidPartial", "Marked", "Invalid", "PaidOver"
    bool archived = false;
    nlohmann::json metadata = nlohmann::json::object();
};

/// A payment received by one payment method of an invoice.
struct InvoicePayment {
    std::string id;
    std::int64_t received_date = 0;
    std::string value;
    std::string fee;
    std::string status;       ///< "Invalid", "Processing" or "Settled"
    std::string destination;
};

/// InvoicePaymentMethodDataModel (GET .../invoices/{invoiceId}/payment-methods).
struct InvoicePaymentMethod {
    std::string payment_method_id;  ///< "BTC-CHAIN", "BTC-LN", "BTC-LNURL", ...
    std::string currency;
    std::string destination;        ///< an address, a BOLT11 invoice or an LNURL
    std::string payment_link;       ///< "" when none
    std::string rate;
    std::string payment_method_paid;
    std::string total_paid;
    std::string due;                ///< negative when overpaid
    std::string amount;
    std::string payment_method_fee;
    bool activated = false;
    std::vector<InvoicePayment> payments;
};

/// POST /api/v1/stores/{storeId}/pull-payments.
struct CreatePullPaymentRequest {
    std::string name{};
    std::string description{};
    std::string amount{};                      ///< required, > 0
    std::string currency{};                    ///< required
    std::vector<std::string> payout_methods{};  ///< e.g. {"BTC-LN"}; empty: every method of the store
    std::optional<std::int64_t> starts_at{};
    std::optional<std::int64_t> expires_at{};
    bool auto_approve_claims = false;
};

/// PullPaymentData.
struct PullPaymentData {
    std::string id;
    std::string name;
    std::string description;
    std::string currency;
    std::string amount;
    bool archived = false;
    bool auto_approve_claims = false;
    std::string view_link;
};

enum class PayoutState { awaiting_approval, awaiting_payment, in_progress, completed, cancelled };

/// POST /api/v1/pull-payments/{pullPaymentId}/payouts (a claim; no API key needed).
struct CreatePayoutRequest {
    std::string destination{};             ///< an address, a BIP21 URI, a BOLT11 invoice or an LNURL
    std::optional<std::string> amount{};   ///< in the pull payment's currency; nullopt: the destination's
    std::string payout_method_id{};        ///< "BTC-CHAIN" or "BTC-LN"
};

/// PayoutData.
struct PayoutData {
    std::string id;
    std::int64_t revision = 0;
    std::string pull_payment_id;
    std::int64_t date = 0;
    std::string destination;
    std::string original_currency;
    std::string original_amount;
    std::string payout_currency;
    std::optional<std::string> payout_amount;  ///< set once approved
    std::string payout_method_id;
    PayoutState state = PayoutState::awaiting_approval;
};

}  // namespace flash::node::merchant::btcpay
