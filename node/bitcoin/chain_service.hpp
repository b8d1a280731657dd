// ChainService: flash-node's self-custodial on-chain side as one object. Each user registers
// their own watch-only BIP-84 account key (with its master fingerprint and path); the node derives
// and watches its addresses (AccountRegistry, an AddressIndex per account), tracks the user's coins
// and their confirmations (DepositWatcher, on a worker thread that waits for the backend's
// changes), and builds withdrawal PSBTs from the user's coins that the user's seed signs, then
// checks and broadcasts the signed transaction (Withdrawals). The node never holds a key.
//
// Threading: every public method may be called from any thread. The accessors and the account,
// deposit and balance calls only read the database; build_withdrawal() (fee estimate) and
// submit_withdrawal() (broadcast) call the backend and block up to its timeout: keep them off the
// server's I/O thread for real backends. The on_credit handler runs on the worker thread.
//
// Errors, beside those named per call: Error(storage) when the database fails.
//   flash::Error          bad input: bad_argument, bad_address, bad_psbt, insufficient_funds;
//   ChainServiceError     state: no_account, account_exists, key_taken, not_found, expired, busy
//                         (chain_service_error.hpp names the HTTP status of each);
//   ChainError            the backend failed (unavailable, timeout) or refused (rejected).
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/bitcoin/psbt.hpp"
#include "core/keys/accounts.hpp"
#include "node/bitcoin/account_registry.hpp"
#include "node/bitcoin/chain_backend.hpp"
#include "node/bitcoin/chain_service_error.hpp"
#include "node/bitcoin/deposit_status.hpp"
#include "node/bitcoin/deposit_watcher.hpp"
#include "node/bitcoin/fake_chain.hpp"
#include "node/bitcoin/withdrawals.hpp"
#include "node/server/config.hpp"

namespace flash::node::bitcoin {

class ChainService {
public:
    /// The backend config.chain names on chain_network(config.chain), over the store in
    /// config.data_dir, with the registered accounts loaded. Logs which backend runs (loudly when
    /// it is the fake). Throws Error(bad_config) (also for a stored account of another network),
    /// Error(storage), or ChainError when the fake chain's database cannot be opened.
    explicit ChainService(const Config& config);

    /// Over a given backend (tests, other wiring): addresses on `network` with gap limit
    /// `gap_limit`, coins confirmed at `confirmations`, state in the store in `data_dir`, `now_s`
    /// the clock in unix seconds (the system clock when empty).
    ChainService(std::unique_ptr<ChainBackend> backend, const std::string& data_dir, keys::Network network,
                 std::uint32_t gap_limit, std::uint32_t confirmations, std::function<std::int64_t()> now_s = {});

    ChainService(const ChainService&) = delete;
    ChainService& operator=(const ChainService&) = delete;
    ~ChainService();  ///< shuts the backend down and stops the worker

    ChainBackend& backend() noexcept { return *backend_; }
    /// The fake backend's operator calls (pay, mine, reorg); nullptr for a real backend.
    FakeChain* fake() noexcept { return fake_; }
    keys::Network network() const noexcept { return network_; }
    std::uint32_t required_confirmations() const noexcept { return confirmations_; }

    /// Called once per deposit to a receive address when it first reaches required_confirmations()
    /// (on the worker thread, or poll()'s caller); not for change coming back. Set it before start().
    void on_credit(DepositWatcher::OnCredit handler) { on_credit_ = std::move(handler); }

    // --- accounts ---

    /// Registers `user`'s watch-only BIP-84 account key: `account_key` a zpub/xpub (mainnet) or
    /// vpub/tpub (test networks) at depth 3, `fingerprint` the master key's (8 hex digits), `path`
    /// "m/84'/coin'/account'" (coin 0 on mainnet, 1 elsewhere). Its addresses are derived and
    /// watched right away. Returns the registration, the key in SLIP-132 form (zpub/vpub). The same
    /// key and origin again returns the registration unchanged. Error(bad_argument) for a key,
    /// fingerprint or path that does not parse or fit (see parse_account_key);
    /// ChainServiceError(account_exists) when the user registered another key or origin;
    /// ChainServiceError(key_taken) when another user registered this key.
    ChainAccount register_account(const std::string& user, const std::string& account_key,
                                  const std::string& fingerprint, const std::string& path);
    /// `user`'s registration, if any.
    std::optional<ChainAccount> account_of(const std::string& user);

