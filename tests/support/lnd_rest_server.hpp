// LndRestServer: a loopback stand-in for LND's REST API, for tests of flash-node's LND backend.
//
// It speaks the API as LND (grpc-gateway) does: HTTPS with a self-signed certificate made at start
// (for CN "lnd test", so that only pinning can trust it), the macaroon in `Grpc-Metadata-macaroon`,
// proto field names, 64-bit integers as strings, `bytes` as base64 (hashes in Payment messages as
// hex), unary errors as {"code", "message", "details"} with the HTTP status of the gRPC code, and
// streams as chunked newline-delimited {"result": ...} / {"error": ...} messages whose HTTP head
// only goes out with the first message. Streamed lines are cut across chunks, and a backlog is
// sent in one chunk, so that a reader must reassemble lines.
//
// Routes: GET /v1/getinfo, POST /v1/invoices, GET /v2/invoices/lookup?payment_hash=,
// GET /v1/invoices/subscribe?settle_index=, POST /v2/router/send, GET /v2/router/track/{hash},
// GET /v1/balance/channels, GET /v1/channels, GET /v1/balance/blockchain.
//
// A test drives what the rest of the network does (settle an invoice, finish a payment) and injects
// faults (drop streams, stall or garble a route, refuse the macaroon with another status). It runs
// on its own thread; every method may be called from the test's thread.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/bytes.hpp"

namespace flash::test {

class LndRestServer {
public:
    /// What POST /v2/router/send does with a payment hash (the default: succeed).
    enum class Outcome {
        succeed,    ///< INITIATED, then SUCCEEDED with fee 1000 msat; an invoice of ours (which needs
                    ///< allow_self_payment, as in LND) gets its preimage and settles
        no_route,   ///< INITIATED, then FAILED with FAILURE_REASON_NO_ROUTE
        in_flight,  ///< INITIATED, then IN_FLIGHT; the stream stays open until finish_payment()
    };

    /// What a route does instead of answering.
    enum class Fault {
        none,
        stall,      ///< reads the request and never answers
        malformed,  ///< 200 with a body that is not JSON (a stream: one such line)
        wrong_types ///< 200 with JSON of the wrong shape (numbers where objects belong)
    };

    /// Starts on 127.0.0.1 (a free port) with a fresh certificate, macaroon and node key; writes
    /// tls.cert and admin.macaroon into a temporary directory.
    LndRestServer();
    ~LndRestServer();
    LndRestServer(const LndRestServer&) = delete;
    LndRestServer& operator=(const LndRestServer&) = delete;

    std::string url() const;            ///< https://127.0.0.1:PORT
    std::string cert_file() const;      ///< the server's certificate (PEM), to pin
    std::string macaroon_file() const;  ///< the binary macaroon it accepts
    /// Another self-signed certificate (PEM file): pinning it must fail the handshake.
    std::string other_cert_file() const;

    /// Someone pays our invoice: SETTLED with the next settle_index, sent to every subscription.
    void settle(const ByteArray<32>& payment_hash);
    /// A BOLT 11 regtest invoice of another node, for pay().
    std::string foreign_invoice(std::uint64_t amount_msat, const std::string& description);
    /// The same on mainnet (LND here runs on regtest).
    std::string mainnet_invoice(std::uint64_t amount_msat);

    void script(const ByteArray<32>& payment_hash, Outcome outcome);
    /// Ends an in-flight payment (SUCCEEDED or FAILED/TIMEOUT), telling every open send or track stream.
    void finish_payment(const ByteArray<32>& payment_hash, bool succeeded);
    /// How often POST /v2/router/send was called for the hash (duplicates included).
    std::size_t send_calls(const ByteArray<32>& payment_hash) const;
    /// The last JSON body POSTed to /v2/router/send.
    std::string last_send_body() const;

    /// Ends every open invoice subscription (as if LND restarted or the network broke).
    void drop_subscriptions();
    /// Invoice subscriptions accepted so far, and the target of the last one.
    std::size_t subscriptions() const;
    std::string last_subscribe_target() const;

    /// Requests that reached the route `path` (after the macaroon check), e.g. "/v2/invoices/lookup".
    std::size_t requests(const std::string& path) const;

    /// Every later request to a path starting with `path_prefix` gets `fault`.
    void fault(const std::string& path_prefix, Fault fault);
    /// The HTTP status of a refused macaroon (LND: 500 with gRPC code 2; a proxy may say 401/403).
    void auth_failure_status(unsigned status);

    struct State;  ///< everything, behind one mutex (defined in the .cpp)

private:
    std::unique_ptr<State> state_;
};

}  // namespace flash::test
