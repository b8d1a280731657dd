// NUT-08 Lightning fee return: a melt may carry blank outputs; the mint signs as many as it needs
// to return the unused fee reserve, with amounts that sum to the overpaid amount.
#pragma once
#include <cstddef>
#include <vector>

#include "core/cashu/types.hpp"

namespace flash::cashu {

/// How many blank outputs a wallet adds for `fee_reserve`: max(ceil(log2(fee_reserve)), 1), and
/// 0 when fee_reserve is 0.
std::size_t blank_output_count(Amount fee_reserve) noexcept;

/// The amounts the mint returns for `overpaid`: its binary decomposition, largest first, at most
/// `blank_outputs` of them. If there are too few outputs the smallest powers are dropped (the
/// least value lost, as nutshell does); blank_output_count(fee_reserve) outputs always suffice
/// for an overpaid amount <= fee_reserve. The mint imprints them on the first outputs in order.
std::vector<Amount> change_amounts(Amount overpaid, std::size_t blank_outputs);

}  // namespace flash::cashu
