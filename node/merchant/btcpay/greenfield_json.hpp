// Greenfield's JSON, both ways: the bodies flash-node sends and checked reads of the answers.
// A reader throws BtcpayError(malformed) naming the field when a field it needs is missing or has
// another type than the swagger gives (decimals must be decimal strings, times integers);
// optional fields that are absent or null read as empty.
#pragma once
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "node/merchant/btcpay/greenfield_types.hpp"

namespace flash::node::merchant::btcpay::greenfield_json {

/// Whether `text` is a decimal as Greenfield writes amounts: digits, optionally a point and more
/// digits ("5", "0.00012"); a leading '-' only when `allow_negative`. At most 40 characters.
bool is_decimal(std::string_view text, bool allow_negative = false) noexcept;

// Requests. create_invoice_body() throws Error(bad_argument) when the metadata is not a JSON object.

nlohmann::json create_invoice_body(const CreateInvoiceRequest& request);
nlohmann::json create_pull_payment_body(const CreatePullPaymentRequest& request);
nlohmann::json create_payout_body(const CreatePayoutRequest& request);

// Answers.

InvoiceData read_invoice(const nlohmann::json& answer);
std::vector<InvoicePaymentMethod> read_payment_methods(const nlohmann::json& answer);
PullPaymentData read_pull_payment(const nlohmann::json& answer);
PayoutData read_payout(const nlohmann::json& answer);
std::vector<PayoutData> read_payouts(const nlohmann::json& answer);

/// "AwaitingApproval", "AwaitingPayment", "InProgress", "Completed", "Cancelled".
std::string_view payout_state_name(PayoutState state) noexcept;

}  // namespace flash::node::merchant::btcpay::greenfield_json
