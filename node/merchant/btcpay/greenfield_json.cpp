#include "node/merchant/btcpay/greenfield_json.hpp"

#include <charconv>

#include "core/error.hpp"
#include "node/merchant/btcpay/btcpay_error.hpp"

namespace flash::node::merchant::btcpay::greenfield_json {
namespace {

using nlohmann::json;

/// Longest decimal accepted: 21e6 BTC in satoshi precision is 17 characters; fiat and rates fit too.
constexpr std::size_t max_decimal_chars = 40;

[[noreturn]] void malformed(const std::string& what) {
    throw BtcpayError(BtcpayErrc::malformed, "malformed answer: " + what);
}

const json& object(const json& value, const char* what) {
    if (!value.is_object()) malformed(std::string(what) + " is not an object");
    return value;
}

/// The member `key`, or nullptr when absent or null.
const json* optional_member(const json& parent, const char* key) {
    const auto it = parent.find(key);
    if (it == parent.end() || it->is_null()) return nullptr;
    return &*it;
}

std::string text(const json& parent, const char* key, bool required) {
    const json* value = optional_member(parent, key);
    if (!value) {
        if (required) malformed(std::string(key) + " is missing");
        return {};
    }
    if (!value->is_string()) malformed(std::string(key) + " is not a string");
    std::string out = value->get<std::string>();
    if (required && out.empty()) malformed(std::string(key) + " is empty");
    return out;
}

std::string decimal(const json& parent, const char* key, bool required, bool allow_negative = false) {
    std::string out = text(parent, key, required);
    if (!out.empty() && !is_decimal(out, allow_negative)) malformed(std::string(key) + " is not a decimal string");
    return out;
}

/// A unix timestamp. The swagger types PayoutData.date as a string holding the number, so a
/// numeric string is read too.
std::int64_t timestamp(const json& parent, const char* key, bool required) {
    const json* value = optional_member(parent, key);
    if (!value) {
        if (required) malformed(std::string(key) + " is missing");
        return 0;
    }
    if (value->is_number_integer()) return value->get<std::int64_t>();
    if (value->is_string()) {
        const std::string& s = value->get_ref<const std::string&>();
        std::int64_t out = 0;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
        if (ec == std::errc{} && end == s.data() + s.size() && !s.empty()) return out;
    }
    malformed(std::string(key) + " is not a unix timestamp");
}

bool flag(const json& parent, const char* key) {
    const json* value = optional_member(parent, key);
    if (!value) return false;
    if (!value->is_boolean()) malformed(std::string(key) + " is not a boolean");
    return value->get<bool>();
}

const json& array(const json& value, const char* what) {
    if (!value.is_array()) malformed(std::string(what) + " is not an array");
    return value;
}

json strings(const std::vector<std::string>& values) {
    json out = json::array();
    for (const std::string& v : values) out.push_back(v);
    return out;
}

InvoicePayment read_payment(const json& value) {
    const json& p = object(value, "a payment");
    InvoicePayment out;
    out.id = text(p, "id", true);
    out.received_date = timestamp(p, "receivedDate", false);
    out.value = decimal(p, "value", true);
    out.fee = decimal(p, "fee", false);
    out.status = text(p, "status", true);
    if (out.status != "Invalid" && out.status != "Processing" && out.status != "Settled")
        malformed("unknown payment status '" + out.status + "'");
    out.destination = text(p, "destination", false);
    return out;
}

InvoicePaymentMethod read_payment_method(const json& value) {
    const json& m = object(value, "a payment method");
    InvoicePaymentMethod out;
    out.payment_method_id = text(m, "paymentMethodId", true);
    out.currency = text(m, "currency", false);
    out.destination = text(m, "destination", false);
    out.payment_link = text(m, "paymentLink", false);
    out.rate = decimal(m, "rate", false);
    out.payment_method_paid = decimal(m, "paymentMethodPaid", false);
    out.total_paid = decimal(m, "totalPaid", false);
    out.due = decimal(m, "due", false, true);
    out.amount = decimal(m, "amount", false);
    out.payment_method_fee = decimal(m, "paymentMethodFee", false);
    out.activated = flag(m, "activated");
    if (const json* payments = optional_member(m, "payments")) {
        for (const json& p : array(*payments, "payments")) out.payments.push_back(read_payment(p));
    }
    return out;
}

}  // namespace

bool is_decimal(std::string_view text, bool allow_negative) noexcept {
    if (text.empty() || text.size() > max_decimal_chars) return false;
    if (allow_negative && text.front() == '-') text.remove_prefix(1);
    const std::size_t point = text.find('.');
    const std::string_view whole = text.substr(0, point);
    const std::string_view fraction = point == std::string_view::npos ? std::string_view{} : text.substr(point + 1);
    if (whole.empty() || (point != std::string_view::npos && fraction.empty())) return false;
    for (const std::string_view part : {whole, fraction}) {
        for (const char c : part) {
            if (c < '0' || c > '9') return false;
        }
    }
    return true;
}

json create_invoice_body(const CreateInvoiceRequest& request) {
    if (!request.metadata.is_object()) throw Error(Errc::bad_argument, "invoice metadata must be a JSON object");
    json body = {{"metadata", request.metadata}};
    if (request.amount) body["amount"] = *request.amount;
    if (!request.currency.empty()) body["currency"] = request.currency;
    json checkout = json::object();
    if (request.expiration_minutes) checkout["expirationMinutes"] = *request.expiration_minutes;
    if (!request.payment_methods.empty()) checkout["paymentMethods"] = strings(request.payment_methods);
    if (!checkout.empty()) body["checkout"] = checkout;
    return body;
}

json create_pull_payment_body(const CreatePullPaymentRequest& request) {
    json body = {{"amount", request.amount},
                 {"currency", request.currency},
                 {"autoApproveClaims", request.auto_approve_claims}};
    if (!request.name.empty()) body["name"] = request.name;
    if (!request.description.empty()) body["description"] = request.description;
    if (!request.payout_methods.empty()) body["payoutMethods"] = strings(request.payout_methods);
    if (request.starts_at) body["startsAt"] = *request.starts_at;
    if (request.expires_at) body["expiresAt"] = *request.expires_at;
    return body;
}

json create_payout_body(const CreatePayoutRequest& request) {
    json body = {{"destination", request.destination}, {"payoutMethodId", request.payout_method_id}};
    if (request.amount) body["amount"] = *request.amount;
    return body;
}

InvoiceData read_invoice(const json& answer) {
    const json& a = object(answer, "the invoice");
    InvoiceData out;
    out.id = text(a, "id", true);
    out.store_id = text(a, "storeId", true);
    out.amount = decimal(a, "amount", true);
    out.paid_amount = decimal(a, "paidAmount", false);
    out.currency = text(a, "currency", true);
    out.type = text(a, "type", false);
    out.checkout_link = text(a, "checkoutLink", true);
    out.created_time = timestamp(a, "createdTime", true);
    out.expiration_time = timestamp(a, "expirationTime", true);
    out.monitoring_expiration = timestamp(a, "monitoringExpiration", false);
    const std::string status = text(a, "status", true);
    const std::optional<InvoiceStatus> parsed = invoice_status_from_name(status);
    if (!parsed) malformed("unknown invoice status '" + status + "'");
    out.status = *parsed;
    out.additional_status = text(a, "additionalStatus", false);
    out.archived = flag(a, "archived");
    if (const json* metadata = optional_member(a, "metadata")) out.metadata = object(*metadata, "metadata");
    return out;
}

std::vector<InvoicePaymentMethod> read_payment_methods(const json& answer) {
    std::vector<InvoicePaymentMethod> out;
    for (const json& m : array(answer, "the payment methods")) out.push_back(read_payment_method(m));
    return out;
}

PullPaymentData read_pull_payment(const json& answer) {
    const json& a = object(answer, "the pull payment");
    PullPaymentData out;
    out.id = text(a, "id", true);
    out.name = text(a, "name", false);
    out.description = text(a, "description", false);
    out.currency = text(a, "currency", true);
    out.amount = decimal(a, "amount", true);
    out.archived = flag(a, "archived");
    out.auto_approve_claims = flag(a, "autoApproveClaims");
    out.view_link = text(a, "viewLink", false);
    return out;
}

std::string_view payout_state_name(PayoutState state) noexcept {
    switch (state) {
        case PayoutState::awaiting_approval: return "AwaitingApproval";
        case PayoutState::awaiting_payment: return "AwaitingPayment";
        case PayoutState::in_progress: return "InProgress";
        case PayoutState::completed: return "Completed";
        case PayoutState::cancelled: return "Cancelled";
    }
    return "AwaitingApproval";
}

PayoutData read_payout(const json& answer) {
    const json& a = object(answer, "the payout");
    PayoutData out;
    out.id = text(a, "id", true);
    const json* revision = optional_member(a, "revision");
    if (revision && !revision->is_number_integer()) malformed("revision is not an integer");
    out.revision = revision ? revision->get<std::int64_t>() : 0;
    out.pull_payment_id = text(a, "pullPaymentId", false);
    out.date = timestamp(a, "date", false);
    out.destination = text(a, "destination", true);
    out.original_currency = text(a, "originalCurrency", false);
    out.original_amount = decimal(a, "originalAmount", false);
    out.payout_currency = text(a, "payoutCurrency", false);
    if (const std::string amount = decimal(a, "payoutAmount", false); !amount.empty()) out.payout_amount = amount;
    out.payout_method_id = text(a, "payoutMethodId", false);
    const std::string state = text(a, "state", true);
    bool known = false;
    for (const PayoutState s : {PayoutState::awaiting_approval, PayoutState::awaiting_payment, PayoutState::in_progress,
                                PayoutState::completed, PayoutState::cancelled}) {
        if (payout_state_name(s) == state) {
            out.state = s;
            known = true;
        }
    }
    if (!known) malformed("unknown payout state '" + state + "'");
    return out;
}

std::vector<PayoutData> read_payouts(const json& answer) {
    std::vector<PayoutData> out;
    for (const json& p : array(answer, "the payouts")) out.push_back(read_payout(p));
    return out;
}

}  // namespace flash::node::merchant::btcpay::greenfield_json
