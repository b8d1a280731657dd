#include "node/rates/rate_service.hpp"

#include "node/server/log.hpp"

namespace flash::node::rates {

RateService::RateService(std::unique_ptr<RateSource> source, std::chrono::seconds max_age,
                         std::function<std::int64_t()> now_s)
    : source_(std::move(source)), max_age_(max_age), now_s_(std::move(now_s)) {}

RateService::~RateService() { worker_.join(); }

FiatRates RateService::current() {
    const std::int64_t now = now_s_();
    std::lock_guard lock(mutex_);
    const bool due = !last_attempt_ || now - *last_attempt_ >= max_age_.count();
    if (due && !refreshing_) {
        refreshing_ = true;
        asio::post(worker_, [this] {
            refresh();
            std::lock_guard done(mutex_);
            refreshing_ = false;
        });
    }
    return rates_;
}

void RateService::refresh() {
    const std::int64_t now = now_s_();
    {
        std::lock_guard lock(mutex_);
        last_attempt_ = now;
    }
    try {
        FiatRates fresh = source_->fetch(now);
        std::lock_guard lock(mutex_);
        // Currency by currency: one the source left out this time keeps its last good rate.
        for (auto& [code, rate] : fresh) rates_.insert_or_assign(code, rate);
    } catch (const RateError& e) {
        log::warn("exchange rate source failed; the last good rates stay",
                  {{"source", source_->name()}, {"code", rate_errc_name(e.code())}, {"error", e.what()}});
    }
}

}  // namespace flash::node::rates
