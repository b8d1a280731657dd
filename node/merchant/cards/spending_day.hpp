// The day that card limits and reward caps count over: the UTC calendar day.
#pragma once
#include <cstdint>

namespace flash::node::merchant::cards {

inline constexpr std::int64_t seconds_per_day = 86'400;

/// The start (unix seconds) of the UTC day `now_s` falls in.
constexpr std::int64_t utc_day_start(std::int64_t now_s) noexcept {
    const std::int64_t into = now_s % seconds_per_day;
    return now_s - (into < 0 ? into + seconds_per_day : into);
}

}  // namespace flash::node::merchant::cards
