// /api/v1/lightning/address: the user's lightning address (contract in README.md), NIP-98
// authenticated, answered on the server's I/O thread. Paying an address goes through the public
// LNURL-pay routes (lnurl_pay_routes.hpp).
//   GET    -> {name, address, created_at}; 404 no_address
//   POST {name} -> the same; 400 bad_name, 409 name_taken / has_address
//   DELETE -> the released one; 404 no_address
#pragma once
#include <string>
#include <string_view>

#include "node/lightning/lightning_addresses.hpp"
#include "node/server/http.hpp"

namespace flash::node::api {

class LightningAddressRoutes {
public:
    static constexpr std::string_view path = "/api/v1/lightning/address";

    /// `addresses` must outlive the routes; `scheme` ("http" or "https") and `public_origin` ("" or
    /// "https://host") give the address's domain (request_origin.hpp).
    LightningAddressRoutes(lightning::LightningAddresses& addresses, std::string scheme, std::string public_origin);

    static bool serves(std::string_view target_path) { return target_path == path; }

    /// The answer to `request` for `user`, errors included.
    Response handle(const Request& request, const std::string& user);

private:
    Response dispatch(const Request& request, const std::string& user);

    lightning::LightningAddresses& addresses_;
    std::string scheme_;
    std::string public_origin_;
};

/// The HTTP status of an address refusal (400, 404 or 409).
http::status address_error_status(lightning::AddressErrc code) noexcept;

}  // namespace flash::node::api
