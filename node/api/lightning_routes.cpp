#include "node/api/lightning_routes.hpp"

#include "node/api/api_error.hpp"
#include "node/api/json_body.hpp"
#include "node/api/ledger_json.hpp"

namespace flash::node::api {
namespace {

constexpr std::string_view invoices = "/api/v1/lightning/invoices";
constexpr std::string_view payments = "/api/v1/lightning/payments";

/// The part of `path` after `prefix` + "/", or nullopt when `path` is not below `prefix`.
std::optional<std::string_view> below(std::string_view path, std::string_view prefix) {
    if (path.size() <= prefix.size() + 1 || !path.starts_with(prefix) || path[prefix.size()] != '/') return std::nullopt;
    return path.substr(prefix.size() + 1);
}

void require_method(const Request& request, http::verb method) {
    if (request.method() != method)
        throw ApiError(http::status::method_not_allowed, "method_not_allowed", "method not allowed here");
}

}  // namespace

std::optional<Response> lightning_route(lightning::LightningAccounts& accounts, const Request& request,
                                        std::string_view path, const std::string& user, std::int64_t now_s) {
    if (path == invoices) {
        require_method(request, http::verb::post);
        const nlohmann::json body = object_body(request);
        const std::uint64_t amount_msat = sat_to_msat(required_uint(body, "amount_sat"));
        const LedgerInvoice invoice = accounts.create_invoice(user, amount_msat, optional_text(body, "description").value_or(""),
                                                              user_invoice_expiry_s, optional_bool(body, "sale").value_or(false));
        return json_response(request, http::status::created, invoice_json(invoice, now_s));
    }
    if (const auto hash = below(path, invoices)) {
        require_method(request, http::verb::get);
        return json_response(request, http::status::ok, invoice_json(accounts.invoice(user, hash_segment(*hash)), now_s));
    }
    if (path == payments) {
        require_method(request, http::verb::post);
        const nlohmann::json body = object_body(request);
        std::optional<std::uint64_t> max_fee_msat;
        if (const auto max_fee_sat = optional_uint(body, "max_fee_sat")) max_fee_msat = sat_to_msat(*max_fee_sat);
        const LedgerPayment payment = accounts.pay(user, required_text(body, "bolt11"), max_fee_msat);
        return json_response(request, http::status::ok, payment_json(payment));
    }
    if (const auto hash = below(path, payments)) {
        require_method(request, http::verb::get);
        return json_response(request, http::status::ok, payment_json(accounts.payment(user, hash_segment(*hash))));
    }
    return std::nullopt;
}

}  // namespace flash::node::api
