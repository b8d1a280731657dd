#include "node/lightning/channel_liquidity.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace flash::node::lightning {
namespace {

double ratio(std::uint64_t part, std::uint64_t whole) {
    return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

/// The local balance that puts `capacity_sat` at the target ratio (0..1).
std::uint64_t target_local_sat(std::uint64_t capacity_sat, double target_ratio) {
    const double target = std::round(static_cast<double>(capacity_sat) * target_ratio);
    // Beyond 2^63 (no real channel; a backend's numbers are outside input) the cast would be undefined.
    return target < 9.2e18 ? std::min(capacity_sat, static_cast<std::uint64_t>(target)) : capacity_sat;
}

/// An amount that `local_sat` can send together with its fee at `fee_ppm`: what is left after the
/// fee of sending all of it (the fee only shrinks with the amount).
std::uint64_t sendable_with_fee(std::uint64_t local_sat, std::uint64_t fee_ppm) {
    const std::uint64_t fee_sat = (fee_limit_msat(local_sat, fee_ppm) + 999) / 1000;
    return local_sat - std::min(local_sat, fee_sat);
}

/// One side of the planned moves: how much more it can give or take.
struct Side {
    const ChannelLiquidity* channel;
    std::uint64_t room_sat;
    bool outside_band;
};

/// Furthest out first: outside the band, then the most room, then the id (for a stable plan).
bool before(const Side& a, const Side& b) {
    return std::tuple(!a.outside_band, b.room_sat, a.channel->id) < std::tuple(!b.outside_band, a.room_sat, b.channel->id);
}

}  // namespace

std::string_view channel_status_name(ChannelStatus status) noexcept {
    switch (status) {
        case ChannelStatus::balanced: return "balanced";
        case ChannelStatus::low_outbound: return "low_outbound";
        case ChannelStatus::low_inbound: return "low_inbound";
        case ChannelStatus::inactive: break;
    }
    return "inactive";
}

ChannelLiquidity assess_channel(const Channel& channel, const LiquidityConfig& config) {
    ChannelLiquidity out;
    out.id = channel.id;
    out.peer = channel.peer;
    out.capacity_sat = channel.capacity_sat;
    out.local_sat = channel.local_sat;
    out.remote_sat = channel.remote_sat;
    out.outbound_ratio = ratio(channel.local_sat, channel.capacity_sat);
    out.inbound_ratio = ratio(channel.remote_sat, channel.capacity_sat);
    out.active = channel.active;
    if (!channel.active) out.status = ChannelStatus::inactive;
    else if (out.outbound_ratio < config.low_outbound_ratio) out.status = ChannelStatus::low_outbound;
    else if (out.outbound_ratio > config.high_outbound_ratio) out.status = ChannelStatus::low_inbound;
    else out.status = ChannelStatus::balanced;
    return out;
}

std::uint64_t fee_limit_msat(std::uint64_t amount_sat, std::uint64_t fee_ppm) noexcept {
    // amount_sat * 1000 * fee_ppm / 10^6, split so that the product cannot overflow.
    return amount_sat / 1000 * fee_ppm + amount_sat % 1000 * fee_ppm / 1000;
}

std::vector<RebalancePlan> plan_rebalances(const std::vector<ChannelLiquidity>& channels, const LiquidityConfig& config) {
    std::vector<Side> senders, receivers;
    for (const ChannelLiquidity& c : channels) {
        if (!c.active || c.capacity_sat == 0) continue;
        const std::uint64_t target = target_local_sat(c.capacity_sat, config.target_outbound_ratio);
        if (c.local_sat > target) {
            const std::uint64_t room =
                std::min(c.local_sat - target, sendable_with_fee(c.local_sat, config.max_rebalance_fee_ppm));
            senders.push_back({&c, room, c.status == ChannelStatus::low_inbound});
        } else if (c.local_sat < target) {
            receivers.push_back({&c, std::min(target - c.local_sat, c.remote_sat), c.status == ChannelStatus::low_outbound});
        }
    }
    std::sort(senders.begin(), senders.end(), before);
    std::sort(receivers.begin(), receivers.end(), before);

    std::vector<RebalancePlan> plans;
    for (Side& receiver : receivers) {
        for (Side& sender : senders) {
            if (!receiver.outside_band && !sender.outside_band) continue;
            const std::uint64_t amount = std::min(receiver.room_sat, sender.room_sat);
            if (amount < config.min_rebalance_sat) continue;
            plans.push_back({sender.channel->id, sender.channel->peer, receiver.channel->id, receiver.channel->peer,
                             amount, fee_limit_msat(amount, config.max_rebalance_fee_ppm)});
            receiver.room_sat -= amount;
            sender.room_sat -= amount;
        }
    }
    return plans;
}

}  // namespace flash::node::lightning
