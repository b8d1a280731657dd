#include "node/api/rate_routes.hpp"

#include "node/api/api_error.hpp"

namespace flash::node::api {

Response RateRoutes::handle(const Request& request) {
    if (request.method() != http::verb::get)
        return api_error_response(request, http::status::method_not_allowed, "method_not_allowed", "method not allowed here");
    const rates::FiatRates known = rates_.current();
    if (known.empty())
        return api_error_response(request, http::status::service_unavailable, "unavailable",
                                  "no exchange rate is known yet; try again in a moment");
    nlohmann::json table = nlohmann::json::object();
    for (const auto& [code, rate] : known) table[code] = {{"per_btc", rate.per_btc}, {"at", rate.at}};
    return json_response(request, http::status::ok, {{"source", rates_.source_name()}, {"rates", table}});
}

}  // namespace flash::node::api
