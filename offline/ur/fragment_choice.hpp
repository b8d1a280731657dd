// Which fragments a fountain part mixes (bc-ur `fountain-utils`). Parts 1..seq_len are the pure
// fragments in order; every later part XORs a random set drawn from a generator seeded with the
// part's sequence number and the message checksum, so the decoder can recompute the set from the
// part's header. These functions must match bc-ur exactly for frames to interoperate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "offline/ur/xoshiro256.hpp"

namespace flash::offline::ur {

/// Fisher-Yates as bc-ur does it: repeatedly take the item at next_int(0, remaining - 1).
template <typename T>
std::vector<T> shuffled(std::vector<T> items, Xoshiro256& rng) {
    std::vector<T> result;
    result.reserve(items.size());
    while (!items.empty()) {
        const auto index = static_cast<std::ptrdiff_t>(rng.next_int(0, items.size() - 1));
        result.push_back(items[static_cast<std::size_t>(index)]);
        items.erase(items.begin() + index);
    }
    return result;
}

/// The number of fragments a mixed part combines, in 1..seq_len, with probability proportional to
/// 1/degree. Precondition: seq_len >= 1.
std::size_t choose_degree(std::size_t seq_len, Xoshiro256& rng);

/// The fragment indexes (0-based, ascending, distinct) that part `seq_num` of a message with
/// `seq_len` fragments and CRC-32 `checksum` mixes. Preconditions: seq_num >= 1, seq_len >= 1.
std::vector<std::size_t> choose_fragments(std::uint32_t seq_num, std::size_t seq_len, std::uint32_t checksum);

}  // namespace flash::offline::ur
