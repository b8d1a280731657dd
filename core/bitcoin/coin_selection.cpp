#include "core/bitcoin/coin_selection.hpp"

#include <algorithm>
#include <string>

#include "core/bitcoin/transaction.hpp"
#include "core/error.hpp"

namespace flash::bitcoin {
namespace {

struct Pick {
    std::vector<std::size_t> inputs;
    std::uint64_t total = 0;
    std::size_t input_weight = 0;

    void add(std::size_t index, const CoinCandidate& coin) {
        inputs.push_back(index);
        total += coin.value;
        input_weight += coin.input_weight;
    }
};

std::size_t weight_of(const Pick& pick, const CoinSelectionTarget& target, bool with_change) {
    return transaction_overhead_weight(pick.inputs.size(), with_change ? 2 : 1, true) + pick.input_weight +
           target.recipient_output_weight + (with_change ? target.change_output_weight : 0);
}

std::uint64_t fee_of(const Pick& pick, const CoinSelectionTarget& target, bool with_change) {
    return target.fee_rate.fee(vsize_of_weight(weight_of(pick, target, with_change)));
}

bool pays(const Pick& pick, const CoinSelectionTarget& target, std::uint64_t amount) {
    return pick.total >= amount + fee_of(pick, target, false);
}

// Change when what is left after the change output's own fee reaches the dust threshold.
CoinSelection finish(Pick pick, const CoinSelectionTarget& target, std::uint64_t amount) {
    CoinSelection out;
    out.amount = amount;
    const std::uint64_t fee_with_change = fee_of(pick, target, true);
    if (pick.total >= amount + fee_with_change &&
        pick.total - amount - fee_with_change >= std::max<std::uint64_t>(target.change_dust, 1)) {
        out.change = pick.total - amount - fee_with_change;
        out.fee = fee_with_change;
        out.weight = weight_of(pick, target, true);
    } else {
        out.fee = pick.total - amount;
        out.weight = weight_of(pick, target, false);
    }
    out.inputs = std::move(pick.inputs);
    return out;
}

[[noreturn]] void insufficient(const std::string& what) { throw Error(Errc::insufficient_funds, what); }

}  // namespace

CoinSelection select_coins(std::span<const CoinCandidate> candidates, const CoinSelectionTarget& target) {
    if (target.amount && (*target.amount == 0 || *target.amount > max_money))
        throw Error(Errc::bad_argument, "amount must be 1 sat to 21 million BTC");

    // Coins worth spending, largest effective value first (ties: the order given).
    std::vector<std::size_t> order;
    std::vector<std::uint64_t> effective(candidates.size(), 0);
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const std::uint64_t cost = target.fee_rate.fee(vsize_of_weight(candidates[i].input_weight));
        if (candidates[i].value > max_money) throw Error(Errc::bad_argument, "coin value above 21 million BTC");
        if (candidates[i].value <= cost) continue;
        effective[i] = candidates[i].value - cost;
        order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return effective[a] > effective[b]; });

    if (!target.amount) {
        Pick all;
        for (const std::size_t i : order) all.add(i, candidates[i]);
        const std::uint64_t fee = fee_of(all, target, false);
        if (all.inputs.empty() || all.total < fee + std::max<std::uint64_t>(target.recipient_dust, 1))
            insufficient("nothing worth sending after the fee");
        const std::uint64_t amount = all.total - fee;
        return finish(std::move(all), target, amount);
    }
    const std::uint64_t amount = *target.amount;

    // The smallest single coin that pays everything.
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        Pick single;
        single.add(*it, candidates[*it]);
        if (pays(single, target, amount)) return finish(std::move(single), target, amount);
    }
    // Largest first until it pays.
    Pick pick;
    for (const std::size_t i : order) {
        pick.add(i, candidates[i]);
        if (pays(pick, target, amount)) return finish(std::move(pick), target, amount);
    }
    insufficient("the coins pay " + std::to_string(pick.total) + " sat, the amount and fee need more");
}

}  // namespace flash::bitcoin
