#include <catch2/catch.hpp>

#include "node/relay/rate_limiter.hpp"

using namespace flash::node;
using namespace flash::node::relay;

TEST_CASE("rate limiter: a burst, then the refill rate", "[rate]") {
    RateLimiter limiter(Rate{2, 3});
    double t = 100;
    CHECK(limiter.take("a", t));
    CHECK(limiter.take("a", t));
    CHECK(limiter.take("a", t));
    CHECK_FALSE(limiter.take("a", t));
    CHECK(limiter.take("b", t));  // keys are independent
    t += 0.5;                      // one token back
    CHECK(limiter.take("a", t));
    CHECK_FALSE(limiter.take("a", t));
    t += 100;                      // never more than the burst
    for (int i = 0; i < 3; ++i) CHECK(limiter.take("a", t));
    CHECK_FALSE(limiter.take("a", t));
}

TEST_CASE("rate limiter: a clock going backwards adds nothing", "[rate]") {
    TokenBucket bucket(Rate{1, 1}, 50);
    CHECK(bucket.take(50));
    CHECK_FALSE(bucket.take(10));
    CHECK_FALSE(bucket.take(50.5));
    CHECK(bucket.take(51.5));
}
