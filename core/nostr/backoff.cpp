// Exponential backoff with cap and jitter.
#include "core/nostr/backoff.hpp"

#include <algorithm>

namespace flash::nostr {

std::uint64_t backoff_delay(const BackoffPolicy& policy, std::uint32_t failures, const RandomSource& random) {
    // Capped at 2^31 ms (24 days) so that share * r below cannot overflow 64 bits.
    const std::uint64_t cap = std::clamp<std::uint64_t>(policy.max_ms, 1, std::uint64_t{1} << 31);
    std::uint64_t delay = std::clamp<std::uint64_t>(policy.initial_ms, 1, cap);
    for (std::uint32_t i = 1; i < failures && delay < cap; ++i) delay = std::min(cap, delay * 2);
    if (random) {
        const std::uint64_t share = delay * std::min<std::uint32_t>(policy.jitter_percent, 100) / 100;
        delay -= (share * random()) >> 32;
    }
    return std::max<std::uint64_t>(delay, 1);
}

}  // namespace flash::nostr
