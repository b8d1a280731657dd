#include "node/api/api_error.hpp"

#include "core/error.hpp"
#include "node/api/request_auth.hpp"
#include "node/bitcoin/chain_backend.hpp"
#include "node/bitcoin/chain_service_error.hpp"
#include "node/lightning/lightning_accounts.hpp"
#include "node/server/log.hpp"

namespace flash::node::api {

Response api_error_response(const Request& request, http::status status, std::string_view code,
                            std::string_view message) {
    // Typed errors spell their code first ("bad_address: ..."): the body has it apart already.
    if (message.size() > code.size() + 2 && message.starts_with(code) && message.substr(code.size(), 2) == ": ")
        message.remove_prefix(code.size() + 2);
    Response response = json_response(request, status, {{"error", message}, {"code", code}});
    if (status == http::status::unauthorized) response.set(http::field::www_authenticate, "Nostr");
    return response;
}

Response exception_response(const Request& request, const std::exception& error) {
    if (const auto* e = dynamic_cast<const ApiError*>(&error))
        return api_error_response(request, e->status(), e->code(), e->what());
    if (dynamic_cast<const AuthError*>(&error))
        return api_error_response(request, http::status::unauthorized, "unauthorized", error.what());
    if (const auto* e = dynamic_cast<const lightning::AccountError*>(&error)) {
        const auto status = e->code() == lightning::AccountErrc::not_found ? http::status::not_found
                                                                           : http::status::bad_request;
        return api_error_response(request, status, lightning::account_errc_name(e->code()), e->what());
    }
    if (const auto* e = dynamic_cast<const bitcoin::ChainServiceError*>(&error)) {
        const bool missing =
            e->code() == bitcoin::ChainServiceErrc::no_account || e->code() == bitcoin::ChainServiceErrc::not_found;
        return api_error_response(request, missing ? http::status::not_found : http::status::conflict,
                                  bitcoin::chain_service_errc_name(e->code()), e->what());
    }
    if (const auto* e = dynamic_cast<const Error*>(&error)) {
        const auto status = e->code() == Errc::storage ? http::status::service_unavailable : http::status::bad_request;
        return api_error_response(request, status, errc_name(e->code()), e->what());
    }
    if (const auto* e = dynamic_cast<const bitcoin::ChainError*>(&error)) {
        // The backend refused what the user sent (a broadcast): the user's problem, not an outage.
        if (e->code() == bitcoin::ChainErrc::rejected)
            return api_error_response(request, http::status::bad_request, "rejected", e->what());
        if (e->code() == bitcoin::ChainErrc::not_found)
            return api_error_response(request, http::status::not_found, "not_found", e->what());
    }
    if (dynamic_cast<const lightning::LightningError*>(&error) || dynamic_cast<const bitcoin::ChainError*>(&error))
        return api_error_response(request, http::status::service_unavailable, "unavailable", error.what());
    log::error("API request failed", {{"target", std::string(request.target())}, {"error", error.what()}});
    return api_error_response(request, http::status::internal_server_error, "internal", "internal error");
}

}  // namespace flash::node::api
