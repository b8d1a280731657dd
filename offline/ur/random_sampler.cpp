#include "offline/ur/random_sampler.hpp"

#include <algorithm>
#include <numeric>

namespace flash::offline::ur {

RandomSampler::RandomSampler(const std::vector<double>& weights)
    : probs_(weights.size(), 0.0), aliases_(weights.size(), 0) {
    const std::size_t n = weights.size();
    const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
    std::vector<double> scaled(n);
    for (std::size_t i = 0; i < n; ++i) scaled[i] = weights[i] * static_cast<double>(n) / sum;

    // Work lists filled from the highest index down, as bc-ur does (it differs from Schwarz here).
    std::vector<std::size_t> small, large;
    for (std::size_t i = n; i-- > 0;) (scaled[i] < 1 ? small : large).push_back(i);

    while (!small.empty() && !large.empty()) {
        const std::size_t a = small.back();
        small.pop_back();
        const std::size_t g = large.back();
        large.pop_back();
        probs_[a] = scaled[a];
        aliases_[a] = g;
        scaled[g] += scaled[a] - 1;
        (scaled[g] < 1 ? small : large).push_back(g);
    }
    // Whatever is left has probability 1 (for `small`, only through rounding).
    for (const std::size_t i : large) probs_[i] = 1;
    for (const std::size_t i : small) probs_[i] = 1;
}

std::size_t RandomSampler::pick(double r1, double r2) const noexcept {
    // r1 == 1 (see Xoshiro256::next_double) would index one past the end in bc-ur.
    const std::size_t i = std::min(static_cast<std::size_t>(static_cast<double>(probs_.size()) * r1), probs_.size() - 1);
    return r2 < probs_[i] ? i : aliases_[i];
}

}  // namespace flash::offline::ur
