// Exchange rates from Coinbase's public Data API, "Get Exchange Rates":
//   GET https://api.coinbase.com/v2/exchange-rates?currency=BTC   (no authentication)
//   -> {"data": {"currency": "BTC", "rates": {"EUR": "80123.45", "USD": "...", ...}}}
// "Returned rates will define the exchange rate for one unit of the base currency", as decimal
// strings, for every currency Coinbase knows (a few hundred, crypto and fiat), in one answer.
// Documented at https://docs.cdp.coinbase.com/coinbase-app/track-apis/exchange-rates
// The answer carries no time of its own, so the rates are stamped with the time they were fetched.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "node/net/http_client.hpp"
#include "node/rates/rate_source.hpp"

namespace flash::node::rates {

/// The currencies of fiat_currencies that the answer `body` has, per BTC, stamped `at`. Strict:
/// the body must be a JSON object whose data.currency is "BTC" and whose data.rates is an object;
/// each wanted currency that is present must be a decimal string ("80123.45": digits, at most one
/// point, no sign or exponent) worth more than zero, and at least one must be present. Currencies
/// the app does not offer are ignored. Throws RateError(malformed) naming what is wrong.
FiatRates parse_coinbase_rates(std::string_view body, std::int64_t at);

struct CoinbaseOptions {
    std::string url = "https://api.coinbase.com";  ///< the API's base URL
    std::optional<std::string> pinned_cert_file{}; ///< trust only this certificate (tests); else the system's CAs
    std::chrono::milliseconds timeout{10'000};     ///< the whole call
};

class CoinbaseRates final : public RateSource {
public:
    /// Throws flash::Error(bad_config) for a bad URL or pinned certificate file.
    explicit CoinbaseRates(const CoinbaseOptions& options);

    std::string_view name() const override { return "coinbase"; }
    /// One GET of the exchange rates of BTC. Throws RateError: unavailable for a transport failure
    /// or a status other than 200, malformed as parse_coinbase_rates() says.
    FiatRates fetch(std::int64_t now_s) override;

private:
    net::HttpClient http_;
};

}  // namespace flash::node::rates
