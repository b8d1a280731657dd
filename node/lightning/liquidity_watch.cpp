#include "node/lightning/liquidity_watch.hpp"

#include <chrono>

#include "node/server/log.hpp"

namespace flash::node::lightning {

void LiquidityWatch::round() {
    try {
        const LiquidityReport report = liquidity_.report();
        std::set<std::string> now;
        for (const LiquidityAlert& alert : report.alerts) {
            now.insert(alert.message);
            if (alerts_.contains(alert.message)) continue;
            log::warn("liquidity alert", {{"severity", std::string(alert_severity_name(alert.severity))},
                                          {"channel", alert.channel.value_or("")},
                                          {"message", alert.message}});
        }
        for (const std::string& gone : alerts_)
            if (!now.contains(gone)) log::info("liquidity alert cleared", {{"message", gone}});
        alerts_ = std::move(now);

        if (!liquidity_.config().auto_rebalance || report.rebalances.empty()) return;
        const RebalancePlan& plan = report.rebalances.front();
        const PaymentResult result = liquidity_.rebalance(plan);
        log::info("rebalance", {{"out_channel", plan.out_channel},
                                {"in_channel", plan.in_channel},
                                {"amount_sat", plan.amount_sat},
                                {"succeeded", result.status == PaymentStatus::succeeded},
                                {"fee_msat", result.fee_msat},
                                {"reason", result.failure_reason}});
    } catch (const std::exception& e) {
        log::warn("liquidity round failed", {{"error", e.what()}});
    }
}

void LiquidityWatch::start(asio::io_context& io) {
    timer_ = std::make_unique<asio::steady_timer>(io);
    stopped_ = false;
    round();
    schedule();
}

void LiquidityWatch::stop() {
    stopped_ = true;
    if (timer_) timer_->cancel();
}

void LiquidityWatch::schedule() {
    timer_->expires_after(std::chrono::seconds(liquidity_.config().refresh_s));
    timer_->async_wait([this](const boost::system::error_code& ec) {
        if (ec || stopped_) return;
        round();
        schedule();
    });
}

}  // namespace flash::node::lightning
