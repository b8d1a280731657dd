// Reconnection delays: exponential with a cap, minus a random share (jitter) so that many clients
// dropped at once by a relay do not all come back in the same millisecond.
#pragma once

#include <cstdint>
#include <functional>

namespace flash::nostr {

struct BackoffPolicy {
    std::uint64_t initial_ms = 1000;  ///< delay before the first retry
    std::uint64_t max_ms = 60000;     ///< cap (at most 2^31); reached after log2(max/initial) failures
    std::uint32_t jitter_percent = 25;  ///< up to this share of the delay is taken off at random (0..100)
};

/// Returns a uniformly random 32-bit value. Inject a fixed function in tests.
using RandomSource = std::function<std::uint32_t()>;

/// The delay before retry number `failures` (1 = after the first failure):
/// d = min(max_ms, initial_ms * 2^(failures-1)), then d - d * jitter_percent/100 * r / 2^32
/// with r from `random` (no jitter when `random` is empty). Never below 1 ms.
std::uint64_t backoff_delay(const BackoffPolicy& policy, std::uint32_t failures, const RandomSource& random);

}  // namespace flash::nostr
