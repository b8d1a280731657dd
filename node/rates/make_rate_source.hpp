// The exchange-rate source the configuration asks for, announced in the log.
#pragma once
#include <memory>

#include "node/rates/rate_source.hpp"
#include "node/server/config.hpp"

namespace flash::node::rates {

/// "fake": FakeRates, with a warning that the rates are not real. "coinbase": CoinbaseRates on
/// config.url with config.timeout_s. Throws Error(bad_config) for an unknown source or a bad URL.
std::unique_ptr<RateSource> make_rate_source(const RatesConfig& config);

}  // namespace flash::node::rates
