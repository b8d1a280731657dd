// Walker's alias method (Vose's variant, as bc-ur implements it after Keith Schwarz): draws an
// index with given relative probabilities from two uniform doubles. The table is built exactly as
// bc-ur builds it (same order of the small and large work lists), so the same doubles give the
// same index.
#pragma once

#include <cstddef>
#include <vector>

namespace flash::offline::ur {

class RandomSampler {
public:
    /// `weights`: non-negative, not all zero (a precondition: the callers pass fixed weights).
    explicit RandomSampler(const std::vector<double>& weights);

    /// The index drawn with two values of `next_double` (each in [0, 1]).
    template <typename NextDouble>
    std::size_t next(NextDouble&& next_double) const {
        const double r1 = next_double();
        const double r2 = next_double();
        return pick(r1, r2);
    }

private:
    std::size_t pick(double r1, double r2) const noexcept;

    std::vector<double> probs_;
    std::vector<std::size_t> aliases_;
};

}  // namespace flash::offline::ur
