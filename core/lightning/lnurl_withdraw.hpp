// LNURL-withdraw (LUD-03): a service pays an invoice the wallet makes. Also the protocol a Bolt
// Card speaks once its tap is verified (lnurlw://..., see the boltcard spec).
//   wallet:  GET link → parse_withdraw_request(); make an invoice within [min, max];
//            GET withdraw_callback_url(request, invoice) → lnurl::check_status_ok(answer);
//            then wait for the payment (the service pays asynchronously).
//   service: withdraw_request_answer(offer); parse_withdraw_callback(query) → check k1, pay pr
//            → lnurl::ok_answer() or lnurl::error_answer(reason).
// Sans-I/O: nothing here does HTTP or checks k1 against a store.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/lightning/service_url.hpp"

namespace flash::lightning::lnurl {

struct WithdrawRequest {
    ServiceUrl callback;
    std::string k1;                   ///< the service's handle for this withdrawal (secret: whoever has it can withdraw)
    std::string default_description;  ///< the description to put in the invoice
    std::uint64_t min_withdrawable_msat = 0;  ///< may be 0
    std::uint64_t max_withdrawable_msat = 0;  ///< 0 with min 0: nothing to withdraw now (LUD-03)
};

/// Parses the answer to the first GET.
/// Throws Error(too_large)/Error(bad_json) for text that is not JSON; Error(service_error) with
/// the reason for {"status":"ERROR"}; Error(bad_lnurl) when tag is not "withdrawRequest", a
/// field is missing or mistyped (defaultDescription may be absent: empty), k1 is empty, the
/// callback is not a service URL, or minWithdrawable is above maxWithdrawable.
WithdrawRequest parse_withdraw_request(std::string_view json_text);

/// The URL of the second GET: callback + k1=<k1>&pr=<invoice>, the callback's parameters kept.
/// The invoice is decoded and must ask for an amount in [min, max].
/// Throws bolt11::decode()'s errors, and Error(bad_argument) when the invoice has no amount or
/// one outside the range.
std::string withdraw_callback_url(const WithdrawRequest& request, std::string_view invoice);

/// What a service offers for one withdrawal.
struct WithdrawOffer {
    std::string callback;
    std::string k1;
    std::string default_description;
    std::uint64_t min_withdrawable_msat = 0;
    std::uint64_t max_withdrawable_msat = 0;
};

/// The withdrawRequest answer (JSON text). Error(bad_argument) for an offer wallets would refuse
/// (callback not a service URL, empty k1, min above max, text that is not UTF-8).
std::string withdraw_request_answer(const WithdrawOffer& offer);

/// What a wallet sent to the callback.
struct WithdrawCallback {
    std::string k1;
    std::string pr;  ///< the invoice, not decoded: the service decodes it and checks the amount
};

/// Reads the callback's query string (without '?'). Error(bad_lnurl) — answer it with
/// error_answer(what()) — when k1 or pr is missing or empty or the query is malformed.
WithdrawCallback parse_withdraw_callback(std::string_view query);

}  // namespace flash::lightning::lnurl
