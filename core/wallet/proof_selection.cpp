#include "core/wallet/proof_selection.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

#include "core/error.hpp"

namespace flash::wallet {
namespace {

constexpr cashu::Amount max_amount = std::numeric_limits<cashu::Amount>::max();

/// a + b, or max_amount when that overflows (an unreachable target, never a wrong one).
cashu::Amount saturating_add(cashu::Amount a, cashu::Amount b) { return b > max_amount - a ? max_amount : a + b; }

/// ceil(ppk_sum / 1000) without overflowing near 2^64.
cashu::Amount fee_of(std::uint64_t ppk_sum) { return ppk_sum / 1000 + (ppk_sum % 1000 != 0 ? 1 : 0); }

/// A selection being built: its total and summed fee rates.
struct Tally {
    cashu::Amount total = 0;
    std::uint64_t ppk = 0;
    Tally with(const Candidate& c) const { return {saturating_add(total, c.amount), saturating_add(ppk, c.input_fee_ppk)}; }
    Tally without(const Candidate& c) const { return {total - c.amount, ppk - c.input_fee_ppk}; }
    bool covers(cashu::Amount amount) const { return total >= saturating_add(amount, fee_of(ppk)); }
};

std::vector<std::size_t> by_amount(std::span<const Candidate> candidates, bool descending) {
    std::vector<std::size_t> order(candidates.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return descending ? candidates[a].amount > candidates[b].amount : candidates[a].amount < candidates[b].amount;
    });
    return order;
}

Selection finish(std::vector<std::size_t> indices, const Tally& tally) {
    std::sort(indices.begin(), indices.end());
    return {std::move(indices), tally.total, fee_of(tally.ppk)};
}

}  // namespace

std::optional<Selection> select_exact(std::span<const Candidate> candidates, cashu::Amount amount, bool with_fee) {
    if (amount == 0) return std::nullopt;
    Tally tally;
    std::vector<std::size_t> taken;
    const auto target = [&](const Tally& t) { return with_fee ? saturating_add(amount, fee_of(t.ppk)) : amount; };
    for (const std::size_t i : by_amount(candidates, true)) {
        const Tally next = tally.with(candidates[i]);
        if (next.total <= target(next)) {
            tally = next;
            taken.push_back(i);
            if (tally.total == target(tally)) return finish(std::move(taken), tally);
        }
    }
    return std::nullopt;
}

std::optional<Selection> select_covering(std::span<const Candidate> candidates, cashu::Amount amount) {
    const std::vector<std::size_t> ascending = by_amount(candidates, false);
    for (const std::size_t i : ascending) {
        const Tally single = Tally{}.with(candidates[i]);
        if (single.covers(amount)) return finish({i}, single);
    }
    Tally tally;
    std::vector<std::size_t> taken;
    for (auto it = ascending.rbegin(); it != ascending.rend() && !tally.covers(amount); ++it) {
        tally = tally.with(candidates[*it]);
        taken.push_back(*it);
    }
    if (!tally.covers(amount)) return std::nullopt;
    // The last proof taken may be bigger than needed: swap in the smallest one that still covers.
    const Tally rest = tally.without(candidates[taken.back()]);
    for (const std::size_t i : ascending) {
        const bool used = std::find(taken.begin(), taken.end() - 1, i) != taken.end() - 1;
        if (used || !rest.with(candidates[i]).covers(amount)) continue;
        if (candidates[i].amount < candidates[taken.back()].amount) {
            taken.back() = i;
            tally = rest.with(candidates[i]);
        }
        break;
    }
    return finish(std::move(taken), tally);
}

std::vector<cashu::Amount> split_amount(cashu::Amount amount) {
    std::vector<cashu::Amount> parts;
    for (int bit = 0; bit < 64; ++bit) {
        const cashu::Amount power = cashu::Amount{1} << bit;
        if (amount & power) parts.push_back(power);
    }
    return parts;
}

std::vector<cashu::Amount> offline_denominations(cashu::Amount amount, const DenominationPolicy& policy) {
    const cashu::Amount top = policy.small_up_to;
    if (policy.copies == 0 || top == 0 || (top & (top - 1)) != 0)
        throw Error(Errc::bad_argument, "denominations: copies >= 1 and a power of two as the largest small one");
    std::vector<cashu::Amount> parts;
    cashu::Amount rest = amount;
    for (cashu::Amount power = 1; power != 0 && power <= top; power <<= 1)
        for (std::uint32_t copy = 0; copy < policy.copies && rest >= power; ++copy) {
            parts.push_back(power);
            rest -= power;
        }
    for (const cashu::Amount part : split_amount(rest)) parts.push_back(part);
    std::sort(parts.begin(), parts.end());
    return parts;
}

cashu::Amount add_amounts(cashu::Amount a, cashu::Amount b) {
    if (b > max_amount - a) throw Error(Errc::bad_argument, "amount overflows 64 bits");
    return a + b;
}

}  // namespace flash::wallet
