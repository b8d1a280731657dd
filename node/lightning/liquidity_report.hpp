// The liquidity report: what the last read of the node's channels says against the targets
// (LiquidityConfig): each channel's ratios and status, totals, alerts and planned rebalances; and its
// JSON (the body of GET /api/v1/liquidity). Pure functions of a snapshot: no I/O.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "node/lightning/channel_liquidity.hpp"
#include "node/lightning/lightning_backend.hpp"
#include "node/server/config.hpp"

namespace flash::node::lightning {

/// The last read of the backend's channels.
struct LiquiditySnapshot {
    std::optional<ChannelBalances> balances;  ///< from the last read that succeeded; nullopt: none yet
    std::int64_t read_at_ms = 0;              ///< when `balances` were read (ms since the epoch)
    std::int64_t attempted_at_ms = 0;         ///< when the last read was tried; 0: never
    std::optional<std::string> error;         ///< why the last read failed; nullopt when it succeeded
};

enum class SnapshotState {
    ok,           ///< the last read succeeded
    stale,        ///< the last read failed: the channels shown are from an earlier one
    unavailable,  ///< no read succeeded yet: nothing is known
};

/// "ok", "stale", "unavailable".
std::string_view snapshot_state_name(SnapshotState state) noexcept;

enum class AlertSeverity { warning, critical };

/// "warning", "critical".
std::string_view alert_severity_name(AlertSeverity severity) noexcept;

struct LiquidityAlert {
    AlertSeverity severity = AlertSeverity::warning;
    std::optional<std::string> channel;  ///< the channel it is about; nullopt: the node as a whole
    std::string message;
};

/// Sums over the active channels (the others move nothing), and the channel counts.
struct LiquidityTotals {
    std::size_t channels = 0;
    std::size_t active_channels = 0;
    std::uint64_t capacity_sat = 0;
    std::uint64_t local_sat = 0;
    std::uint64_t remote_sat = 0;
    double outbound_ratio = 0;           ///< local / capacity (0 without capacity)
    double inbound_ratio = 0;            ///< remote / capacity
    std::uint64_t largest_local_sat = 0; ///< the most one active channel can send (fee included)
};

struct LiquidityReport {
    std::string backend;  ///< LightningBackend::name()
    SnapshotState state = SnapshotState::unavailable;
    std::optional<std::int64_t> read_at_ms;  ///< when the channels shown were read
    std::optional<std::string> error;        ///< why the last read failed
    LiquidityConfig targets;
    std::vector<ChannelLiquidity> channels;  ///< in the backend's order
    LiquidityTotals totals;
    std::vector<LiquidityAlert> alerts;      ///< node-wide first, then per channel
    std::vector<RebalancePlan> rebalances;   ///< plan_rebalances() of `channels`
};

/// The report on `snapshot` of `backend`'s channels. Alerts: critical when no read succeeded yet or
/// no channel is active; a warning when the last read failed (stale), and for each inactive,
/// low_outbound or low_inbound channel.
LiquidityReport make_report(const LiquiditySnapshot& snapshot, const LiquidityConfig& config, std::string backend);

/// The report as JSON:
///   {"backend", "state": "ok|stale|unavailable", "read_at": unix s | null, "error"?,
///    "targets": {"target_outbound_ratio", "low_outbound_ratio", "high_outbound_ratio",
///                "min_rebalance_sat", "max_rebalance_fee_ppm", "refresh_s"},
///    "channels": [{"id", "peer", "capacity_sat", "local_sat", "remote_sat", "outbound_ratio",
///                  "inbound_ratio", "active", "status": "balanced|low_outbound|low_inbound|inactive"}],
///    "totals": {"channels", "active_channels", "capacity_sat", "local_sat", "remote_sat",
///               "outbound_ratio", "inbound_ratio", "largest_local_sat"},
///    "alerts": [{"severity": "warning|critical", "channel"?, "message"}],
///    "rebalances": [{"out_channel", "out_peer", "in_channel", "in_peer", "amount_sat", "max_fee_msat"}]}
nlohmann::json report_json(const LiquidityReport& report);

}  // namespace flash::node::lightning
