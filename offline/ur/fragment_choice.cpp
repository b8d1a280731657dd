#include "offline/ur/fragment_choice.hpp"

#include <algorithm>
#include <numeric>

#include "offline/ur/random_sampler.hpp"

namespace flash::offline::ur {

std::size_t choose_degree(std::size_t seq_len, Xoshiro256& rng) {
    std::vector<double> weights;
    weights.reserve(seq_len);
    for (std::size_t degree = 1; degree <= seq_len; ++degree) weights.push_back(1.0 / static_cast<double>(degree));
    const RandomSampler sampler(weights);
    return sampler.next([&rng] { return rng.next_double(); }) + 1;
}

std::vector<std::size_t> choose_fragments(std::uint32_t seq_num, std::size_t seq_len, std::uint32_t checksum) {
    if (seq_num <= seq_len) return {std::size_t{seq_num} - 1};

    // Seed: the sequence number and the checksum, each as 4 big-endian bytes.
    Bytes seed;
    for (const std::uint32_t value : {seq_num, checksum})
        for (int shift = 24; shift >= 0; shift -= 8) seed.push_back(static_cast<std::uint8_t>(value >> shift));
    Xoshiro256 rng(seed);
    const std::size_t degree = choose_degree(seq_len, rng);
    std::vector<std::size_t> indexes(seq_len);
    std::iota(indexes.begin(), indexes.end(), std::size_t{0});
    std::vector<std::size_t> chosen = shuffled(std::move(indexes), rng);
    chosen.resize(degree);
    std::sort(chosen.begin(), chosen.end());
    return chosen;
}

}  // namespace flash::offline::ur
