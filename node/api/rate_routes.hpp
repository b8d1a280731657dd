// GET /api/v1/rates: the fiat exchange rates the app shows beside amounts. No authentication (the
// rates are public and the same for everyone). Answered on the server's I/O thread from what the
// RateService holds; it never waits for the source.
#pragma once
#include <string_view>

#include "node/rates/rate_service.hpp"
#include "node/server/http.hpp"

namespace flash::node::api {

class RateRoutes {
public:
    /// `rates` must outlive the routes.
    explicit RateRoutes(rates::RateService& rates) : rates_(rates) {}

    static bool serves(std::string_view path) { return path == "/api/v1/rates"; }

    /// 200 {"source": "fake" | "coinbase", "rates": {"EUR": {"per_btc": 80000, "at": unix}, ...}};
    /// 503 {"code": "unavailable"} while no rate is known yet; 405 for another method.
    Response handle(const Request& request);

private:
    rates::RateService& rates_;
};

}  // namespace flash::node::api
