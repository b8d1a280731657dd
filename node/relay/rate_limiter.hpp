// Token buckets keyed by connection, IP or pubkey: each action takes one token; tokens refill at
// Rate::per_second up to Rate::burst. Time is passed in (seconds, monotonic), so tests control it.
#pragma once
#include <string>
#include <unordered_map>

#include "node/server/config.hpp"

namespace flash::node::relay {

class TokenBucket {
public:
    explicit TokenBucket(Rate rate, double now_s) : rate_(rate), tokens_(rate.burst), last_(now_s) {}
    /// Takes a token if there is one.
    bool take(double now_s) noexcept;
    /// True when the bucket is full again (it can then be forgotten).
    bool full(double now_s) const noexcept;

private:
    Rate rate_;
    double tokens_;
    double last_;
};

class RateLimiter {
public:
    explicit RateLimiter(Rate rate) : rate_(rate) {}
    /// Takes a token from `key`'s bucket; false means rate-limited.
    bool take(const std::string& key, double now_s);

private:
    Rate rate_;
    std::unordered_map<std::string, TokenBucket> buckets_;
    std::size_t takes_since_sweep_ = 0;
};

}  // namespace flash::node::relay
