#include "node/lightning/liquidity.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <utility>

#include "node/lightning/fake_backend.hpp"  // system_now_ms

namespace flash::node::lightning {
namespace {

/// 1234567 -> "1234.567 sat"; whole amounts without the decimals.
std::string sat_text(std::uint64_t msat) {
    std::string text = std::to_string(msat / 1000);
    if (const std::uint64_t rest = msat % 1000; rest != 0) {
        const std::string digits = std::to_string(1000 + rest).substr(1);
        text += "." + digits.substr(0, digits.find_last_not_of('0') + 1);
    }
    return text + " sat";
}

/// `sat` in msat, saturating (a backend's numbers are outside input).
std::uint64_t msat_of(std::uint64_t sat) {
    return sat > std::numeric_limits<std::uint64_t>::max() / 1000 ? std::numeric_limits<std::uint64_t>::max() : sat * 1000;
}

}  // namespace

Liquidity::Liquidity(LightningBackend& backend, const LiquidityConfig& config, std::function<std::int64_t()> now_ms)
    : backend_(backend),
      config_(config),
      backend_name_(backend.name()),
      now_ms_(now_ms ? std::move(now_ms) : system_now_ms) {}

bool Liquidity::refresh() {
    const std::int64_t now = now_ms_();
    std::optional<ChannelBalances> balances;
    std::string error;
    try {
        balances = backend_.channel_balances();
    } catch (const std::exception& e) {
        error = e.what();
        if (error.empty()) error = "unknown failure";
    }
    const std::lock_guard lock(mutex_);
    snapshot_.attempted_at_ms = now;
    if (!balances) {
        snapshot_.error = std::move(error);
        return false;
    }
    snapshot_.balances = std::move(balances);
    snapshot_.read_at_ms = now;
    snapshot_.error.reset();
    return true;
}

void Liquidity::refresh_if_due() {
    std::int64_t attempted = 0;
    {
        const std::lock_guard lock(mutex_);
        attempted = snapshot_.attempted_at_ms;
    }
    const std::int64_t interval_ms = std::int64_t{config_.refresh_s} * 1000;
    if (attempted == 0 || now_ms_() - attempted >= interval_ms) refresh();
}

LiquidityReport Liquidity::report() {
    refresh_if_due();
    return last_report();
}

LiquidityReport Liquidity::last_report() const { return make_report(snapshot(), config_, backend_name_); }

LiquiditySnapshot Liquidity::snapshot() const {
    const std::lock_guard lock(mutex_);
    return snapshot_;
}

void Liquidity::check_payable(std::uint64_t amount_msat, std::uint64_t max_fee_msat) {
    refresh_if_due();
    std::optional<std::uint64_t> largest_local_msat;  // over active channels; nullopt: none active
    {
        const std::lock_guard lock(mutex_);
        if (!snapshot_.balances) return;  // unknown: let the backend answer for itself
        for (const Channel& channel : snapshot_.balances->channels) {
            if (!channel.active) continue;
            largest_local_msat = std::max(largest_local_msat.value_or(0), msat_of(channel.local_sat));
        }
    }
    const std::uint64_t needed = amount_msat > std::numeric_limits<std::uint64_t>::max() - max_fee_msat
                                     ? std::numeric_limits<std::uint64_t>::max()
                                     : amount_msat + max_fee_msat;
    if (largest_local_msat && *largest_local_msat >= needed) return;

    if (!largest_local_msat) {
        throw LiquidityError("no active Lightning channel: nothing can be paid until a channel is back", 0);
    }
    const std::uint64_t largest_payable = *largest_local_msat > max_fee_msat ? *largest_local_msat - max_fee_msat : 0;
    throw LiquidityError("no channel can carry " + sat_text(amount_msat) + " with a fee limit of " +
                             sat_text(max_fee_msat) + ": the largest payable amount is " + sat_text(largest_payable),
                         largest_payable);
}

PaymentResult Liquidity::rebalance(const RebalancePlan& plan) {
    PaymentResult result = backend_.rebalance(plan.out_channel, plan.in_peer, plan.amount_sat, plan.max_fee_msat);
    refresh();
    return result;
}

}  // namespace flash::node::lightning
