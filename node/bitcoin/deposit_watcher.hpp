// DepositWatcher: turns what the chain backend reports about the registered accounts' addresses
// into the users' coins (deposits) and the state of their withdrawals.
//
// Per deposit (txid:vout paying to an address of a registered account): its user (the account's),
// amount and height; its confirmations are counted from the tip. When a reorg takes its block away
// the deposit becomes unconfirmed again, or is forgotten when its transaction vanished altogether.
// A deposit is credited (reported through OnCredit) exactly once, when it first reaches
// `confirmations`, in one database transaction (ChainStore::credit_deposit); a credited deposit
// whose transaction later vanishes is kept and marked orphaned (logged as an error), and is not
// credited again if it comes back. Change coming back from a withdrawal (an address of the change
// chain) is a deposit like any other, but its credit is not reported: no money came in.
//
// Spent: a known deposit that leaves the unspent list while its own transaction is still in the
// history was spent; spent_by names the withdrawal's txid when a broadcast withdrawal of the node
// spends it, else "" (the user spent it with their keys elsewhere). When it shows up unspent again
// (its spender left the chain) the mark is cleared. (A refresh that reads the unspent list before
// an Electrum server has seen a withdrawal just broadcast shows its coins unspent for that moment;
// the server's notification for the script corrects it, and a build over them fails at broadcast.)
//
// Withdrawals: every transaction in a refreshed script's history updates the broadcast or confirmed
// withdrawal with that txid (height 0: broadcast; above: confirmed). The change script's history
// always holds it; the inputs' scripts do on Electrum and the fake, not on bitcoind (whose history
// lists only payments to an address), so there a withdrawal without change is not seen confirmed.
//
// Crash safety: the database is the whole state. Scripts that could not be refreshed (a backend
// error) stay pending in memory and are retried by the next apply(); after a restart the backend
// reports every watched script with history again (ChainBackend::watch), which rebuilds the rest.
//
// Outputs are discovered through the backend's unspent list, so an output that was already spent
// when the watcher first looked at its address is not seen (nothing to track: it is gone).
//
// Not thread-safe: one thread (ChainService's worker) calls apply().
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "node/bitcoin/address_lookup.hpp"
#include "node/bitcoin/chain_backend.hpp"
#include "node/storage/node_store.hpp"

namespace flash::node::bitcoin {

/// How deep a reorg the watcher looks for: deposits confirmed in the last this many blocks are
/// re-read on every new tip even after they were credited.
inline constexpr std::int64_t reorg_window = 6;

/// Confirmations of a transaction at `height` when the best block is `tip_height` (0 in the mempool).
std::int64_t confirmations(std::int64_t height, std::int64_t tip_height) noexcept;

class DepositWatcher {
public:
    using OnCredit = std::function<void(const Deposit&)>;

    /// `backend` and `addresses` must outlive the watcher; `store` is its own connection. Deposits
    /// are credited at `required_confirmations` (at least 1, else Error(bad_argument)); `on_credit`
    /// is called after each credit of a receive address is committed; `now_s` is the clock (unix seconds).
    DepositWatcher(ChainBackend& backend, AddressLookup& addresses, std::unique_ptr<NodeStore> store,
                   std::uint32_t required_confirmations, OnCredit on_credit, std::function<std::int64_t()> now_s);

    /// Brings the deposits and withdrawals up to date with `changes` (and with whatever earlier
    /// calls could not finish), then credits every deposit that has enough confirmations.
    /// Throws ChainError when the backend fails (what is left stays pending) and Error(storage).
    void apply(const ChainChanges& changes);

    /// The last tip seen (nullopt before the first apply()).
    const std::optional<ChainTip>& tip() const noexcept { return tip_; }

private:
    void refresh(const std::string& script_hash);
    void track_withdrawals(const std::vector<HistoryItem>& history);
    void credit_ready();

    ChainBackend& backend_;
    AddressLookup& addresses_;
    std::unique_ptr<NodeStore> store_;
    std::uint32_t required_confirmations_;
    OnCredit on_credit_;
    std::function<std::int64_t()> now_s_;
    std::optional<ChainTip> tip_;
    std::set<std::string> pending_;  ///< script hashes still to refresh
};

}  // namespace flash::node::bitcoin
