// Liquidity: the node's channel balances against the liquidity targets (LiquidityConfig), over a
// LightningBackend. It keeps the last read of the channels (a snapshot), reports on it
// (liquidity_report.hpp: ratios, statuses, alerts, planned rebalances), refuses a payment that no
// channel can carry before the backend tries it, and carries out a planned rebalance.
//
// A failing backend never throws out of refresh(): the failure is kept, and the report says stale
// (an earlier read is shown) or unavailable (none). Reads happen on refresh(), and in report() and
// check_payable() when the last attempt is older than config.refresh_s, so that a backend that is
// down costs one timeout per interval, not one per call.
//
// Threads: refresh(), report(), check_payable() and rebalance() are called from one thread (the
// server's I/O thread, like the backend itself); last_report() may be called from any thread (the
// metrics scrape): the snapshot is guarded by a mutex, and no backend call holds it.
#pragma once
#include <cstdint>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>

#include "node/lightning/liquidity_report.hpp"

namespace flash::node::lightning {

/// No active channel can carry a payment (the API answers 400 "no_route"). Not a LightningError:
/// the backend works, the channels lack the balance.
class LiquidityError : public std::runtime_error {
public:
    LiquidityError(const std::string& message, std::uint64_t largest_payable_msat)
        : std::runtime_error(message), largest_payable_msat_(largest_payable_msat) {}
    /// The largest amount one active channel could send with the fee limit asked for (0: none).
    std::uint64_t largest_payable_msat() const noexcept { return largest_payable_msat_; }

private:
    std::uint64_t largest_payable_msat_;
};

class Liquidity {
public:
    /// Keeps a reference to `backend`, which must outlive this object. `config` as load_config()
    /// checked it. `now_ms` is the clock (ms since the epoch); empty: the system clock. Reads nothing
    /// yet.
    Liquidity(LightningBackend& backend, const LiquidityConfig& config, std::function<std::int64_t()> now_ms = {});

    /// Reads the channel balances now. Returns whether the read succeeded; a failure (LightningError,
    /// flash::Error or any std::exception of the backend) is kept in the snapshot, never thrown.
    bool refresh();

    /// The report, after a refresh() when the last attempt is older than config.refresh_s.
    LiquidityReport report();

    /// The report on the snapshot as it is (no backend call). Thread-safe.
    LiquidityReport last_report() const;

    /// The snapshot as it is. Thread-safe.
    LiquiditySnapshot snapshot() const;

    /// Throws LiquidityError unless some active channel has a local balance of at least
    /// amount_msat + max_fee_msat; its message names the largest payable amount (the largest local
    /// balance less the fee limit). Judges the snapshot, refreshed first when the last attempt is
    /// older than config.refresh_s. When no read ever succeeded it does not refuse: liquidity is
    /// unknown, and the backend's pay() reports its own failure.
    void check_payable(std::uint64_t amount_msat, std::uint64_t max_fee_msat);

    /// Carries out `plan` (one of report().rebalances) through LightningBackend::rebalance, then
    /// refreshes the snapshot. Returns the payment's outcome (failed: nothing moved). Throws what
    /// the backend throws: Error(bad_argument) for a plan naming channels it does not have,
    /// LightningError when the backend fails or cannot rebalance.
    PaymentResult rebalance(const RebalancePlan& plan);

    const LiquidityConfig& config() const noexcept { return config_; }

private:
    /// refresh() when the last attempt is older than the interval (or there was none).
    void refresh_if_due();

    LightningBackend& backend_;
    LiquidityConfig config_;
    std::string backend_name_;
    std::function<std::int64_t()> now_ms_;
    mutable std::mutex mutex_;   ///< guards snapshot_
    LiquiditySnapshot snapshot_;
};

}  // namespace flash::node::lightning
