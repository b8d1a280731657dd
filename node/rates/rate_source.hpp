// RateSource: where flash-node learns what one bitcoin is worth in the fiat currencies the app
// shows beside its amounts. Implementations: `fake` (fixed, labelled rates: the embedded default,
// fake_rates.hpp) and Coinbase's public exchange-rate API (coinbase_rates.hpp); make_rate_source.hpp
// picks one from the configuration, RateService (rate_service.hpp) caches what it answers.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

namespace flash::node::rates {

/// The fiat currencies the node serves rates for (ISO 4217 codes), the ones the app offers.
inline constexpr std::array<std::string_view, 5> fiat_currencies{"EUR", "USD", "GBP", "CHF", "BRL"};

/// What one bitcoin is worth in a currency, and when that was learned.
struct FiatRate {
    double per_btc = 0;    ///< units of the currency for 1 BTC (100,000,000 sat); always > 0
    std::int64_t at = 0;   ///< unix seconds
};

/// Rates by currency code; only currencies of fiat_currencies.
using FiatRates = std::map<std::string, FiatRate, std::less<>>;

enum class RateErrc {
    unavailable,  ///< the source could not be asked or refused (network, TLS, timeout, HTTP error status)
    malformed,    ///< the source answered something that is not a usable rate
};

class RateError : public std::runtime_error {
public:
    RateError(RateErrc code, const std::string& message) : std::runtime_error(message), code_(code) {}
    RateErrc code() const noexcept { return code_; }

private:
    RateErrc code_;
};

/// "unavailable" / "malformed".
constexpr std::string_view rate_errc_name(RateErrc code) noexcept {
    return code == RateErrc::unavailable ? "unavailable" : "malformed";
}

class RateSource {
public:
    virtual ~RateSource() = default;

    /// "fake" or the real source's name ("coinbase"), as the API and the logs report it.
    virtual std::string_view name() const = 0;

    /// Asks the source now; the rates are stamped `now_s` unless the source dates them itself.
    /// Returns at least one currency. Throws RateError. May block for the source's timeout, so
    /// it is never called on the server's I/O thread (RateService calls it on its own).
    virtual FiatRates fetch(std::int64_t now_s) = 0;
};

}  // namespace flash::node::rates
