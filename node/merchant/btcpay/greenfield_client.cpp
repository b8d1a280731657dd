#include "node/merchant/btcpay/greenfield_client.hpp"

#include "core/crypto/memory.hpp"
#include "core/error.hpp"
#include "core/nostr/json_text.hpp"
#include "node/merchant/btcpay/btcpay_error.hpp"
#include "node/merchant/btcpay/greenfield_json.hpp"
#include "node/net/url.hpp"

namespace flash::node::merchant::btcpay {
namespace {

using nlohmann::json;

/// Largest answer read: a page of invoices or payouts stays far below this.
constexpr std::size_t max_answer_bytes = 4 * 1024 * 1024;
/// Invoice metadata is free JSON that merchants nest (posData carts); this leaves room.
constexpr std::size_t max_json_depth = 32;

std::string_view excerpt(std::string_view text) { return text.substr(0, 200); }

std::string store_path(const std::string& store_id) { return "/api/v1/stores/" + net::percent_encode(store_id); }

std::string invoice_path(const std::string& store_id, const std::string& invoice_id) {
    return store_path(store_id) + "/invoices/" + net::percent_encode(invoice_id);
}

std::string payouts_path(const std::string& pull_payment_id) {
    return "/api/v1/pull-payments/" + net::percent_encode(pull_payment_id) + "/payouts";
}

/// The kind of failure an HTTP status stands for.
BtcpayErrc errc_of(unsigned status) {
    if (status == 401) return BtcpayErrc::unauthorized;
    if (status == 403) return BtcpayErrc::forbidden;
    if (status == 404) return BtcpayErrc::not_found;
    if (status == 422) return BtcpayErrc::validation;
    if (status >= 500) return BtcpayErrc::server_error;
    return BtcpayErrc::refused;
}

/// A refusal as BtcpayError: the validation array, Greenfield's {"code", "message"}, or only the
/// status when the body is neither (empty, HTML from a proxy; not repeated: the URL is a user's).
[[noreturn]] void throw_refusal(unsigned status, std::string_view body) {
    json error;
    try {
        error = nostr::parse_json_text(body, max_answer_bytes, max_json_depth);
    } catch (const Error&) {
        // Not JSON: reported with the status below.
    }
    if (error.is_array()) {
        std::vector<BtcpayFieldError> fields;
        std::string message = "the request failed validation";
        for (const json& item : error) {
            if (!item.is_object() || !item.contains("message") || !item["message"].is_string()) continue;
            BtcpayFieldError field;
            if (item.contains("path") && item["path"].is_string()) field.path = item["path"].get<std::string>();
            field.message = item["message"].get<std::string>();
            message += (fields.empty() ? ": " : "; ") + (field.path.empty() ? "" : field.path + ": ") + field.message;
            fields.push_back(std::move(field));
        }
        throw BtcpayError(BtcpayErrc::validation, message, status, {}, std::move(fields));
    }
    const BtcpayErrc code = errc_of(status) == BtcpayErrc::validation ? BtcpayErrc::refused : errc_of(status);
    if (error.is_object() && error.contains("message") && error["message"].is_string()) {
        const std::string api_code =
            error.contains("code") && error["code"].is_string() ? error["code"].get<std::string>() : "";
        throw BtcpayError(code, error["message"].get<std::string>(), status, api_code);
    }
    throw BtcpayError(code, "HTTP " + std::to_string(status), status);
}

}  // namespace

GreenfieldClient::GreenfieldClient(const GreenfieldConnection& connection)
    : http_({.url = connection.server_url,
             .pinned_cert_file = connection.pinned_cert_file,
             .timeout = connection.timeout,
             .max_body_bytes = max_answer_bytes}),
      api_key_(connection.api_key) {}

GreenfieldClient::~GreenfieldClient() { crypto::wipe(api_key_.data(), api_key_.size()); }

json GreenfieldClient::call(std::string_view method, const std::string& target, const json* body, Auth auth) const {
    net::HttpRequest request;
    request.method = std::string(method);
    request.target = target;
    request.headers = {{"Accept", "application/json"}};
    if (auth == Auth::token) request.headers.push_back({"Authorization", "token " + api_key_});
    if (body) {
        request.body = body->dump();
        request.headers.push_back({"Content-Type", "application/json"});
    }
    net::HttpResponse response;
    try {
        response = http_.request(request);
    } catch (const net::HttpError& e) {
        throw BtcpayError(BtcpayErrc::unreachable, "no answer to " + target + ": " + e.what());
    }
    if (response.status < 200 || response.status >= 300) throw_refusal(response.status, response.body);
    try {
        return nostr::parse_json_text(response.body, max_answer_bytes, max_json_depth);
    } catch (const Error&) {
        throw BtcpayError(BtcpayErrc::malformed,
                          "malformed answer to " + target + ": " + std::string(excerpt(response.body)), response.status);
    }
}

InvoiceData GreenfieldClient::create_invoice(const std::string& store_id, const CreateInvoiceRequest& request) const {
    const json body = greenfield_json::create_invoice_body(request);
    return greenfield_json::read_invoice(call("POST", store_path(store_id) + "/invoices", &body, Auth::token));
}

InvoiceData GreenfieldClient::invoice(const std::string& store_id, const std::string& invoice_id) const {
    return greenfield_json::read_invoice(call("GET", invoice_path(store_id, invoice_id), nullptr, Auth::token));
}

std::vector<InvoicePaymentMethod> GreenfieldClient::invoice_payment_methods(const std::string& store_id,
                                                                            const std::string& invoice_id) const {
    return greenfield_json::read_payment_methods(
        call("GET", invoice_path(store_id, invoice_id) + "/payment-methods", nullptr, Auth::token));
}

PullPaymentData GreenfieldClient::create_pull_payment(const std::string& store_id,
                                                      const CreatePullPaymentRequest& request) const {
    const json body = greenfield_json::create_pull_payment_body(request);
    return greenfield_json::read_pull_payment(call("POST", store_path(store_id) + "/pull-payments", &body, Auth::token));
}

PayoutData GreenfieldClient::create_payout(const std::string& pull_payment_id, const CreatePayoutRequest& request) const {
    const json body = greenfield_json::create_payout_body(request);
    return greenfield_json::read_payout(call("POST", payouts_path(pull_payment_id), &body, Auth::none));
}

std::vector<PayoutData> GreenfieldClient::payouts(const std::string& pull_payment_id, bool include_cancelled) const {
    const std::string query = include_cancelled ? "?includeCancelled=true" : "";
    return greenfield_json::read_payouts(call("GET", payouts_path(pull_payment_id) + query, nullptr, Auth::none));
}

}  // namespace flash::node::merchant::btcpay
