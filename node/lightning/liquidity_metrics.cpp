#include "node/lightning/liquidity_metrics.hpp"

namespace flash::node::lightning {

void register_liquidity_metrics(Metrics& metrics, const Liquidity& liquidity) {
    const Liquidity* source = &liquidity;
    metrics.gauge_family("flash_lightning_channel_outbound_ratio", "Local balance over capacity, per channel", [source] {
        std::vector<LabelledValue> samples;
        for (const ChannelLiquidity& c : source->last_report().channels)
            samples.push_back({{{"channel", c.id}}, c.outbound_ratio});
        return samples;
    });
    const auto total = [&](const char* name, const char* help, auto read) {
        metrics.gauge_function(name, help, [source, read] { return static_cast<double>(read(source->last_report())); });
    };
    total("flash_lightning_channels", "Lightning channels", [](const LiquidityReport& r) { return r.totals.channels; });
    total("flash_lightning_active_channels", "Active Lightning channels",
          [](const LiquidityReport& r) { return r.totals.active_channels; });
    total("flash_lightning_capacity_sat", "Capacity of the active channels (sat)",
          [](const LiquidityReport& r) { return r.totals.capacity_sat; });
    total("flash_lightning_outbound_sat", "Local balance of the active channels: what can be sent (sat)",
          [](const LiquidityReport& r) { return r.totals.local_sat; });
    total("flash_lightning_inbound_sat", "Remote balance of the active channels: what can be received (sat)",
          [](const LiquidityReport& r) { return r.totals.remote_sat; });
    total("flash_lightning_outbound_ratio", "Local balance over capacity of the active channels",
          [](const LiquidityReport& r) { return r.totals.outbound_ratio; });
    total("flash_lightning_liquidity_alerts", "Liquidity alerts",
          [](const LiquidityReport& r) { return r.alerts.size(); });
    total("flash_lightning_rebalances_planned", "Rebalances the liquidity report plans",
          [](const LiquidityReport& r) { return r.rebalances.size(); });
    total("flash_lightning_liquidity_read_ok", "1 when the last read of the channel balances succeeded",
          [](const LiquidityReport& r) { return r.state == SnapshotState::ok ? 1 : 0; });
}

}  // namespace flash::node::lightning
