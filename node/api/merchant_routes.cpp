#include "node/api/merchant_routes.hpp"

#include "core/error.hpp"
#include "node/api/api_error.hpp"
#include "node/api/json_body.hpp"
#include "node/merchant/btcpay/btcpay_error.hpp"
#include "node/merchant/btcpay/webhook.hpp"
#include "node/server/log.hpp"

namespace flash::node::api {
namespace {

namespace btcpay = merchant::btcpay;
using nlohmann::json;

constexpr std::string_view prefix = "/api/v1/merchant/btcpay";
constexpr std::string_view invoices_path = "/api/v1/merchant/btcpay/invoices";
constexpr std::string_view webhook_prefix = "/api/v1/merchant/btcpay/webhook/";
constexpr std::size_t invoice_list_limit = 200;

void require_method(const Request& request, http::verb method) {
    if (request.method() != method)
        throw ApiError(http::status::method_not_allowed, "method_not_allowed", "method not allowed here");
}

/// The value of `name` in the request's query, or nullopt. Values are taken as they are (ids here
/// are hex); one with a '%' is refused rather than decoded.
std::optional<std::string> query_value(std::string_view target, std::string_view name) {
    const std::size_t q = target.find('?');
    if (q == std::string_view::npos) return std::nullopt;
    std::string_view query = target.substr(q + 1);
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const std::size_t eq = pair.find('=');
        if (pair.substr(0, eq) == name && eq != std::string_view::npos) {
            const std::string_view value = pair.substr(eq + 1);
            if (value.find('%') != std::string_view::npos)
                throw ApiError(http::status::bad_request, "bad_request",
                               std::string(name) + " must not be percent-encoded");
            return std::string(value);
        }
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return std::nullopt;
}

json merchant_json(const MerchantRecord& merchant) {
    return {{"merchant_id", merchant.id},
            {"server_url", merchant.server_url},
            {"store_id", merchant.store_id},
            {"registered_at", merchant.registered_at},
            {"webhook_path", std::string(webhook_prefix) + merchant.id}};
}

json invoice_json(const MerchantInvoice& invoice) {
    return {{"merchant_id", invoice.merchant_id},
            {"invoice_id", invoice.invoice_id},
            {"amount", invoice.amount},
            {"currency", invoice.currency},
            {"order_id", invoice.order_id},
            {"checkout_link", invoice.checkout_link},
            {"status", btcpay::invoice_status_name(invoice.status)},
            {"status_at", invoice.status_at},
            {"created_at", invoice.created_at},
            {"expires_at", invoice.expires_at},
            {"updated_at", invoice.updated_at}};
}

json payment_method_json(const btcpay::InvoicePaymentMethod& method) {
    return {{"payment_method_id", method.payment_method_id},
            {"currency", method.currency},
            {"destination", method.destination},
            {"payment_link", method.payment_link},
            {"amount", method.amount},
            {"due", method.due},
            {"activated", method.activated}};
}

/// A refusal or failure of the merchant's BTCPay Server, as the node API answers it.
Response btcpay_error_response(const Request& request, const btcpay::BtcpayError& e) {
    switch (e.code()) {
        case btcpay::BtcpayErrc::unauthorized:
        case btcpay::BtcpayErrc::forbidden:
            return api_error_response(request, http::status::bad_request, "btcpay_key_refused", e.what());
        case btcpay::BtcpayErrc::not_found:
            return api_error_response(request, http::status::bad_request, "btcpay_not_found", e.what());
        case btcpay::BtcpayErrc::validation:
        case btcpay::BtcpayErrc::refused:
            return api_error_response(request, http::status::bad_request, "btcpay_refused", e.what());
        case btcpay::BtcpayErrc::unreachable:
        case btcpay::BtcpayErrc::server_error:
        case btcpay::BtcpayErrc::malformed: break;
    }
    // The details (what answered, if anything) go to the log only: the server URL is the user's
    // choice and the node's network is not theirs to probe.
    log::warn("BTCPay Server call failed", {{"error", e.what()}});
    return api_error_response(request, http::status::service_unavailable, "unavailable",
                              "the store's BTCPay Server did not answer as Greenfield does (" +
                                  std::string(btcpay::btcpay_errc_name(e.code())) + ")");
}

http::status webhook_status(btcpay::WebhookResult result) {
    switch (result) {
        case btcpay::WebhookResult::processed:
        case btcpay::WebhookResult::duplicate: return http::status::ok;
        case btcpay::WebhookResult::unknown_merchant: return http::status::not_found;
        case btcpay::WebhookResult::bad_signature: return http::status::unauthorized;
        case btcpay::WebhookResult::malformed:
        case btcpay::WebhookResult::wrong_store: return http::status::bad_request;
    }
    return http::status::bad_request;
}

}  // namespace

bool MerchantRoutes::serves(std::string_view path) {
    return path == prefix || (path.starts_with(prefix) && path.size() > prefix.size() && path[prefix.size()] == '/');
}

bool MerchantRoutes::is_webhook(std::string_view path) { return path.starts_with(webhook_prefix); }

Response MerchantRoutes::handle(const Request& request, std::string_view path, const std::string& user) {
    if (is_webhook(path)) return webhook(request, path.substr(webhook_prefix.size()));
    try {
        return dispatch(request, path, user);
    } catch (const btcpay::UnknownMerchant& e) {
        return api_error_response(request, http::status::not_found, "not_found", e.what());
    } catch (const btcpay::BtcpayError& e) {
        return btcpay_error_response(request, e);
    } catch (const std::exception& e) {
        return exception_response(request, e);
    }
}

Response MerchantRoutes::dispatch(const Request& request, std::string_view path, const std::string& user) {
    if (path == prefix) {
        if (request.method() == http::verb::get) {
            json list = json::array();
            for (const MerchantRecord& merchant : merchants_.merchants(user)) list.push_back(merchant_json(merchant));
            return json_response(request, http::status::ok, {{"merchants", list}});
        }
        require_method(request, http::verb::post);
        const json body = object_body(request);
        const MerchantRecord merchant = merchants_.register_store(
            user, {.server_url = required_text(body, "server_url"),
                   .store_id = required_text(body, "store_id"),
                   .api_key = required_text(body, "api_key"),
                   .webhook_secret = required_text(body, "webhook_secret")});
        return json_response(request, http::status::ok, merchant_json(merchant));
    }
    if (path == invoices_path) {
        if (request.method() == http::verb::get) {
            json list = json::array();
            for (const MerchantInvoice& invoice :
                 merchants_.invoices(user, query_value(request.target(), "merchant_id"), invoice_list_limit))
                list.push_back(invoice_json(invoice));
            return json_response(request, http::status::ok, {{"invoices", list}});
        }
        require_method(request, http::verb::post);
        const json body = object_body(request);
        btcpay::NewInvoice wanted{.merchant_id = required_text(body, "merchant_id"),
                                  .amount = required_text(body, "amount"),
                                  .currency = required_text(body, "currency"),
                                  .order_id = optional_text(body, "order_id").value_or(""),
                                  .description = optional_text(body, "description").value_or("")};
        if (const std::optional<std::uint64_t> minutes = optional_uint(body, "expiration_minutes")) {
            if (*minutes > 0xffffffffu) throw Error(Errc::bad_argument, "expiration_minutes must be 1 to 10080");
            wanted.expiration_minutes = static_cast<std::uint32_t>(*minutes);
        }
        const btcpay::CreatedInvoice created = merchants_.create_invoice(user, wanted);
        json out = invoice_json(created.invoice);
        out["payment_methods"] = json::array();
        for (const btcpay::InvoicePaymentMethod& method : created.payment_methods)
            out["payment_methods"].push_back(payment_method_json(method));
        if (created.payment_methods_error) out["payment_methods_error"] = *created.payment_methods_error;
        return json_response(request, http::status::created, out);
    }
    throw ApiError(http::status::not_found, "not_found", "no such API route");
}

Response MerchantRoutes::webhook(const Request& request, std::string_view merchant_id) {
    // BTCPay reads only the status: anything but 2xx is a failed delivery (retried on 5xx).
    const auto answer = [&](http::status status, std::string_view code, std::string_view message) {
        json body = {{"code", code}};
        if (!message.empty()) body["error"] = message;
        return json_response(request, status, body);
    };
    if (request.method() != http::verb::post)
        return answer(http::status::method_not_allowed, "method_not_allowed", "deliveries are POSTed");
    std::optional<std::string_view> signature;
    if (const auto it = request.find(btcpay::signature_header); it != request.end()) signature = it->value();
    try {
        const btcpay::WebhookOutcome outcome =
            merchants_.receive_webhook(std::string(merchant_id), signature, request.body());
        return answer(webhook_status(outcome.result), btcpay::webhook_result_name(outcome.result), outcome.detail);
    } catch (const std::exception& e) {
        // The database (or the node's merchant key) failed: nothing was recorded, BTCPay retries.
        log::error("BTCPay webhook not processed", {{"merchant", std::string(merchant_id)}, {"error", e.what()}});
        return answer(http::status::service_unavailable, "unavailable", "the delivery could not be processed now");
    }
}

}  // namespace flash::node::api
