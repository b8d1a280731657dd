#include "core/lightning/lnurl_withdraw.hpp"

#include <nlohmann/json.hpp>

#include "core/codec/percent.hpp"
#include "core/error.hpp"
#include "core/lightning/bolt11.hpp"
#include "core/lightning/lnurl.hpp"
#include "core/lightning/lnurl_json.hpp"

namespace flash::lightning::lnurl {

namespace {

[[noreturn]] void fail(const std::string& detail) { throw Error(Errc::bad_lnurl, "withdrawRequest: " + detail); }

}  // namespace

WithdrawRequest parse_withdraw_request(std::string_view json_text) {
    const nlohmann::json answer = check_service_answer(json_text);
    require_tag(answer, "withdrawRequest");
    WithdrawRequest out{parse_service_url(required_string(answer, "callback")),
                        required_string(answer, "k1"),
                        optional_string(answer, "defaultDescription").value_or(""),
                        required_msat(answer, "minWithdrawable"),
                        required_msat(answer, "maxWithdrawable")};
    if (out.k1.empty()) fail("k1 is empty");
    if (out.min_withdrawable_msat > out.max_withdrawable_msat) fail("minWithdrawable is above maxWithdrawable");
    return out;
}

std::string withdraw_callback_url(const WithdrawRequest& request, std::string_view invoice) {
    const auto amount = bolt11::decode(invoice).invoice.amount_msat;
    if (!amount) throw Error(Errc::bad_argument, "a withdraw invoice must state its amount");
    if (*amount < request.min_withdrawable_msat || *amount > request.max_withdrawable_msat)
        throw Error(Errc::bad_argument, "invoice amount outside the service's minWithdrawable..maxWithdrawable");
    return append_query(request.callback, {{"k1", request.k1}, {"pr", std::string(invoice)}});
}

std::string withdraw_request_answer(const WithdrawOffer& offer) {
    const nlohmann::json answer = {{"tag", "withdrawRequest"},
                                   {"callback", offer.callback},
                                   {"k1", offer.k1},
                                   {"defaultDescription", offer.default_description},
                                   {"minWithdrawable", offer.min_withdrawable_msat},
                                   {"maxWithdrawable", offer.max_withdrawable_msat}};
    std::string text;
    try {
        text = answer.dump();
        parse_withdraw_request(text);  // a service must not publish what wallets have to refuse
    } catch (const Error& e) {
        throw Error(Errc::bad_argument, std::string("withdraw offer is invalid: ") + e.what());
    } catch (const nlohmann::json::exception& e) {
        throw Error(Errc::bad_argument, std::string("withdraw offer is not UTF-8: ") + e.what());
    }
    return text;
}

WithdrawCallback parse_withdraw_callback(std::string_view query) {
    const auto params = codec::parse_query(query);
    if (!params) fail("malformed query");
    WithdrawCallback out;
    for (const auto& [key, value] : *params) {
        if (key == "k1" && out.k1.empty()) out.k1 = value;
        else if (key == "pr" && out.pr.empty()) out.pr = value;
    }
    if (out.k1.empty()) fail("k1 is missing");
    if (out.pr.empty()) fail("pr is missing");
    return out;
}

}  // namespace flash::lightning::lnurl
