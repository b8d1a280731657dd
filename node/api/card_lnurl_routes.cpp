#include "node/api/card_lnurl_routes.hpp"

#include <nlohmann/json.hpp>

#include "core/codec/percent.hpp"
#include "core/error.hpp"
#include "core/lightning/lnurl.hpp"
#include "node/api/api_error.hpp"
#include "node/api/request_origin.hpp"
#include "node/merchant/cards/card_error.hpp"
#include "node/server/log.hpp"

namespace flash::node::api {
namespace {

namespace lnurl = flash::lightning::lnurl;
using merchant::cards::CardErrc;
using merchant::cards::CardError;

/// A refusal in LNURL's words; its HTTP status says what kind.
struct LnurlRefusal {
    http::status status;
    std::string reason;
};

Response lnurl_response(const Request& request, http::status status, std::string body) {
    return make_response(request, status, std::move(body), "application/json");
}

LnurlRefusal refusal_of(const std::exception& error) {
    // Reasons start with the error's code, as flash::Error's do: "replayed: ...".
    if (const auto* e = dynamic_cast<const CardError*>(&error)) {
        const bool unknown = e->code() == CardErrc::unknown_card || e->code() == CardErrc::unknown_tap;
        return {unknown ? http::status::not_found : http::status::bad_request,
                std::string(merchant::cards::card_errc_name(e->code())) + ": " + e->what()};
    }
    if (const auto* e = dynamic_cast<const lightning::AccountError*>(&error)) {
        const bool unknown = e->code() == lightning::AccountErrc::not_found;
        return {unknown ? http::status::not_found : http::status::bad_request,
                std::string(lightning::account_errc_name(e->code())) + ": " + e->what()};
    }
    if (const auto* e = dynamic_cast<const ApiError*>(&error)) return {e->status(), e->what()};
    if (const auto* e = dynamic_cast<const Error*>(&error)) {
        if (e->code() != Errc::storage) return {http::status::bad_request, e->what()};
    } else if (!dynamic_cast<const lightning::LightningError*>(&error)) {
        log::error("card LNURL request failed", {{"error", error.what()}});
    }
    return {http::status::service_unavailable, "the service is unavailable, try again"};
}

/// The withdrawRequest answer: lnurl::withdraw_request_answer(), which holds the callback to
/// LUD-01 (https, or http to an onion host), unless the node is served over plain http.
std::string offer_answer(const lnurl::WithdrawOffer& offer, std::string_view origin) {
    const bool plain_http = origin.starts_with("http://") && !origin_host(origin).ends_with(".onion");
    if (!plain_http) return lnurl::withdraw_request_answer(offer);
    return nlohmann::json{{"tag", "withdrawRequest"},
                          {"callback", offer.callback},
                          {"k1", offer.k1},
                          {"defaultDescription", offer.default_description},
                          {"minWithdrawable", offer.min_withdrawable_msat},
                          {"maxWithdrawable", offer.max_withdrawable_msat}}
        .dump();
}

std::string_view query_of(std::string_view target) {
    const auto mark = target.find('?');
    return mark == std::string_view::npos ? std::string_view{} : target.substr(mark + 1);
}

}  // namespace

std::string CardLnurlRoutes::lnurlw_base(std::string_view origin) {
    return "lnurlw://" + std::string(origin_host(origin)) + std::string(tap_path);
}

CardLnurlRoutes::CardLnurlRoutes(merchant::cards::CardWithdraw& withdraw, std::string scheme, std::string public_origin)
    : withdraw_(withdraw), scheme_(std::move(scheme)), public_origin_(std::move(public_origin)) {}

Response CardLnurlRoutes::handle(const Request& request, std::string_view path) {
    try {
        if (request.method() != http::verb::get)
            return lnurl_response(request, http::status::method_not_allowed, lnurl::error_answer("use GET"));
        const std::string_view query = query_of(request.target());
        return path == tap_path ? tap(request, query) : callback(request, query);
    } catch (const std::exception& e) {
        LnurlRefusal refusal = refusal_of(e);
        return lnurl_response(request, refusal.status, lnurl::error_answer(refusal.reason));
    }
}

Response CardLnurlRoutes::tap(const Request& request, std::string_view query) {
    const auto params = codec::parse_query(query);
    if (!params) throw CardError(CardErrc::bad_tap, "the query is malformed");
    std::string p, c;
    for (const auto& [key, value] : *params) {
        if (key == "p" && p.empty()) p = value;
        else if (key == "c" && c.empty()) c = value;
    }
    if (p.empty() || c.empty()) throw CardError(CardErrc::bad_tap, "a tap has the parameters p and c");
    const std::string origin = request_origin(request, scheme_, public_origin_);
    const lnurl::WithdrawOffer offer = withdraw_.read_tap(p, c, origin + std::string(callback_path));
    return lnurl_response(request, http::status::ok, offer_answer(offer, origin));
}

Response CardLnurlRoutes::callback(const Request& request, std::string_view query) {
    const lnurl::WithdrawCallback call = lnurl::parse_withdraw_callback(query);
    const LedgerPayment payment = withdraw_.pay(call.k1, call.pr);
    if (payment.state == LedgerPaymentState::failed)
        return lnurl_response(request, http::status::bad_request,
                              lnurl::error_answer("the payment failed: " + payment.failure_reason));
    return lnurl_response(request, http::status::ok, lnurl::ok_answer());
}

}  // namespace flash::node::api
