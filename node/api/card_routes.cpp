#include "node/api/card_routes.hpp"

#include "node/api/api_error.hpp"
#include "node/api/card_json.hpp"
#include "node/api/card_lnurl_routes.hpp"
#include "node/api/json_body.hpp"
#include "node/api/request_origin.hpp"
#include "node/merchant/cards/card_error.hpp"

namespace flash::node::api {
namespace {

using merchant::cards::CardChange;
using merchant::cards::CardErrc;
using merchant::cards::CardError;

constexpr std::string_view cards_path = "/api/v1/cards";
constexpr std::string_view wipe_suffix = "/wipe";

void require_method(const Request& request, http::verb method) {
    if (request.method() != method)
        throw ApiError(http::status::method_not_allowed, "method_not_allowed", "method not allowed here");
}

CardChange change_from(const nlohmann::json& body) {
    CardChange change;
    change.name = optional_text(body, "name");
    if (const auto sat = optional_uint(body, "max_payment_sat")) change.max_payment_msat = sat_to_msat(*sat);
    if (const auto sat = optional_uint(body, "max_day_sat")) change.max_day_msat = sat_to_msat(*sat);
    change.enabled = optional_bool(body, "enabled");
    return change;
}

http::status card_error_status(CardErrc code) {
    switch (code) {
        case CardErrc::not_found: return http::status::not_found;
        case CardErrc::card_taken:
        case CardErrc::card_wiped: return http::status::conflict;
        default: return http::status::bad_request;
    }
}

}  // namespace

Response card_error_response(const Request& request, const CardError& error) {
    return api_error_response(request, card_error_status(error.code()), merchant::cards::card_errc_name(error.code()),
                              error.what());
}

CardRoutes::CardRoutes(merchant::cards::CardRegistry& registry, lightning::LightningAccounts& accounts,
                       std::string scheme, std::string public_origin)
    : registry_(registry), accounts_(accounts), scheme_(std::move(scheme)), public_origin_(std::move(public_origin)) {}

bool CardRoutes::serves(std::string_view path) {
    return path == cards_path ||
           (path.starts_with(cards_path) && path.size() > cards_path.size() && path[cards_path.size()] == '/');
}

Response CardRoutes::handle(const Request& request, std::string_view path, const std::string& user) {
    try {
        return dispatch(request, path, user);
    } catch (const CardError& e) {
        return card_error_response(request, e);
    } catch (const std::exception& e) {
        return exception_response(request, e);
    }
}

Response CardRoutes::dispatch(const Request& request, std::string_view path, const std::string& user) {
    if (path == cards_path) {
        if (request.method() == http::verb::get) {
            const LedgerBalance balance = accounts_.balance(user);
            nlohmann::json cards = nlohmann::json::array();
            for (const merchant::cards::CardOverview& overview : registry_.cards(user))
                cards.push_back(card_overview_json(overview));
            return json_response(request, http::status::ok,
                                 {{"lightning_msat", balance.available_msat},
                                  {"lightning_pending_msat", balance.pending_msat},
                                  {"cards", std::move(cards)}});
        }
        require_method(request, http::verb::post);
        const nlohmann::json body = object_body(request);
        const std::string lnurlw_base = CardLnurlRoutes::lnurlw_base(request_origin(request, scheme_, public_origin_));
        const merchant::cards::ProgrammedCard programmed =
            registry_.register_card(user, required_text(body, "uid"), change_from(body));
        return json_response(request, programmed.card.version == 1 ? http::status::created : http::status::ok,
                             {{"card", card_json(programmed.card)},
                              {"programming", programming_json(programmed, lnurlw_base)}});
    }
    std::string_view id = path.substr(cards_path.size() + 1);
    if (id.ends_with(wipe_suffix)) {
        id.remove_suffix(wipe_suffix.size());
        require_method(request, http::verb::post);
        const merchant::cards::ProgrammedCard wiped = registry_.wipe(user, std::string(id));
        return json_response(request, http::status::ok, {{"card", card_json(wiped.card)}, {"wipe", wipe_json(wiped)}});
    }
    if (id.find('/') != std::string_view::npos) throw ApiError(http::status::not_found, "not_found", "no such API route");
    require_method(request, http::verb::patch);
    return json_response(request, http::status::ok,
                         card_json(registry_.change(user, std::string(id), change_from(object_body(request)))));
}

}  // namespace flash::node::api
