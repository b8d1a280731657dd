// ElectrumServer: a loopback Electrum server for tests of flash-node's Electrum backend.
//
// It speaks the protocol as ElectrumX does (electrum-protocol docs): one JSON-RPC 2.0 message per
// line ending in "\n", server.version required first (anything else first is an error and the end
// of the connection), blockchain.headers.subscribe / scripthash.subscribe with notifications when
// the test changes the chain, get_history, listunspent, transaction.get (code 2 "No such mempool
// or blockchain transaction" when unknown), transaction.broadcast (code 1 for bytes that are not a
// transaction), estimatefee (BTC/kB, -1 unknown), server.ping; -32601 for other methods.
//
// Faults on request: every message cut into pieces written a millisecond apart, or several
// messages (responses and notifications) coalesced into one write; an error for the next call of
// a method; a method that is never answered; every connection closed; a garbage line.
//
// Plain TCP, or TLS with a fresh self-signed certificate (cert_file() to pin it). Runs on its own
// thread; every method may be called from the test's thread and has taken effect when it returns.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "node/bitcoin/chain_backend.hpp"

namespace flash::test {

class ElectrumServer {
public:
    enum class Framing {
        whole,      ///< one write per message
        split,      ///< each message in pieces of a few bytes, written 1 ms apart
        coalesced,  ///< messages gathered for 20 ms and written together
    };

    /// Starts on 127.0.0.1 at a free port, tip at height 100.
    explicit ElectrumServer(bool tls = false);
    ~ElectrumServer();
    ElectrumServer(const ElectrumServer&) = delete;
    ElectrumServer& operator=(const ElectrumServer&) = delete;

    std::uint16_t port() const;
    /// TLS: the server's certificate (PEM file) to pin.
    std::string cert_file() const;

    /// A new best block at `height` (its header made up from the height); subscribers are told.
    void set_tip(std::int64_t height);
    /// The hash of the current tip's header (display hex).
    std::string tip_hash() const;
    /// What the server knows of a script hash; subscribers are told the new status.
    void set_script(const std::string& script_hash, std::vector<node::bitcoin::HistoryItem> history,
                    std::vector<node::bitcoin::Unspent> unspent);
    /// A transaction transaction.get can return; returns its txid.
    std::string add_transaction(const Bytes& raw);
    void set_fee(double btc_per_kb);

    void set_framing(Framing framing);
    /// The next call of `method` gets the error {code, message}.
    void fail_next(const std::string& method, int code, const std::string& message);
    /// Calls of `method` are read and never answered (while `on`).
    void stall(const std::string& method, bool on = true);
    /// Closes every connection.
    void drop_connections();
    /// Sends `line` and "\n" to every connection.
    void send_raw_line(const std::string& line);

    /// Every request's method in arrival order, over all connections.
    std::vector<std::string> requests() const;
    /// The params of the last request of `method` (JSON text), "" if none.
    std::string last_params(const std::string& method) const;
    /// Connections accepted so far.
    std::size_t accepted() const;
    /// Raw transactions broadcast (hex), in order.
    std::vector<std::string> broadcasts() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace flash::test
