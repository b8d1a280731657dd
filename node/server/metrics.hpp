// Counters and gauges for GET /metrics in the Prometheus text format (version 0.0.4).
// Services register their metrics once at start and update them from any thread.
#pragma once
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace flash::node {

/// A monotonically increasing count. Stable address: owned by Metrics.
class Counter {
public:
    void add(std::uint64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
    std::uint64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<std::uint64_t> value_{0};
};

/// A value that goes up and down (connections, subscriptions).
class Gauge {
public:
    void add(std::int64_t n) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
    void set(std::int64_t n) noexcept { value_.store(n, std::memory_order_relaxed); }
    std::int64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<std::int64_t> value_{0};
};

/// One sample of a family whose labels are known only when scraped (e.g. one per channel).
struct LabelledValue {
    std::vector<std::pair<std::string, std::string>> labels;  ///< name, value (escaped when rendered)
    double value = 0;
};

class Metrics {
public:
    /// Registers a metric; `name` follows Prometheus rules ("flash_relay_events_total") and may
    /// carry labels ("flash_http_responses_total{code=\"2xx\"}"); metrics of one family share `help`.
    /// The returned reference lives as long as this object.
    Counter& counter(const std::string& name, const std::string& help);
    Gauge& gauge(const std::string& name, const std::string& help);
    /// A gauge computed when scraped (e.g. the number of stored events). Runs on the scraping thread.
    void gauge_function(const std::string& name, const std::string& help, std::function<double()> read);
    /// A gauge family computed when scraped: `read` returns its samples, whose labels may differ
    /// from one scrape to the next. Runs on the scraping thread.
    void gauge_family(const std::string& name, const std::string& help, std::function<std::vector<LabelledValue>()> read);

    /// The exposition text.
    std::string render() const;

private:
    struct Entry {
        std::string name, help;
        const char* type;
        std::function<double()> read;
        std::function<std::vector<LabelledValue>()> read_family{};  ///< instead of `read`, for gauge_family
    };
    mutable std::mutex mutex_;
    std::deque<Counter> counters_;
    std::deque<Gauge> gauges_;
    std::deque<Entry> entries_;
};

}  // namespace flash::node
