// ChainService: flash-node's on-chain side as one object: the chain backend, the per-user deposit
// addresses (AddressIndex) and the deposit watcher, with a worker thread that waits for the
// backend's changes and applies them, so that the server's I/O thread never waits for the chain.
//
// Threading: deposit_address(), deposits(), credited_sat(), tip() and backend() may be called from
// any thread (each uses its own store connection under a mutex; the backend is thread-safe, but
// its calls block up to its timeout: keep them off the I/O thread for real backends). The
// on_credit handler runs on the worker thread.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/keys/accounts.hpp"
#include "node/bitcoin/address_index.hpp"
#include "node/bitcoin/chain_backend.hpp"
#include "node/bitcoin/deposit_watcher.hpp"
#include "node/bitcoin/fake_chain.hpp"
#include "node/server/config.hpp"

namespace flash::node::bitcoin {

/// A deposit with its confirmations at the last tip the service saw.
struct DepositStatus {
    Deposit deposit;
    std::int64_t confirmations = 0;
};

class ChainService {
public:
    /// The backend config.chain names, over the store in config.data_dir. Logs which backend
    /// runs (and loudly when it is the fake). Throws Error(bad_config), Error(storage), or
    /// ChainError when the fake chain's database cannot be opened.
    explicit ChainService(const Config& config);

    /// Over a given backend (tests, other wiring): deposit addresses of `account` (gap limit
    /// `gap_limit`), credited at `confirmations`, state in the store in `data_dir`.
    ChainService(std::unique_ptr<ChainBackend> backend, const std::string& data_dir, keys::Account account,
                 std::uint32_t gap_limit, std::uint32_t confirmations);

    ChainService(const ChainService&) = delete;
    ChainService& operator=(const ChainService&) = delete;
    ~ChainService();  ///< shuts the backend down and stops the worker

    ChainBackend& backend() noexcept { return *backend_; }
    /// The fake backend's operator calls (pay, mine, reorg); nullptr for a real backend.
    FakeChain* fake() noexcept { return fake_; }
    keys::Network network() const noexcept { return network_; }
    std::uint32_t required_confirmations() const noexcept { return confirmations_; }

    /// Called after each deposit is credited (on the worker thread, or poll()'s caller). Set it
    /// before start().
    void on_credit(DepositWatcher::OnCredit handler) { on_credit_ = std::move(handler); }

    /// `user`'s deposit address (see AddressIndex::address_for). Error(bad_argument), Error(storage).
    DepositAddress deposit_address(const std::string& user);
    /// `user`'s deposits, newest first, with their confirmations at tip().
    std::vector<DepositStatus> deposits(const std::string& user);
    /// What `user` has been credited in total, in satoshis.
    std::uint64_t credited_sat(const std::string& user);
    /// The last tip the watcher saw (nullopt before the first round).
    std::optional<ChainTip> tip() const;

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

    std::unique_ptr<ChainBackend> backend_;
    FakeChain* fake_ = nullptr;
    keys::Network network_;
    std::uint32_t confirmations_;
    std::unique_ptr<AddressIndex> index_;
    DepositWatcher::OnCredit on_credit_;
    std::unique_ptr<DepositWatcher> watcher_;

    mutable std::mutex mutex_;         ///< guards reader_, tip_, stopping_
    std::unique_ptr<NodeStore> reader_;
    std::optional<ChainTip> tip_;
    bool healthy_ = false;             ///< the last round succeeded (else the next one applies even without changes)
    bool stopping_ = false;
    std::condition_variable wake_;
    std::thread worker_;
};

}  // namespace flash::node::bitcoin
