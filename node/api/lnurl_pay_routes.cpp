#include "node/api/lnurl_pay_routes.hpp"

#include <nlohmann/json.hpp>

#include "core/codec/percent.hpp"
#include "core/error.hpp"
#include "core/lightning/lnurl.hpp"
#include "node/api/api_error.hpp"
#include "node/api/lightning_address_routes.hpp"
#include "node/api/request_origin.hpp"
#include "node/server/log.hpp"

namespace flash::node::api {
namespace {

namespace lnurl = flash::lightning::lnurl;
using lightning::AddressError;

Response lnurl_response(const Request& request, http::status status, std::string body) {
    return make_response(request, status, std::move(body), "application/json");
}

/// The part of `path` below `prefix`, percent-decoded ("alice%2Bcoffee" -> "alice+coffee"), or
/// nullopt when `path` is not below `prefix`. What cannot be a name comes back as "" (no one's).
std::optional<std::string> segment_below(std::string_view path, std::string_view prefix) {
    if (!path.starts_with(prefix)) return std::nullopt;
    const std::string_view rest = path.substr(prefix.size());
    if (rest.find('/') != std::string_view::npos) return std::string();
    return codec::percent_decode(rest, false).value_or("");
}

/// A refusal in LNURL's words, with the HTTP status that says what kind. Reasons start with the
/// error's code, as flash::Error's do.
Response refusal(const Request& request, const std::exception& error) {
    if (const auto* e = dynamic_cast<const AddressError*>(&error))
        return lnurl_response(request, address_error_status(e->code()),
                              lnurl::error_answer(std::string(lightning::address_errc_name(e->code())) + ": " + e->what()));
    if (const auto* e = dynamic_cast<const ApiError*>(&error))
        return lnurl_response(request, e->status(), lnurl::error_answer(e->code() + ": " + e->what()));
    if (const auto* e = dynamic_cast<const Error*>(&error)) {
        if (e->code() != Errc::storage) return lnurl_response(request, http::status::bad_request, lnurl::error_answer(e->what()));
    } else if (!dynamic_cast<const lightning::LightningError*>(&error)) {
        log::error("LNURL-pay request failed", {{"error", error.what()}});
    }
    return lnurl_response(request, http::status::service_unavailable,
                          lnurl::error_answer("the service is unavailable, try again"));
}

/// The payRequest answer: lnurl::pay_request_answer(), which holds the callback to LUD-01 (https,
/// or http to an onion or loopback host), unless the node is served over plain http.
std::string pay_request_text(const lnurl::PayOffer& offer, std::string_view origin) {
    const bool plain_http = origin.starts_with("http://") && !origin_host(origin).ends_with(".onion");
    if (!plain_http) return lnurl::pay_request_answer(offer);
    return nlohmann::json{{"tag", "payRequest"},
                          {"callback", offer.callback},
                          {"minSendable", offer.min_sendable_msat},
                          {"maxSendable", offer.max_sendable_msat},
                          {"metadata", offer.metadata},
                          {"commentAllowed", offer.comment_allowed}}
        .dump();
}

}  // namespace

LnurlPayRoutes::LnurlPayRoutes(lightning::LightningAddresses& addresses, std::string scheme, std::string public_origin)
    : addresses_(addresses), scheme_(std::move(scheme)), public_origin_(std::move(public_origin)) {}

std::optional<Response> LnurlPayRoutes::handle(const Request& request, const ClientInfo&) {
    const std::string_view path = target_path(request.target());
    const std::optional<std::string> asked = segment_below(path, pay_request_prefix);
    const std::optional<std::string> paid = asked ? std::nullopt : segment_below(path, callback_prefix);
    if (!asked && !paid) return std::nullopt;
    try {
        if (request.method() != http::verb::get)
            return lnurl_response(request, http::status::method_not_allowed, lnurl::error_answer("use GET"));
        if (asked) {
            const lightning::AddressOffer found = offer(request, *asked);
            return lnurl_response(request, http::status::ok,
                                  pay_request_text(found.pay, request_origin(request, scheme_, public_origin_)));
        }
        const LedgerInvoice invoice = addresses_.invoice(offer(request, *paid), target_query(request.target()));
        return lnurl_response(request, http::status::ok, lnurl::invoice_answer(invoice.bolt11));
    } catch (const std::exception& e) {
        return refusal(request, e);
    }
}

lightning::AddressOffer LnurlPayRoutes::offer(const Request& request, std::string_view segment) const {
    const std::string origin = request_origin(request, scheme_, public_origin_);
    return addresses_.offer(segment, origin_host(origin), origin + std::string(callback_prefix));
}

}  // namespace flash::node::api
