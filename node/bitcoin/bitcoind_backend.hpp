// BitcoindBackend: the chain through Bitcoin Core's JSON-RPC (bitcoind_rpc.hpp).
//
// Bitcoin Core has no index by script, so flash-node keeps its deposit scripts in a watch-only
// descriptor wallet of their own (options.wallet, created blank and without private keys on first
// use, loaded on bitcoind's start): every watched script is imported as a raw() descriptor with
// importdescriptors, and the wallet tracks what pays to it, mempool included, across restarts.
// scantxoutset was the alternative: it walks the whole UTXO set on every call (minutes on mainnet,
// one scan at a time), sees neither the mempool nor spent outputs, and so cannot watch anything.
//
// Scripts are imported with timestamp "now": payments made before the import are not rescanned
// (deposit addresses are fresh). A background thread, every options.poll_interval, imports the
// scripts watch() queued, reads the tip (getblockchaininfo, whose chain must match the network)
// and asks listsinceblock (watch-only, with removed transactions) what changed; a transaction that
// is new, newly confirmed, or taken out by a reorg marks its script changed.
//
// history() lists the transactions paying to the script (listreceivedbyaddress, heights from
// gettransaction; conflicted ones left out), not those spending from it. unspent() is listunspent.
// transaction() is getrawtransaction (mempool, or any transaction with -txindex), falling back to
// the wallet's copy; broadcast() is sendrawtransaction; fee_rate() is estimatesmartfee.
#pragma once
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/keys/accounts.hpp"
#include "node/bitcoin/bitcoind_rpc.hpp"
#include "node/bitcoin/chain_backend.hpp"

namespace flash::node::bitcoin {

class BitcoindBackend final : public ChainBackend {
public:
    /// Starts the background thread at once. Error(bad_config) for an unusable URL.
    BitcoindBackend(BitcoindOptions options, keys::Network network);
    ~BitcoindBackend() override;
    BitcoindBackend(const BitcoindBackend&) = delete;
    BitcoindBackend& operator=(const BitcoindBackend&) = delete;

    std::string name() const override { return "bitcoind"; }
    /// Also ChainError(unavailable) when bitcoind runs another chain than the network.
    ChainTip tip() override;
    std::vector<HistoryItem> history(ByteView script_pubkey) override;
    std::vector<Unspent> unspent(ByteView script_pubkey) override;
    /// Also Error(bad_hex) / Error(bad_length) for a txid that is not 64 hex digits.
    Bytes transaction(const std::string& txid) override;
    std::string broadcast(ByteView raw_tx) override;
    /// Also Error(bad_argument) for a target outside 1..1008.
    std::optional<double> fee_rate(unsigned target_blocks) override;
    /// Queues the scripts for import by the background thread (scripts without an address are
    /// skipped with a warning).
    void watch(std::span<const Bytes> scripts) override;
    ChainChanges wait_for_changes(std::chrono::milliseconds max_wait) override;
    /// Ends the background thread's polling (a call already sent still ends by its timeout).
    void shutdown() override;

private:
    void run();
    void poll();
    void ensure_wallet();
    void import_queued();
    void read_news();
    std::string address_of(ByteView script) const;
    void mark_changed(const std::string& address);

    BitcoindOptions options_;
    keys::Network network_;
    BitcoindRpc rpc_;

    std::mutex mutex_;  ///< guards everything down to stopping_
    std::condition_variable wake_;
    std::map<std::string, Bytes> watched_;  ///< by address
    std::vector<Bytes> to_import_;
    std::set<Bytes> changed_scripts_;
    std::optional<ChainTip> changed_tip_;
    bool poll_soon_ = false;  ///< watch() queued scripts: poll without waiting for the interval
    bool stopping_ = false;

    // The background thread's own.
    bool wallet_ready_ = false;
    std::optional<ChainTip> tip_;
    std::string since_block_;                   ///< listsinceblock's cursor ("" at first)
    std::map<std::string, std::string> seen_;  ///< "txid:vout:address" -> its block hash ("" mempool, "-" removed)

    std::thread poller_;  ///< last: starts after everything above exists
};

}  // namespace flash::node::bitcoin
