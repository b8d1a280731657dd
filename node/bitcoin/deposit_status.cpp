#include "node/bitcoin/deposit_status.hpp"

#include <utility>

#include "node/bitcoin/deposit_watcher.hpp"

namespace flash::node::bitcoin {

std::string_view deposit_state_name(DepositState state) noexcept {
    switch (state) {
        case DepositState::unconfirmed: return "unconfirmed";
        case DepositState::confirmed: return "confirmed";
        case DepositState::spent: return "spent";
        case DepositState::orphaned: return "orphaned";
    }
    return "unconfirmed";
}

DepositStatus deposit_status(Deposit deposit, std::int64_t tip_height, std::uint32_t required_confirmations) {
    DepositStatus out;
    out.confirmations = deposit.orphaned ? 0 : confirmations(deposit.height, tip_height);
    if (deposit.orphaned) out.state = DepositState::orphaned;
    else if (deposit.spent_by) out.state = DepositState::spent;
    else if (out.confirmations >= required_confirmations) out.state = DepositState::confirmed;
    else out.state = DepositState::unconfirmed;
    out.deposit = std::move(deposit);
    return out;
}

OnchainBalance balance_of(std::span<const DepositStatus> deposits) {
    OnchainBalance out;
    for (const DepositStatus& d : deposits) {
        if (d.state == DepositState::confirmed) out.confirmed_sat += d.deposit.amount_sat;
        else if (d.state == DepositState::unconfirmed) out.unconfirmed_sat += d.deposit.amount_sat;
    }
    return out;
}

}  // namespace flash::node::bitcoin