    // --- deposits ---

    /// `user`'s receive address: the same one until a transaction pays to it, then a fresh one
    /// (chain 0; DepositAddress::index is its index). ChainServiceError(no_account).
    DepositAddress deposit_address(const std::string& user);
    /// `user`'s coins, newest first, with their state and confirmations at tip() (0 before the
    /// first round), change coming back from withdrawals included (DepositStatus::change). Empty
    /// for a user without an account.
    std::vector<DepositStatus> deposits(const std::string& user);
    /// `user`'s unspent, non-orphaned coins, confirmed (at required_confirmations()) or not; coins
    /// a built withdrawal reserves still count until it is broadcast. Zero without an account.
    OnchainBalance balance(const std::string& user);
    /// The last tip the watcher saw (nullopt before the first round).
    std::optional<ChainTip> tip() const;

    // --- withdrawals ---

    /// Builds an unsigned withdrawal PSBT from `user`'s confirmed, unreserved coins paying
    /// `destination` `amount_sat` (nullopt: everything, less the fee) at `fee_rate_sat_per_vb`
    /// (nullopt: the backend's 2-block estimate, at least 1 sat/vB), change to a fresh address of
    /// the user's change chain, lock time at the tip; every input and the change carry their BIP-32
    /// origin (the registered fingerprint and path, then /chain/index), so the user's seed signs
    /// it. Records it (state built, expires_at = created_at + 10 minutes) and reserves its coins.
    /// Errors: see Withdrawals::build (no_account, bad_address, bad_argument, insufficient_funds,
    /// busy, ChainError from the estimator).
    WithdrawalRecord build_withdrawal(const std::string& user, const std::string& destination,
                                      std::optional<std::uint64_t> amount_sat,
                                      std::optional<double> fee_rate_sat_per_vb);
    /// Checks `signed_psbt` against `user`'s built withdrawal `id` and broadcasts it; returns the
    /// txid. Again after the broadcast: the txid, nothing sent. Errors: see Withdrawals::submit
    /// (not_found, expired, busy, bad_psbt, ChainError; a rejection leaves it built).
    std::string submit_withdrawal(const std::string& user, const std::string& id,
                                  const flash::bitcoin::Psbt& signed_psbt);
    /// `user` gives up on their built withdrawal `id`; its coins are free at once (it shows as
    /// expired). ChainServiceError(not_found) unless it is theirs and still built, (busy) while it
    /// is being submitted.
    void cancel_withdrawal(const std::string& user, const std::string& id);
    /// `user`'s withdrawals, newest first; built ones past expires_at show as expired. A broadcast
    /// withdrawal becomes confirmed when the watcher sees its transaction in a block.
    std::vector<WithdrawalRecord> withdrawals(const std::string& user);

    // --- the worker ---

    /// Starts the worker: it waits for changes and applies them, retrying with a growing pause
    /// (up to a minute) while the backend fails. stop() ends it (also called by the destructor).
    void start();
    void stop();

    /// One round on the calling thread, for tests and tools (not while the worker runs): waits up
    /// to `max_wait` for changes and applies them. Returns whether it applied anything. Throws
    /// what the watcher throws (ChainError, Error(storage)).
    bool poll(std::chrono::milliseconds max_wait);

private:
    void run();
    ChainTip current_tip();  // the watcher's, else the backend's

    std::unique_ptr<ChainBackend> backend_;
    FakeChain* fake_ = nullptr;
    keys::Network network_;
    std::uint32_t confirmations_;
    std::function<std::int64_t()> now_s_;
    std::unique_ptr<AccountRegistry> accounts_;
    std::unique_ptr<Withdrawals> withdrawals_;
    DepositWatcher::OnCredit on_credit_;
    std::unique_ptr<DepositWatcher> watcher_;

    mutable std::mutex mutex_;         ///< guards reader_, tip_, healthy_, stopping_
    std::unique_ptr<NodeStore> reader_;
    std::optional<ChainTip> tip_;
    bool healthy_ = false;             ///< the last round succeeded (else the next one applies even without changes)
    bool stopping_ = false;
    std::condition_variable wake_;
    std::thread worker_;
};

}  // namespace flash::node::bitcoin
