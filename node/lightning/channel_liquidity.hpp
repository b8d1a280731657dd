// One channel's liquidity against the targets (LiquidityConfig), and the rebalances that would move
// the channels toward the target. Pure functions: no I/O, no clock.
//
// A channel's outbound ratio is local / capacity (what it can send), its inbound ratio remote /
// capacity (what it can receive); both are 0 for a channel of capacity 0. They need not add up to 1:
// the commitment fee and unsettled HTLCs belong to neither side.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "node/lightning/lightning_backend.hpp"
#include "node/server/config.hpp"

namespace flash::node::lightning {

enum class ChannelStatus {
    balanced,      ///< active, outbound ratio within [low, high]
    low_outbound,  ///< active, outbound ratio below low: it can send little
    low_inbound,   ///< active, outbound ratio above high: it can receive little
    inactive,      ///< the peer is offline or the channel unusable: it moves nothing
};

/// "balanced", "low_outbound", "low_inbound", "inactive".
std::string_view channel_status_name(ChannelStatus status) noexcept;

struct ChannelLiquidity {
    std::string id;    ///< Channel::id
    std::string peer;  ///< Channel::peer (hex node id)
    std::uint64_t capacity_sat = 0;
    std::uint64_t local_sat = 0;
    std::uint64_t remote_sat = 0;
    double outbound_ratio = 0;
    double inbound_ratio = 0;
    bool active = false;
    ChannelStatus status = ChannelStatus::inactive;
};

/// The ratios and status of `channel` under `config`.
ChannelLiquidity assess_channel(const Channel& channel, const LiquidityConfig& config);

/// A circular payment that moves outbound liquidity from one channel to another
/// (LightningBackend::rebalance(out_channel, in_peer, amount_sat, max_fee_msat)).
struct RebalancePlan {
    std::string out_channel;  ///< sends the amount (and the fee): its outbound ratio falls toward the target
    std::string out_peer;
    std::string in_channel;   ///< receives the amount: its outbound ratio rises toward the target
    std::string in_peer;      ///< the last hop of the circle
    std::uint64_t amount_sat = 0;
    std::uint64_t max_fee_msat = 0;  ///< config.max_rebalance_fee_ppm of the amount
};

/// `amount_sat` times `fee_ppm` parts per million, in msat (rounded down; exact for every amount
/// up to 21,000,000 BTC and fee up to 1,000,000 ppm).
std::uint64_t fee_limit_msat(std::uint64_t amount_sat, std::uint64_t fee_ppm) noexcept;

/// Rebalances that move active channels toward config.target_outbound_ratio: from channels above
/// their target local balance to channels below it, where at least one of the two is outside the
/// [low, high] band (moving between two channels inside it would spend fees for nothing). An amount
/// never takes a channel past its target (the sender's fee aside), never exceeds what the receiving
/// side's remote balance can take nor the sender's local balance with the fee, and is at least
/// config.min_rebalance_sat. Channels furthest out go first; the result is deterministic.
std::vector<RebalancePlan> plan_rebalances(const std::vector<ChannelLiquidity>& channels, const LiquidityConfig& config);

}  // namespace flash::node::lightning
