// ElectrumBackend: the chain through an Electrum server (ElectrumX, Fulcrum, electrs) over TCP or
// TLS, protocol 1.4 to 1.6 (electrum-protocol docs; notes §6).
//
// A background thread runs the connection: server.version first, then blockchain.headers.subscribe
// and blockchain.scripthash.subscribe for every watched script; notifications become the changes
// wait_for_changes() returns (a script changed when its status differs from the last one seen).
// When the connection drops it reconnects with a growing pause (reconnect_min doubling up to
// reconnect_max) and subscribes again; statuses that changed meanwhile are reported then. A
// server.ping every ping_interval keeps the session alive and finds a dead one.
//
// Calls from other threads are requests with ids, answered in any order. A call made while
// disconnected waits for the next session within its timeout (then ChainError(unavailable)); a
// call in flight when the connection drops fails with ChainError(unavailable); one that gets no
// answer within the timeout fails with ChainError(timeout) and the connection is replaced (a
// server that stops answering is treated as gone). JSON-RPC errors become ChainError(rejected)
// (ChainError(not_found) for an unknown transaction) with the server's code; a malformed message
// is ChainError(bad_response), and a malformed line ends the connection.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "node/bitcoin/chain_backend.hpp"
#include "node/bitcoin/electrum_connection.hpp"
#include "node/server/asio.hpp"

namespace flash::node::bitcoin {

struct ElectrumOptions {
    std::string host;
    std::uint16_t port = 50001;
    bool tls = false;
    /// TLS: trust exactly this PEM certificate (Electrum servers are often self-signed); without
    /// it, the system's CAs and the host name.
    std::optional<std::string> pinned_cert_file;
    std::chrono::milliseconds timeout{30'000};  ///< per call, and to connect
    std::chrono::milliseconds reconnect_min{1'000};
    std::chrono::milliseconds reconnect_max{60'000};
    std::chrono::milliseconds ping_interval{60'000};
    std::size_t max_line_bytes = 32 * 1024 * 1024;  ///< one message (a long history is large)
    std::string client_name = "flash-node";
};

class ElectrumBackend final : public ChainBackend {
public:
    /// Starts connecting in the background at once. Throws Error(bad_config) for an unusable
    /// pinned certificate file.
    explicit ElectrumBackend(ElectrumOptions options);
    ~ElectrumBackend() override;
    ElectrumBackend(const ElectrumBackend&) = delete;
    ElectrumBackend& operator=(const ElectrumBackend&) = delete;

    std::string name() const override { return "electrum"; }
    ChainTip tip() override;
    std::vector<HistoryItem> history(ByteView script_pubkey) override;
    std::vector<Unspent> unspent(ByteView script_pubkey) override;
    /// Also Error(bad_hex) / Error(bad_length) for a txid that is not 64 hex digits.
    Bytes transaction(const std::string& txid) override;
    std::string broadcast(ByteView raw_tx) override;
    /// Also Error(bad_argument) for a target outside 1..1008.
    std::optional<double> fee_rate(unsigned target_blocks) override;
    /// Does not wait for the server: the subscriptions go out on the background thread.
    void watch(std::span<const Bytes> scripts) override;
    ChainChanges wait_for_changes(std::chrono::milliseconds max_wait) override;
    void shutdown() override;

    /// Whether a session is established now (handshake done).
    bool connected() const;

private:
    using Done = std::function<void(const nlohmann::json* result, const ChainError* error)>;
    struct Request {
        std::string method;
        nlohmann::json params;
        Done done;
        std::shared_ptr<asio::steady_timer> timer;
    };
    struct Watched {
        Bytes script;
        bool known = false;                 ///< a status has been seen
        std::optional<std::string> status;  ///< the last status (nullopt: empty history)
    };

    // Everything below runs on the background thread.
    nlohmann::json call(const std::string& method, nlohmann::json params);
    void submit(std::string method, nlohmann::json params, Done done);
    void send(std::uint64_t id, Request request);
    void finish(std::map<std::uint64_t, Request>& from, std::uint64_t id, const nlohmann::json* result,
                const ChainError* error);
    void connect();
    void opened();
    void handshake_done(const nlohmann::json& result);
    void on_line(std::string_view line);
    void closed(const std::string& reason);
    void drop_connection(const std::string& reason);
    void subscribe(const std::string& script_hash);
    void status_seen(const std::string& script_hash, const std::optional<std::string>& status);
    void tip_seen(const ChainTip& tip);
    void ping();
    void stop_session();

    ElectrumOptions options_;
    std::shared_ptr<asio::ssl::context> tls_;
    asio::io_context io_;
    asio::executor_work_guard<asio::io_context::executor_type> work_;
    std::shared_ptr<electrum::Connection> connection_;
    bool ready_ = false;
    bool stopping_ = false;
    std::uint64_t next_id_ = 1;
    std::map<std::uint64_t, Request> in_flight_;  ///< sent, waiting for the answer
    std::map<std::uint64_t, Request> waiting_;    ///< made while disconnected, sent by the next session
    std::map<std::string, Watched> watched_;      ///< by script hash
    std::optional<ChainTip> tip_;
    std::chrono::milliseconds backoff_;
    asio::steady_timer reconnect_timer_;
    asio::steady_timer ping_timer_;

    // Shared with wait_for_changes() and connected().
    mutable std::mutex changes_mutex_;
    std::condition_variable changes_ready_;
    std::set<Bytes> changed_scripts_;
    std::optional<ChainTip> changed_tip_;
    bool connected_ = false;

    std::thread thread_;  ///< last: starts after everything above exists
};

}  // namespace flash::node::bitcoin
