// Checking created_at against the caller's clock (NIP-42 and NIP-98 accept a window around now).
#pragma once

#include <cstdint>

namespace flash::nostr {

/// True when |t - now| <= window (window >= 0), for any int64 values without overflow.
inline bool within_window(std::int64_t t, std::int64_t now, std::int64_t window) noexcept {
    // Unsigned subtraction of the larger minus the smaller is exact for any two int64 values.
    const auto a = static_cast<std::uint64_t>(t), b = static_cast<std::uint64_t>(now);
    const std::uint64_t distance = t >= now ? a - b : b - a;
    return window >= 0 && distance <= static_cast<std::uint64_t>(window);
}

}  // namespace flash::nostr
