// What a merchant's reward rule gives for one card payment: a fixed amount, a share of the
// purchase, both, cut to what the daily caps leave, refused once a cap is reached.
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>

#include "node/merchant/rewards/reward_rules.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::node;
using namespace flash::node::merchant::rewards;

namespace {

RewardRule rule(std::uint64_t per_tap_msat, std::uint32_t percent_bp, std::uint64_t cap_card = 1'000'000'000,
                std::uint64_t cap_merchant = 1'000'000'000) {
    RewardRule r;
    r.merchant = "m";
    r.per_tap_msat = per_tap_msat;
    r.percent_bp = percent_bp;
    r.cap_card_day_msat = cap_card;
    r.cap_merchant_day_msat = cap_merchant;
    return r;
}

}  // namespace

TEST_CASE("a reward is an amount per payment plus a share of the purchase", "[rewards]") {
    CHECK(grant_for(rule(10'000, 0), 2'000'000, {}).amount_msat == 10'000);
    CHECK(grant_for(rule(0, 150), 2'000'000, {}).amount_msat == 30'000);  // 1.5%
    CHECK(grant_for(rule(10'000, 150), 2'000'000, {}).amount_msat == 40'000);
    CHECK(grant_for(rule(0, 1), 9'999, {}).amount_msat == 0);  // rounded down ...
    CHECK(grant_for(rule(0, 1), 9'999, {}).refusal == "too_small");  // ... to nothing
    CHECK(grant_for(rule(0, 10'000), 123'456, {}).amount_msat == 123'456);
    // No overflow for the largest purchases.
    constexpr std::uint64_t huge = std::numeric_limits<std::uint64_t>::max();
    CHECK(grant_for(rule(0, 10'000, huge, huge), huge, {}).amount_msat == huge);
    CHECK(grant_for(rule(huge, 10'000, huge, huge), huge, {}).amount_msat == huge);
}

TEST_CASE("a reward is cut to what the daily caps leave and refused once one is reached", "[rewards]") {
    const RewardRule capped = rule(100'000, 0, 250'000, 400'000);
    CHECK(grant_for(capped, 1, {0, 0}).amount_msat == 100'000);
    CHECK(grant_for(capped, 1, {200'000, 200'000}).amount_msat == 50'000);  // the card's cap
    CHECK(grant_for(capped, 1, {0, 350'000}).amount_msat == 50'000);        // the merchant's cap
    const RewardGrant card_full = grant_for(capped, 1, {250'000, 250'000});
    CHECK(card_full.amount_msat == 0);
    CHECK(card_full.refusal == "card_cap");
    CHECK(grant_for(capped, 1, {0, 400'000}).refusal == "merchant_cap");
    CHECK(grant_for(capped, 1, {300'000, 500'000}).refusal == "card_cap");  // over (a cap lowered since)
    CHECK(grant_for(capped, 1, {0, 0}).refusal.empty());
}

TEST_CASE("a rule must give something, at most all of the purchase, with caps", "[rewards]") {
    CHECK_NOTHROW(check_rule(rule(1, 0)));
    CHECK_NOTHROW(check_rule(rule(0, 1)));
    test::require_error(Errc::bad_argument, [] { check_rule(rule(0, 0)); });
    test::require_error(Errc::bad_argument, [] { check_rule(rule(0, 10'001)); });
    test::require_error(Errc::bad_argument, [] { check_rule(rule(1, 0, 0, 1)); });
    test::require_error(Errc::bad_argument, [] { check_rule(rule(1, 0, 1, 0)); });
}
