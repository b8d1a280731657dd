// Coin selection: which UTXOs pay for a payment at a fee rate, and whether the rest comes back
// as change. Deterministic: the same candidates and target give the same selection.
//
// Every coin is valued at its effective value (amount minus the fee its input costs); coins worth
// nothing at the rate are never picked. For a fixed amount, the smallest single coin that pays
// everything is preferred (fewest inputs, and large coins stay whole); failing that, coins are
// added largest first until they pay. Change is made only when what is left after paying for the
// change output is at least the change dust threshold; below it the rest goes to the fee.
// Send-max spends every coin worth spending and has no change.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/bitcoin/fee.hpp"

namespace flash::bitcoin {

struct CoinCandidate {
    std::uint64_t value = 0;        ///< satoshis
    std::size_t input_weight = 0;   ///< of the input once signed (see signed_input_weight)
};

struct CoinSelectionTarget {
    std::optional<std::uint64_t> amount;  ///< to the recipient; nullopt: everything (send-max)
    FeeRate fee_rate;
    std::size_t recipient_output_weight = 0;  ///< see output_weight
    std::size_t change_output_weight = 0;
    std::uint64_t recipient_dust = 0;         ///< smallest payment send-max may produce
    std::uint64_t change_dust = 0;            ///< smallest change worth making
};

struct CoinSelection {
    std::vector<std::size_t> inputs;  ///< indices into the candidates, in the order picked
    std::uint64_t amount = 0;         ///< to the recipient
    std::uint64_t change = 0;         ///< 0: no change output
    std::uint64_t fee = 0;
    std::size_t weight = 0;           ///< of the signed transaction (inputs at their estimate)
};

/// Picks coins (see the header comment). Error(insufficient_funds) when the coins worth spending
/// cannot pay the amount and the fee, or (send-max) leave less than `recipient_dust`.
CoinSelection select_coins(std::span<const CoinCandidate> candidates, const CoinSelectionTarget& target);

}  // namespace flash::bitcoin
