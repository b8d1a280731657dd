// The fake backend's channels and wallet. FAKE: a fixed set, labelled "fake-..." in their ids, so
// that a screen showing them is never mistaken for a real node:
//   - "fake-1", active, 10,000,000 sat capacity, opened with 5,000,000 sat on each side; every fake
//     payment moves its balances (received invoices to local, paid invoices and their fees to remote);
//   - "fake-2", inactive, 2,000,000 sat capacity (1,500,000 local), never moves.
// The fake does not model inbound liquidity: receipts beyond fake-1's remote balance are not
// refused, and its local balance shows at most the capacity.
#pragma once
#include <cstdint>

#include "node/lightning/lightning_backend.hpp"

namespace flash::node::lightning {

/// The fake on-chain wallet: a fixed balance.
inline constexpr WalletBalance fake_wallet_balance{2'500'000, 0};

/// fake-1's local balance in msat after `received_msat` came in and `sent_msat` went out (never
/// below 0 nor above the capacity).
std::uint64_t fake_local_msat(std::uint64_t received_msat, std::uint64_t sent_msat);

/// Both fake channels and their totals for that history.
ChannelBalances fake_channel_balances(std::uint64_t received_msat, std::uint64_t sent_msat);

}  // namespace flash::node::lightning
