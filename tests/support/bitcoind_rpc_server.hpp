// BitcoindRpcServer: a loopback stand-in for Bitcoin Core's JSON-RPC, for tests of flash-node's
// bitcoind backend.
//
// HTTP/1.1 with Basic authentication (401 without a body for wrong credentials, as bitcoind
// answers), JSON-RPC 1.0 bodies, errors as {"result": null, "error": {"code", "message"}} with HTTP
// 500 (404 for an unknown method), wallet calls on /wallet/<name> (-18 unless that wallet is
// loaded). It keeps a small chain (a tip and wallet transactions paying to addresses) that the test
// changes: getblockchaininfo, loadwallet, createwallet, importdescriptors (checks each raw()
// descriptor's BIP-380 checksum), listsinceblock (every wallet transaction each time; removed ones
// under "removed"), listreceivedbyaddress, gettransaction, listunspent, getrawtransaction (mempool
// only, -5 otherwise), sendrawtransaction, estimatesmartfee.
//
// One request at a time, on its own thread; every method may be called from the test's thread.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.hpp"

namespace flash::test {

class BitcoindRpcServer {
public:
    /// Starts on 127.0.0.1 (a free port) for `chain` ("regtest", "main", ...), tip at height 200,
    /// accepting "user:password" (also written to cookie_file()).
    explicit BitcoindRpcServer(std::string chain = "regtest");
    ~BitcoindRpcServer();
    BitcoindRpcServer(const BitcoindRpcServer&) = delete;
    BitcoindRpcServer& operator=(const BitcoindRpcServer&) = delete;

    std::string url() const;          ///< http://127.0.0.1:PORT
    std::string cookie_file() const;  ///< a .cookie with the accepted credentials

    void set_tip(std::int64_t height);
    std::int64_t tip() const;
    std::string block_hash(std::int64_t height) const;
    /// A wallet transaction paying `sat` to `address` (output `vout`): in the mempool (nullopt) or
    /// confirmed at `height`.
    void add_payment(const std::string& txid, std::uint32_t vout, const std::string& address, std::uint64_t sat,
                     std::optional<std::int64_t> height);
    /// Moves a payment to another block (nullopt: back to the mempool) or removes it (reorg).
    void move_payment(const std::string& txid, std::optional<std::int64_t> height);
    void remove_payment(const std::string& txid);
    /// A raw transaction in the mempool (getrawtransaction finds it).
    void add_mempool_transaction(const Bytes& raw);
    /// The next sendrawtransaction fails with {code, message}.
    void fail_next_send(int code, const std::string& message);
    /// nullopt: estimatesmartfee has no estimate.
    void set_fee(std::optional<double> btc_per_kvb);
    /// Whether the wallet exists (created by a test or by createwallet) before anything is called.
    void create_wallet(const std::string& name);

    /// Every call as "target method params-json", in order.
    std::vector<std::string> calls() const;
    /// Scripts imported with importdescriptors (hex), in order.
    std::vector<std::string> imported() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace flash::test
