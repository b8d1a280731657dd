#include "node/relay/rate_limiter.hpp"

#include <algorithm>

namespace flash::node::relay {

bool TokenBucket::take(double now_s) noexcept {
    tokens_ = std::min(rate_.burst, tokens_ + std::max(0.0, now_s - last_) * rate_.per_second);
    last_ = std::max(last_, now_s);
    if (tokens_ < 1) return false;
    tokens_ -= 1;
    return true;
}

bool TokenBucket::full(double now_s) const noexcept {
    return tokens_ + std::max(0.0, now_s - last_) * rate_.per_second >= rate_.burst;
}

bool RateLimiter::take(const std::string& key, double now_s) {
    // Forget full buckets now and then, so that many one-time keys do not accumulate.
    if (++takes_since_sweep_ >= 10000) {
        takes_since_sweep_ = 0;
        std::erase_if(buckets_, [&](const auto& entry) { return entry.second.full(now_s); });
    }
    auto it = buckets_.try_emplace(key, rate_, now_s).first;
    return it->second.take(now_s);
}

}  // namespace flash::node::relay
