// Withdrawals: self-custodial on-chain withdrawals. The node builds an unsigned PSBT from the
// user's own coins (coin selection, the fee from the backend's estimator, change to a fresh address
// of the user's change chain), with the BIP-32 origins of every input and of the change, so that
// the user's signer (the browser core, with the seed) recognises and signs them; the node takes the
// signed PSBT back, checks it is exactly the transaction it built, validly signed, and broadcasts it.
//
// A built withdrawal reserves its coins for `withdrawal_lifetime`; after that it expires and they are
// free again (ChainStore enforces one live reservation per coin). Broadcasting marks the coins spent.
//
// Thread-safe: one mutex around the store connection; the backend calls (fee estimate, broadcast)
// run outside it.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/bitcoin/psbt.hpp"
#include "node/bitcoin/account_registry.hpp"
#include "node/bitcoin/chain_backend.hpp"
#include "node/storage/node_store.hpp"

namespace flash::node::bitcoin {

/// How long a built withdrawal waits for its signature.
inline constexpr std::int64_t withdrawal_lifetime_s = 600;
/// The confirmation target asked of the fee estimator.
inline constexpr unsigned withdrawal_target_blocks = 2;

class Withdrawals {
public:
    /// `backend` and `accounts` must outlive this object; `store` is its own connection; coins
    /// are spendable at `required_confirmations`; `now_s` is the clock (unix seconds).
    Withdrawals(ChainBackend& backend, AccountRegistry& accounts, std::unique_ptr<NodeStore> store,
                keys::Network network, std::uint32_t required_confirmations, std::function<std::int64_t()> now_s);

    /// Builds and records a withdrawal of `user` paying `destination` `amount_sat` (nullopt: all
    /// spendable coins, less the fee) at `fee_rate_sat_per_vb` (nullopt: the backend's estimate for
    /// withdrawal_target_blocks, at least 1 sat/vB), lock time `tip.height`, spending the user's
    /// coins confirmed at `tip` that no live withdrawal reserves. Errors:
    ///   ChainServiceError(no_account);
    ///   Error(bad_address) for a destination that is not an address of the node's network;
    ///   Error(bad_argument) for an amount of 0 or below the destination's dust threshold, or a fee
    ///     rate outside 1..10000 sat/vB;
    ///   Error(insufficient_funds) when the spendable coins do not pay amount and fee;
    ///   ChainServiceError(busy) when other calls kept taking the coins (after a few tries);
    ///   ChainError from the fee estimator; Error(storage).
    WithdrawalRecord build(const std::string& user, const std::string& destination,
                           std::optional<std::uint64_t> amount_sat, std::optional<double> fee_rate_sat_per_vb,
                           const ChainTip& tip);

    /// `user` gives up on their built withdrawal `id` (e.g. its PSBT did not pass their check): its
    /// coins are free at once. ChainServiceError(not_found) unless it is theirs and still built;
    /// ChainServiceError(busy) while it is being submitted.
    void cancel(const std::string& user, const std::string& id);

    /// Takes `user`'s signed PSBT for withdrawal `id` and broadcasts its transaction; returns the
    /// txid. Submitting a broadcast (or confirmed) one again with a valid signed PSBT returns its
    /// txid without broadcasting again. Errors:
    ///   ChainServiceError(not_found) when `user` has no withdrawal `id`;
    ///   ChainServiceError(expired) when it expired unsigned;
    ///   ChainServiceError(busy) while another call submits the same withdrawal;
    ///   Error(bad_psbt) when the PSBT is not the transaction built or not fully, validly signed;
    ///   ChainError when the backend fails or refuses the transaction (ChainErrc::rejected, with its
    ///     reason): the withdrawal stays built, to be submitted again until it expires.
    std::string submit(const std::string& user, const std::string& id, const flash::bitcoin::Psbt& signed_psbt);

    /// `user`'s withdrawals, newest first, with built ones past their expiry shown as expired.
    std::vector<WithdrawalRecord> list(const std::string& user);

private:
    flash::bitcoin::FeeRate estimated_fee_rate();

    ChainBackend& backend_;
    AccountRegistry& accounts_;
    keys::Network network_;
    std::uint32_t required_confirmations_;
    std::function<std::int64_t()> now_s_;

    std::mutex mutex_;  ///< guards store_ and submitting_
    std::unique_ptr<NodeStore> store_;
    std::set<std::string> submitting_;  ///< ids whose broadcast is in flight
};

}  // namespace flash::node::bitcoin
