// xoshiro256** 1.0 (Blackman and Vigna), seeded as Blockchain Commons bc-ur seeds it: the state is
// SHA-256(seed) read as four big-endian 64-bit words. Every fountain-code choice (which fragments a
// part mixes) is drawn from it, so its outputs must match bc-ur's bit for bit. Not for secrets.
#pragma once

#include <array>
#include <cstdint>

#include "core/bytes.hpp"

namespace flash::offline::ur {

class Xoshiro256 {
public:
    /// State = SHA-256(seed).
    explicit Xoshiro256(ByteView seed);

    std::uint64_t next() noexcept;
    /// next() / 2^64 rounded to a double as bc-ur rounds it: in [0, 1], 1 with probability 2^-54.
    double next_double() noexcept;
    /// An integer in [low, high] (high >= low), drawn from next_double() as bc-ur does.
    std::uint64_t next_int(std::uint64_t low, std::uint64_t high) noexcept;
    /// `count` bytes, each next_int(0, 255).
    Bytes next_data(std::size_t count);

private:
    std::array<std::uint64_t, 4> s_{};
};

}  // namespace flash::offline::ur
