// Choosing which proofs to spend, and how to denominate new outputs.
//
// A swap or melt pays an input fee of ceil(sum(input_fee_ppk of each input) / 1000) (NUT-02), so
// covering `amount` with inputs means sum(inputs) >= amount + fee(inputs): the fee grows with
// every proof taken.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/cashu/types.hpp"

namespace flash::wallet {

/// A spendable proof as selection sees it.
struct Candidate {
    cashu::Amount amount = 0;
    std::uint64_t input_fee_ppk = 0;  ///< of the proof's keyset
};

struct Selection {
    std::vector<std::size_t> indices;  ///< into the candidates, ascending
    cashu::Amount total = 0;           ///< sum of the selected amounts
    cashu::Amount fee = 0;             ///< their input fee
};

/// Proofs whose amounts sum to exactly `amount` (+ their input fee when `with_fee`), found
/// greedily from the largest down; nullopt when that finds none. An offline send uses it without
/// the fee (nobody swaps), a melt with it.
std::optional<Selection> select_exact(std::span<const Candidate> candidates, cashu::Amount amount, bool with_fee);

/// Proofs with total >= amount + fee: the smallest single proof that covers it if there is one,
/// else the largest proofs until covered, then the last one replaced by the smallest that still
/// covers. Nullopt when all candidates together do not cover it.
std::optional<Selection> select_covering(std::span<const Candidate> candidates, cashu::Amount amount);

/// The binary decomposition of `amount`: its powers of two in ascending order (empty for 0).
std::vector<cashu::Amount> split_amount(cashu::Amount amount);

/// How to denominate proofs kept for offline sending, where no swap can make change: several
/// proofs of each small power of two, so that most amounts can be paid exactly.
struct DenominationPolicy {
    std::uint32_t copies = 2;          ///< proofs of each small denomination (at least 1)
    cashu::Amount small_up_to = 16;    ///< the largest small denomination (a power of two)
};

/// Powers of two summing to `amount`, ascending: `copies` of 1, 2, 4, ... up to small_up_to
/// while the amount lasts, the rest in its binary decomposition. Any amount up to
/// copies * (2 * small_up_to - 1) that `amount` covers is then a sum of some of them.
/// Error(bad_argument) for copies 0, or small_up_to 0 or not a power of two.
std::vector<cashu::Amount> offline_denominations(cashu::Amount amount, const DenominationPolicy& policy);

/// a + b; Error(bad_argument) on u64 overflow.
cashu::Amount add_amounts(cashu::Amount a, cashu::Amount b);

}  // namespace flash::wallet
