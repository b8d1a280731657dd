// /api/v1/lightning/...: a user's invoices and payments (see lightning_accounts.hpp). Answered on
// the server's I/O thread, where the Lightning backend lives.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "node/lightning/lightning_accounts.hpp"
#include "node/server/http.hpp"

namespace flash::node::api {

/// How long the invoices users ask for stay payable.
inline constexpr std::uint32_t user_invoice_expiry_s = 3600;

/// The answer to `request` at `path` for `user`, or nullopt when `path` is not a Lightning route.
/// Throws what the accounts throw (exception_response() maps it) and ApiError.
std::optional<Response> lightning_route(lightning::LightningAccounts& accounts, const Request& request,
                                        std::string_view path, const std::string& user, std::int64_t now_s);

}  // namespace flash::node::api
