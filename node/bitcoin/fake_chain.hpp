// FakeChain: the embedded default chain backend. FAKE: no Bitcoin network is involved. It exists so
// that deposits and withdrawals run on a laptop without bitcoind or Electrum, and so that tests
// can drive every chain event (payments, blocks, reorgs).
//
// What is real: transactions. A simulated deposit is a serialized transaction (one made-up input,
// one output to the address) whose txid is its real double SHA-256; broadcast() parses what it is
// given (core/bitcoin/transaction.hpp) and records its outputs, so the PSBT flow's transactions
// work end to end. Scripts, script hashes and history order follow Electrum.
//
// What is simulated:
//   - the chain: block hashes are random, a block holds every mempool transaction, and a block is
//     mined every `block_interval` (0: only when mine() is called), checked while someone waits in
//     wait_for_changes(); the chain starts with an empty block at height 0;
//   - pay(): someone pays an address (it lands in the mempool);
//   - broadcast(): no signature or script is checked; an input that spends a fake output must find
//     it unspent, and when every input is a fake output the outputs may not exceed them; inputs
//     the fake never saw are taken on trust;
//   - reorg(): the last blocks are replaced; their transactions go back to the mempool or vanish
//     (with whatever spends them);
//   - fee_rate(): a fixed table (25 sat/vB for the next block down to 2 sat/vB).
//
// State lives in `<data_dir>/fake-chain.sqlite`, so deposits survive a restart. The watched set
// lives in memory (the caller watches again after a restart). Thread-safe (one mutex).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

#include "core/keys/accounts.hpp"
#include "core/store/sqlite.hpp"
#include "node/bitcoin/chain_backend.hpp"

namespace flash::node::bitcoin {

/// The database file inside the data directory.
inline constexpr const char* fake_chain_file = "fake-chain.sqlite";

/// What reorg() does with the transactions of the blocks it removes.
enum class ReorgMode {
    back_to_mempool,  ///< they wait to be mined again (the usual outcome of a real reorg)
    drop,             ///< they vanish, with every transaction that spends their outputs
};

class FakeChain final : public ChainBackend {
public:
    /// Opens (creating it and `data_dir` if needed) the fake chain of `network` (its addresses are
    /// the ones pay() accepts). `now_ms` is the clock (ms since the epoch), replaceable by tests.
    /// Throws ChainError(unavailable) when the directory or the database cannot be opened.
    FakeChain(const std::string& data_dir, keys::Network network,
              std::chrono::milliseconds block_interval = std::chrono::minutes(1),
              std::function<std::int64_t()> now_ms = {});

    std::string name() const override { return "fake"; }
    ChainTip tip() override;
    std::vector<HistoryItem> history(ByteView script_pubkey) override;
    std::vector<Unspent> unspent(ByteView script_pubkey) override;
    Bytes transaction(const std::string& txid) override;
    /// ChainError(rejected) for bytes that are not one transaction, a spent or missing fake input,
    /// or outputs above the fake inputs. Broadcasting a known transaction again returns its txid.
    std::string broadcast(ByteView raw_tx) override;
    std::optional<double> fee_rate(unsigned target_blocks) override;
    void watch(std::span<const Bytes> scripts) override;
    ChainChanges wait_for_changes(std::chrono::milliseconds max_wait) override;

    /// Operator call: a simulated payment of `amount_sat` to `address`, in the mempool. Returns the
    /// txid. Error(bad_address) (or the decoders' errors) for an address of another network;
    /// Error(bad_argument) for an amount of 0 or above 21 million BTC.
    std::string pay(std::string_view address, std::uint64_t amount_sat);

    /// Operator call: mines `blocks` blocks (the first takes the whole mempool). Returns the new tip.
    ChainTip mine(unsigned blocks = 1);

    /// Operator call: removes the last `depth` blocks (the tip becomes height - depth); their
    /// transactions go back to the mempool or vanish, as `mode` says. Error(bad_argument) when
    /// that would remove block 0.
    void reorg(unsigned depth, ReorgMode mode);

    keys::Network network() const noexcept { return network_; }

private:
    ChainTip tip_locked();
    std::string record(ByteView raw);  // adds a transaction to the mempool; caller holds mutex_
    void mine_locked(unsigned blocks);
    void touch_transaction(const std::string& txid);  // notes the scripts a transaction involves
    bool has_history(ByteView script);

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    store::Database db_;
    keys::Network network_;
    std::chrono::milliseconds block_interval_;
    std::function<std::int64_t()> now_ms_;
    std::set<Bytes> watched_;
    std::set<Bytes> changed_scripts_;
    bool tip_changed_ = false;
};

}  // namespace flash::node::bitcoin
