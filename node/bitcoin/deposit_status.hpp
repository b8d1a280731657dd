// How a user's coins look at a given tip: each deposit's state and confirmations, and the balance.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "node/storage/chain_store.hpp"

namespace flash::node::bitcoin {

enum class DepositState {
    unconfirmed,  ///< fewer confirmations than the node's depth (0 in the mempool)
    confirmed,    ///< at the node's depth or deeper, unspent
    spent,        ///< a transaction spent it (a withdrawal, or the user's wallet elsewhere)
    orphaned,     ///< it had reached the depth, then its transaction left the chain
};

/// "unconfirmed", "confirmed", "spent", "orphaned" (the API's spelling).
std::string_view deposit_state_name(DepositState state) noexcept;

/// A deposit as the API shows it.
struct DepositStatus {
    Deposit deposit;
    std::int64_t confirmations = 0;  ///< at the tip it was computed for
    DepositState state = DepositState::unconfirmed;
    std::string address;             ///< the address it pays to
    std::uint32_t index = 0;         ///< that address's index on its chain
    /// It pays to the change chain: a withdrawal's change coming back, not money coming in.
    bool change = false;
};

/// `deposit`'s confirmations and state at `tip_height` for a node that wants
/// `required_confirmations`; the address fields are left for the caller.
DepositStatus deposit_status(Deposit deposit, std::int64_t tip_height, std::uint32_t required_confirmations);

/// A user's on-chain balance: unspent, non-orphaned coins. Coins reserved by a built withdrawal
/// still count (they are the user's until the signed withdrawal is broadcast).
struct OnchainBalance {
    std::uint64_t confirmed_sat = 0;    ///< at the node's depth: what withdrawals can spend
    std::uint64_t unconfirmed_sat = 0;  ///< not yet at the depth (the mempool included)
};

OnchainBalance balance_of(std::span<const DepositStatus> deposits);

}  // namespace flash::node::bitcoin
