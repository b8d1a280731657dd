// RateService: the exchange rates the node serves (GET /api/v1/rates), cached. The source is asked
// at most once per `max_age`, on the service's own thread, so that a slow or unreachable source
// never holds up the server's I/O thread or a request: a request is answered from what is known
// and, when that is older than `max_age`, starts a refresh for the requests after it. When the
// source fails, the last good rate of each currency stays, with the time it was learned, and the
// failure is logged.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>

#include "node/rates/rate_source.hpp"
#include "node/server/asio.hpp"

namespace flash::node::rates {

class RateService {
public:
    /// `now_s` is the clock (unix seconds). The source is called from refresh() only, which
    /// current() runs on the service's own thread.
    RateService(std::unique_ptr<RateSource> source, std::chrono::seconds max_age, std::function<std::int64_t()> now_s);
    /// Waits for a refresh in progress (at most the source's timeout).
    ~RateService();
    RateService(const RateService&) = delete;
    RateService& operator=(const RateService&) = delete;

    /// The source's name ("fake", "coinbase").
    std::string_view source_name() const { return source_->name(); }

    /// The last good rate of each currency (empty before the source first answered). Never waits
    /// for the source: when the last attempt is older than max_age (or there was none) and no
    /// refresh is running, it starts one in the background. Thread-safe.
    FiatRates current();

    /// Asks the source now, on the calling thread, and keeps what it answers; on a RateError
    /// keeps the previous rates and logs the failure. Never throws. Thread-safe.
    void refresh();

private:
    std::unique_ptr<RateSource> source_;
    std::chrono::seconds max_age_;
    std::function<std::int64_t()> now_s_;
    std::mutex mutex_;
    FiatRates rates_;                           ///< guarded by mutex_
    std::optional<std::int64_t> last_attempt_;  ///< guarded by mutex_
    bool refreshing_ = false;                   ///< a background refresh is queued or running; guarded by mutex_
    asio::thread_pool worker_{1};
};

}  // namespace flash::node::rates
