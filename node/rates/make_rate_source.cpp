#include "node/rates/make_rate_source.hpp"

#include "core/error.hpp"
#include "node/rates/coinbase_rates.hpp"
#include "node/rates/fake_rates.hpp"
#include "node/server/log.hpp"

namespace flash::node::rates {

std::unique_ptr<RateSource> make_rate_source(const RatesConfig& config) {
    if (config.source == "coinbase") {
        auto source = std::make_unique<CoinbaseRates>(
            CoinbaseOptions{.url = config.url, .timeout = std::chrono::seconds(config.timeout_s)});
        log::info("exchange rates from coinbase", {{"rates", "coinbase"}, {"url", config.url}, {"max_age_s", config.max_age_s}});
        return source;
    }
    if (config.source != "fake") throw Error(Errc::bad_config, "unknown exchange rate source " + config.source);
    log::warn("exchange rates are FAKE: fixed demo figures, not market prices", {{"rates", "fake"}});
    return std::make_unique<FakeRates>();
}

}  // namespace flash::node::rates
