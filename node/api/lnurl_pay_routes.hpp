// The public LNURL-pay routes of the users' lightning addresses (LUD-16, LUD-06, LUD-12), without
// NIP-98 (anyone may pay an address):
//   GET /.well-known/lnurlp/<name>                       -> the payRequest, callback below
//   GET /lnurl/pay/<name>?amount=<msat>[&comment=<text>] -> {"pr": <invoice>, "routes": []}
// The address's domain is the node's public host (--public-url) or the request's Host header.
// Refusals are LNURL's {"status": "ERROR", "reason": "<code>: ..."}: 404 for a name nobody holds,
// 400 for a missing or out-of-range amount or a bad comment, 405 for another method, 503 when the
// database or the Lightning node fails; never 500. Every answer carries
// Access-Control-Allow-Origin: * (the server adds it): other wallets' web apps call these routes.
// Answered on the server's I/O thread (invoices are made through LightningAccounts).
//
// LUD-01 wants the callback on https (or http to an onion host). A node served over plain http (the
// demo, tests) answers with its http callback all the same: only wallets that know the node follow it.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "node/lightning/lightning_addresses.hpp"
#include "node/server/http.hpp"

namespace flash::node::api {

class LnurlPayRoutes final : public HttpService {
public:
    static constexpr std::string_view pay_request_prefix = "/.well-known/lnurlp/";
    static constexpr std::string_view callback_prefix = "/lnurl/pay/";

    /// `addresses` must outlive the routes; `scheme` and `public_origin` as request_origin() takes them.
    LnurlPayRoutes(lightning::LightningAddresses& addresses, std::string scheme, std::string public_origin);

    std::optional<Response> handle(const Request& request, const ClientInfo& client) override;

private:
    /// The offer of the name in `segment` as the request addressed the node.
    lightning::AddressOffer offer(const Request& request, std::string_view segment) const;

    lightning::LightningAddresses& addresses_;
    std::string scheme_;
    std::string public_origin_;
};

}  // namespace flash::node::api
