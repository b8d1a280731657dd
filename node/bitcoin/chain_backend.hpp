// ChainBackend: what flash-node needs from the Bitcoin chain: the tip, the history and unspent
// outputs of the scripts it watches, raw transactions, broadcast, fee estimates, and word of
// changes. Implementations: `fake` (embedded default, fake_chain.hpp), `electrum`
// (electrum_backend.hpp) and `bitcoind` (bitcoind_backend.hpp).
//
// Scripts are identified by their scriptPubKey bytes; transactions by their txid in the usual
// display order (64 lower-case hex digits, as RPCs print them). Heights follow Electrum: a
// positive height is the block that confirms a transaction, 0 (or -1) means it is in the mempool.
//
// Threading: every method may be called from any thread and blocks for at most the backend's call
// timeout. They must not be called from the server's I/O thread (except for the fake, which never
// waits for the network): ChainService (chain_service.hpp) runs its own worker for them.
//
// Errors: every method throws ChainError (see its codes); nothing else for a failure of the
// backend or for a malformed answer from it.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/bitcoin/script_hash.hpp"
#include "core/bytes.hpp"

namespace flash::node::bitcoin {

enum class ChainErrc {
    unavailable,   ///< not connected, connection lost, or the backend is shutting down
    timeout,       ///< no answer within the call's timeout
    rejected,      ///< the backend refused the request (e.g. broadcast of an invalid transaction)
    not_found,     ///< no such transaction
    bad_response,  ///< an answer that breaks the backend's protocol (malformed JSON, wrong types)
};

/// "unavailable", "timeout", ... (for logs and API error bodies).
std::string_view chain_errc_name(ChainErrc code) noexcept;

/// A failure of the chain backend. `rpc_code()` is the backend's own error code when it sent one
/// (a JSON-RPC error), so that callers can tell apart e.g. "missing inputs" from "fee too low".
class ChainError : public std::runtime_error {
public:
    ChainError(ChainErrc code, const std::string& detail, std::optional<int> rpc_code = std::nullopt)
        : std::runtime_error(std::string(chain_errc_name(code)) + ": " + detail), code_(code), rpc_code_(rpc_code) {}
    ChainErrc code() const noexcept { return code_; }
    std::optional<int> rpc_code() const noexcept { return rpc_code_; }

private:
    ChainErrc code_;
    std::optional<int> rpc_code_;
};

/// The best block.
struct ChainTip {
    std::int64_t height = 0;
    std::string header_hash;  ///< block hash, 64 hex digits in display order
    bool operator==(const ChainTip&) const = default;
};

/// One transaction touching a script (paying to it or spending from it); Electrum's terms.
using HistoryItem = flash::bitcoin::ElectrumHistoryItem;

/// An unspent output paying to a watched script.
struct Unspent {
    std::string txid;
    std::uint32_t vout = 0;
    std::int64_t height = 0;      ///< 0 while in the mempool
    std::uint64_t value_sat = 0;
    bool operator==(const Unspent&) const = default;
};

/// What changed since the last wait_for_changes().
struct ChainChanges {
    std::optional<ChainTip> tip;        ///< the new tip, when it changed (a new block or a reorg)
    std::vector<Bytes> scripts;         ///< watched scripts whose history changed
    bool empty() const noexcept { return !tip && scripts.empty(); }
};

class ChainBackend {
public:
    virtual ~ChainBackend() = default;

    /// "fake", "electrum" or "bitcoind": logged at start and shown where the backend matters.
    virtual std::string name() const = 0;

    /// The best block.
    virtual ChainTip tip() = 0;

    /// Transactions touching `script_pubkey`: confirmed ones by height, then the mempool's.
    virtual std::vector<HistoryItem> history(ByteView script_pubkey) = 0;

    /// Unspent outputs paying to `script_pubkey`, mempool ones included (height 0).
    virtual std::vector<Unspent> unspent(ByteView script_pubkey) = 0;

    /// The raw transaction `txid` (as serialized on the network, with witnesses).
    /// ChainError(not_found) when the backend does not know it.
    virtual Bytes transaction(const std::string& txid) = 0;

    /// Hands `raw_tx` to the network; returns its txid. ChainError(rejected) with the backend's
    /// reason when it refuses the transaction.
    virtual std::string broadcast(ByteView raw_tx) = 0;

    /// The fee rate, in sat/vB, that should confirm within `target_blocks` (1..1008); nullopt when
    /// the backend cannot estimate (too little data).
    virtual std::optional<double> fee_rate(unsigned target_blocks) = 0;

    /// Adds scripts to the watched set (already watched ones are ignored); their changes are
    /// reported by wait_for_changes(), and so is a newly watched script that already has a
    /// history (so that a restarted node catches up). The set survives reconnects. Does not wait
    /// for the network (it may be called on the server's I/O thread).
    virtual void watch(std::span<const Bytes> scripts) = 0;

    /// Waits until something changed or `max_wait` passed, and returns (and forgets) what changed;
    /// an empty result on timeout. Meant for one consumer (ChainService's worker).
    virtual ChainChanges wait_for_changes(std::chrono::milliseconds max_wait) = 0;

    /// Before destruction: calls waiting for the network end as soon as they can, and later calls
    /// fail, with ChainError(unavailable), so that a stopping node does not wait out a timeout.
    /// Nothing to do for a backend that never waits.
    virtual void shutdown() {}
};

}  // namespace flash::node::bitcoin
