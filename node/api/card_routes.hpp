// /api/v1/cards/...: a user's Flash Cards (contract in README.md), NIP-98 authenticated, answered
// on the server's I/O thread. The cards' own LNURL-withdraw routes are card_lnurl_routes.hpp.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "node/lightning/lightning_accounts.hpp"
#include "node/merchant/cards/card_error.hpp"
#include "node/merchant/cards/card_registry.hpp"
#include "node/server/http.hpp"

namespace flash::node::api {

/// A card refusal as the holder's routes answer it: {"error", "code"} with 404 (not_found), 409
/// (card_taken, card_wiped) or 400.
Response card_error_response(const Request& request, const merchant::cards::CardError& error);

class CardRoutes {
public:
    /// `registry` and `accounts` must outlive the routes. `scheme` ("http" or "https") and
    /// `public_origin` ("" or "https://host") make the cards' lnurlw:// base (request_origin.hpp).
    CardRoutes(merchant::cards::CardRegistry& registry, lightning::LightningAccounts& accounts, std::string scheme,
               std::string public_origin);

    /// Whether `path` is /api/v1/cards or below it (the LNURL routes are matched before).
    static bool serves(std::string_view path);

    /// The answer to `request` for `user`, errors included.
    Response handle(const Request& request, std::string_view path, const std::string& user);

private:
    Response dispatch(const Request& request, std::string_view path, const std::string& user);

    merchant::cards::CardRegistry& registry_;
    lightning::LightningAccounts& accounts_;
    std::string scheme_;
    std::string public_origin_;
};

}  // namespace flash::node::api
