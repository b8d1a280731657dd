// FakeRates: fixed exchange rates for demos and tests, used when no real source is configured.
// They are plausible (so that amounts look right) but not real: the node logs that they are fake
// and the API answers "source": "fake", which the app shows in its settings.
#pragma once
#include "node/rates/rate_source.hpp"

namespace flash::node::rates {

class FakeRates final : public RateSource {
public:
    std::string_view name() const override { return "fake"; }
    /// Every currency of fiat_currencies at its fixed rate, stamped `now_s`. Never throws.
    FiatRates fetch(std::int64_t now_s) override;
};

}  // namespace flash::node::rates
