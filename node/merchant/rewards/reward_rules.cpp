#include "node/merchant/rewards/reward_rules.hpp"

#include <algorithm>
#include <limits>

#include "core/error.hpp"

namespace flash::node::merchant::rewards {
namespace {

std::uint64_t left(std::uint64_t cap, std::uint64_t used) { return cap > used ? cap - used : 0; }

/// purchase * bp / 10000 without overflowing 64 bits.
std::uint64_t share_of(std::uint64_t purchase_msat, std::uint32_t bp) {
    return purchase_msat / max_percent_bp * bp + purchase_msat % max_percent_bp * bp / max_percent_bp;
}

}  // namespace

void check_rule(const RewardRule& rule) {
    if (rule.per_tap_msat == 0 && rule.percent_bp == 0)
        throw Error(Errc::bad_argument, "a reward rule gives an amount per payment, a percentage, or both");
    if (rule.percent_bp > max_percent_bp) throw Error(Errc::bad_argument, "a reward is at most 100% of the purchase");
    if (rule.cap_card_day_msat == 0 || rule.cap_merchant_day_msat == 0)
        throw Error(Errc::bad_argument, "a reward rule's daily caps are at least 1 sat");
}

RewardGrant grant_for(const RewardRule& rule, std::uint64_t purchase_msat, const RewardTotals& today) {
    const std::uint64_t share = share_of(purchase_msat, rule.percent_bp);
    constexpr std::uint64_t most = std::numeric_limits<std::uint64_t>::max();
    const std::uint64_t wanted = rule.per_tap_msat > most - share ? most : rule.per_tap_msat + share;
    if (wanted == 0) return {0, "too_small"};
    const std::uint64_t card_left = left(rule.cap_card_day_msat, today.card_msat);
    if (card_left == 0) return {0, "card_cap"};
    const std::uint64_t merchant_left = left(rule.cap_merchant_day_msat, today.merchant_msat);
    if (merchant_left == 0) return {0, "merchant_cap"};
    return {std::min({wanted, card_left, merchant_left}), ""};
}

}  // namespace flash::node::merchant::rewards
