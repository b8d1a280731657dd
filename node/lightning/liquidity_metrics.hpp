// The liquidity report in GET /metrics: gauges read from Liquidity's last snapshot when scraped
// (no backend call on the scraping thread).
//
//   flash_lightning_channel_outbound_ratio{channel="<id>"}  per channel in the snapshot
//   flash_lightning_channels, flash_lightning_active_channels
//   flash_lightning_capacity_sat, flash_lightning_outbound_sat, flash_lightning_inbound_sat,
//   flash_lightning_outbound_ratio                           totals over the active channels
//   flash_lightning_liquidity_alerts                         the report's alerts
//   flash_lightning_rebalances_planned                       the report's planned rebalances
//   flash_lightning_liquidity_read_ok                        1 when the last read succeeded, else 0
#pragma once

#include "node/lightning/liquidity.hpp"
#include "node/server/metrics.hpp"

namespace flash::node::lightning {

/// Registers the gauges on `metrics`; `liquidity` must outlive every later render() of it.
void register_liquidity_metrics(Metrics& metrics, const Liquidity& liquidity);

}  // namespace flash::node::lightning
