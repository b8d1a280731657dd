#include "offline/ur/xoshiro256.hpp"

#include <algorithm>

#include "core/crypto/hash.hpp"

namespace flash::offline::ur {

namespace {

constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }

}  // namespace

Xoshiro256::Xoshiro256(ByteView seed) {
    const crypto::Hash256 digest = crypto::sha256(seed);
    for (std::size_t i = 0; i < 4; ++i) {
        std::uint64_t word = 0;
        for (std::size_t n = 0; n < 8; ++n) word = (word << 8) | digest[i * 8 + n];
        s_[i] = word;
    }
}

std::uint64_t Xoshiro256::next() noexcept {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
}

double Xoshiro256::next_double() noexcept {
    // The conversion of next() rounds to nearest, as in bc-ur, so outputs within 2^10 of 2^64 give
    // exactly 1.0 (probability 2^-54); next_int and the sampler clamp that case to their range.
    constexpr double two_to_64 = 18446744073709551616.0;
    return static_cast<double>(next()) / two_to_64;
}

std::uint64_t Xoshiro256::next_int(std::uint64_t low, std::uint64_t high) noexcept {
    const auto offset = static_cast<std::uint64_t>(next_double() * static_cast<double>(high - low + 1));
    return std::min(offset, high - low) + low;  // bc-ur would step past `high` when next_double() == 1
}

Bytes Xoshiro256::next_data(std::size_t count) {
    Bytes out;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i) out.push_back(static_cast<std::uint8_t>(next_int(0, 255)));
    return out;
}

}  // namespace flash::offline::ur
