#include "node/lightning/liquidity_report.hpp"

#include <algorithm>
#include <cstdio>

namespace flash::node::lightning {
namespace {

using nlohmann::json;

/// 0.125 -> "12.5%".
std::string percent(double ratio) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g%%", ratio * 100);
    return text;
}

std::string sat(std::uint64_t amount) { return std::to_string(amount) + " sat"; }

std::optional<LiquidityAlert> channel_alert(const ChannelLiquidity& c, const LiquidityConfig& config) {
    switch (c.status) {
        case ChannelStatus::balanced: return std::nullopt;
        case ChannelStatus::inactive:
            return LiquidityAlert{AlertSeverity::warning, c.id,
                                  "channel " + c.id + " is inactive (peer offline or channel unusable): its " +
                                      sat(c.local_sat) + " of outbound and " + sat(c.remote_sat) +
                                      " of inbound cannot move"};
        case ChannelStatus::low_outbound:
            return LiquidityAlert{AlertSeverity::warning, c.id,
                                  "channel " + c.id + " can send only " + sat(c.local_sat) + " (" +
                                      percent(c.outbound_ratio) + " of its capacity, below the low mark of " +
                                      percent(config.low_outbound_ratio) + ")"};
        case ChannelStatus::low_inbound:
            return LiquidityAlert{AlertSeverity::warning, c.id,
                                  "channel " + c.id + " can receive only " + sat(c.remote_sat) + " (its outbound is " +
                                      percent(c.outbound_ratio) + " of its capacity, above the high mark of " +
                                      percent(config.high_outbound_ratio) + ")"};
    }
    return std::nullopt;
}

LiquidityTotals totals_of(const std::vector<ChannelLiquidity>& channels) {
    LiquidityTotals t;
    t.channels = channels.size();
    for (const ChannelLiquidity& c : channels) {
        if (!c.active) continue;
        ++t.active_channels;
        t.capacity_sat += c.capacity_sat;
        t.local_sat += c.local_sat;
        t.remote_sat += c.remote_sat;
        t.largest_local_sat = std::max(t.largest_local_sat, c.local_sat);
    }
    if (t.capacity_sat > 0) {
        t.outbound_ratio = static_cast<double>(t.local_sat) / static_cast<double>(t.capacity_sat);
        t.inbound_ratio = static_cast<double>(t.remote_sat) / static_cast<double>(t.capacity_sat);
    }
    return t;
}

}  // namespace

std::string_view snapshot_state_name(SnapshotState state) noexcept {
    switch (state) {
        case SnapshotState::ok: return "ok";
        case SnapshotState::stale: return "stale";
        case SnapshotState::unavailable: break;
    }
    return "unavailable";
}

std::string_view alert_severity_name(AlertSeverity severity) noexcept {
    return severity == AlertSeverity::critical ? "critical" : "warning";
}

LiquidityReport make_report(const LiquiditySnapshot& snapshot, const LiquidityConfig& config, std::string backend) {
    LiquidityReport report;
    report.backend = std::move(backend);
    report.targets = config;
    report.error = snapshot.error;
    if (!snapshot.balances) {
        report.state = SnapshotState::unavailable;
        report.alerts.push_back({AlertSeverity::critical, std::nullopt,
                                 snapshot.error ? "cannot read the channel balances from " + report.backend + ": " +
                                                      *snapshot.error
                                                : "the channel balances have not been read yet"});
        return report;
    }
    report.state = snapshot.error ? SnapshotState::stale : SnapshotState::ok;
    report.read_at_ms = snapshot.read_at_ms;
    for (const Channel& channel : snapshot.balances->channels) report.channels.push_back(assess_channel(channel, config));
    report.totals = totals_of(report.channels);

    if (snapshot.error) {
        report.alerts.push_back({AlertSeverity::warning, std::nullopt,
                                 "the last read of the channel balances from " + report.backend + " failed (" +
                                     *snapshot.error + "): the balances shown are from an earlier read"});
    }
    if (report.totals.active_channels == 0) {
        report.alerts.push_back({AlertSeverity::critical, std::nullopt,
                                 "no active channel: the node can neither send nor receive over Lightning"});
    }
    for (const ChannelLiquidity& c : report.channels) {
        if (std::optional<LiquidityAlert> alert = channel_alert(c, config)) report.alerts.push_back(std::move(*alert));
    }
    report.rebalances = plan_rebalances(report.channels, config);
    return report;
}

json report_json(const LiquidityReport& report) {
    const LiquidityConfig& t = report.targets;
    json channels = json::array();
    for (const ChannelLiquidity& c : report.channels) {
        channels.push_back({{"id", c.id},
                            {"peer", c.peer},
                            {"capacity_sat", c.capacity_sat},
                            {"local_sat", c.local_sat},
                            {"remote_sat", c.remote_sat},
                            {"outbound_ratio", c.outbound_ratio},
                            {"inbound_ratio", c.inbound_ratio},
                            {"active", c.active},
                            {"status", channel_status_name(c.status)}});
    }
    json alerts = json::array();
    for (const LiquidityAlert& a : report.alerts) {
        json alert = {{"severity", alert_severity_name(a.severity)}, {"message", a.message}};
        if (a.channel) alert["channel"] = *a.channel;
        alerts.push_back(std::move(alert));
    }
    json rebalances = json::array();
    for (const RebalancePlan& p : report.rebalances) {
        rebalances.push_back({{"out_channel", p.out_channel},
                              {"out_peer", p.out_peer},
                              {"in_channel", p.in_channel},
                              {"in_peer", p.in_peer},
                              {"amount_sat", p.amount_sat},
                              {"max_fee_msat", p.max_fee_msat}});
    }
    const LiquidityTotals& s = report.totals;
    json out = {{"backend", report.backend},
                {"state", snapshot_state_name(report.state)},
                {"read_at", report.read_at_ms ? json(*report.read_at_ms / 1000) : json(nullptr)},
                {"targets",
                 {{"target_outbound_ratio", t.target_outbound_ratio},
                  {"low_outbound_ratio", t.low_outbound_ratio},
                  {"high_outbound_ratio", t.high_outbound_ratio},
                  {"min_rebalance_sat", t.min_rebalance_sat},
                  {"max_rebalance_fee_ppm", t.max_rebalance_fee_ppm},
                  {"refresh_s", t.refresh_s}}},
                {"channels", std::move(channels)},
                {"totals",
                 {{"channels", s.channels},
                  {"active_channels", s.active_channels},
                  {"capacity_sat", s.capacity_sat},
                  {"local_sat", s.local_sat},
                  {"remote_sat", s.remote_sat},
                  {"outbound_ratio", s.outbound_ratio},
                  {"inbound_ratio", s.inbound_ratio},
                  {"largest_local_sat", s.largest_local_sat}}},
                {"alerts", std::move(alerts)},
                {"rebalances", std::move(rebalances)}};
    if (report.error) out["error"] = *report.error;
    return out;
}

}  // namespace flash::node::lightning
