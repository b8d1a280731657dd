// What a merchant's reward rule gives for one card payment: a fixed amount per payment plus a
// share of the purchase, cut to what the rule's daily caps leave (per card, per merchant).
// Pure functions: the caller brings today's totals and records the outcome.
#pragma once
#include <cstdint>
#include <string>

#include "node/storage/reward_store.hpp"

namespace flash::node::merchant::rewards {

/// The largest share of a purchase a rule may give: all of it.
inline constexpr std::uint32_t max_percent_bp = 10'000;

/// Throws Error(bad_argument) for a rule that gives nothing (no amount per payment and no share),
/// a share above 100%, or caps of 0.
void check_rule(const RewardRule& rule);

/// The outcome for one payment: an amount to credit, or why none.
struct RewardGrant {
    std::uint64_t amount_msat = 0;
    std::string refusal;  ///< "" when granted; else card_cap, merchant_cap or too_small
};

/// What `rule` gives for a purchase of `purchase_msat` (per_tap_msat + purchase * percent_bp /
/// 10000, rounded down) given what the merchant credited today (`today`): cut to what each cap
/// leaves, refused once a cap is reached (or when the rule gives less than 1 msat).
RewardGrant grant_for(const RewardRule& rule, std::uint64_t purchase_msat, const RewardTotals& today);

}  // namespace flash::node::merchant::rewards
