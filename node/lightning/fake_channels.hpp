// The fake backend's channels and wallet. FAKE: a fixed set, labelled "fake-..." in their ids, so
// that a screen showing them is never mistaken for a real node:
//   - "fake-1", active, 10,000,000 sat capacity, opened with 5,000,000 sat on each side; every fake
//     payment moves its balances (received invoices to local, paid invoices and their fees to remote);
//   - "fake-2", inactive, 2,000,000 sat capacity (1,500,000 local), never moves;
//   - "fake-3", active, 4,000,000 sat capacity, opened with 400,000 sat local (short of outbound, so
//     that the liquidity report has something to say); only rebalances move it.
// Rebalances (circular payments to self) move balances between the active channels: the amount
// leaves the out channel's local balance with the fee, and arrives in the in channel's.
// The fake does not model inbound liquidity: receipts beyond fake-1's remote balance are not
// refused, and a local balance shows at most the capacity.
#pragma once
#include <cstdint>
#include <map>
#include <string>

#include "node/lightning/lightning_backend.hpp"

namespace flash::node::lightning {

/// The fake on-chain wallet: a fixed balance.
inline constexpr WalletBalance fake_wallet_balance{2'500'000, 0};

/// The fake channel that invoices and payments go through.
inline constexpr const char* fake_payment_channel = "fake-1";

/// What moved the fake channels' balances since they opened, in msat.
struct FakeFlows {
    std::uint64_t received_msat = 0;  ///< settled invoices, into fake-1
    std::uint64_t sent_msat = 0;      ///< payments with their fees (in-flight ones too), out of fake-1
    std::map<std::string, std::uint64_t> rebalanced_in_msat;   ///< per channel id
    std::map<std::string, std::uint64_t> rebalanced_out_msat;  ///< per channel id, fees included
};

/// A channel's local balance in msat after `flows` (never below 0 nor above the capacity); 0 for an
/// id that is not a fake channel.
std::uint64_t fake_local_msat(const std::string& channel_id, const FakeFlows& flows);

/// The fake channels and their totals (active channels only) after `flows`.
ChannelBalances fake_channel_balances(const FakeFlows& flows);

}  // namespace flash::node::lightning
