#include "node/rates/fake_rates.hpp"

#include <iterator>
#include <utility>

namespace flash::node::rates {
namespace {

/// Round figures of the right size: 1 sat = 0.0008 EUR makes sums easy to check by hand.
constexpr std::pair<std::string_view, double> fixed_rates[] = {
    {"EUR", 80'000}, {"USD", 90'000}, {"GBP", 70'000}, {"CHF", 75'000}, {"BRL", 500'000},
};
static_assert(std::size(fixed_rates) == fiat_currencies.size());

}  // namespace

FiatRates FakeRates::fetch(std::int64_t now_s) {
    FiatRates rates;
    for (const auto& [code, rate] : fixed_rates) rates.emplace(std::string(code), FiatRate{rate, now_s});
    return rates;
}

}  // namespace flash::node::rates
