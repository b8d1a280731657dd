// The Flash Cards' LNURL-withdraw routes (LUD-03 with the Bolt Card's p and c), without NIP-98:
// the card authenticates itself with its tap, the k1 authorises the payment.
//   GET /api/v1/cards/tap?p=<32 hex>&c=<16 hex>     -> withdrawRequest with a one-time k1
//   GET /api/v1/cards/callback?k1=<k1>&pr=<bolt11>  -> {"status":"OK"} once the holder's account paid
// Errors are LNURL's {"status":"ERROR","reason":"<code>: ..."} (codes: card_error.hpp, the
// accounts' and the core's): 400 for a refused or malformed request, 404 for an unknown card or
// k1, 503 when the database or the Lightning node fails; never 500.
// Answered on the server's I/O thread (card payments go through LightningAccounts).
//
// The callback must be https (or http to a .onion host) for wallets (LUD-01). A node served over
// plain http (the demo, tests) answers with its http callback all the same: only a point of sale
// that knows the node (the PWA, tests) follows it.
#pragma once
#include <string>
#include <string_view>

#include "node/merchant/cards/card_withdraw.hpp"
#include "node/server/http.hpp"

namespace flash::node::api {

class CardLnurlRoutes {
public:
    /// The path written to cards (lnurlw://<host> + tap_path).
    static constexpr std::string_view tap_path = "/api/v1/cards/tap";
    static constexpr std::string_view callback_path = "/api/v1/cards/callback";

    /// `withdraw` must outlive the routes; `scheme` and `public_origin` make the callback URL
    /// (request_origin.hpp).
    CardLnurlRoutes(merchant::cards::CardWithdraw& withdraw, std::string scheme, std::string public_origin);

    static bool serves(std::string_view path) { return path == tap_path || path == callback_path; }
    /// What cards write before ?p=...&c=...: "lnurlw://<host of `origin`>" + tap_path, where
    /// `origin` is how clients reach the node (request_origin.hpp).
    static std::string lnurlw_base(std::string_view origin);

    /// The answer to `request` (errors included).
    Response handle(const Request& request, std::string_view path);

private:
    Response tap(const Request& request, std::string_view query);
    Response callback(const Request& request, std::string_view query);

    merchant::cards::CardWithdraw& withdraw_;
    std::string scheme_;
    std::string public_origin_;
};

}  // namespace flash::node::api
