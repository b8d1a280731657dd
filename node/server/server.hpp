// flash-node's listener: HTTP/1.1 and WebSocket on one port (optionally TLS), C++20 coroutines on
// one I/O thread. Requests go to the HTTP services in the order they were added (the first that
// answers wins; 404 otherwise); WebSocket upgrades go to the first WebSocket service that accepts them.
//
// Limits from ServerLimits apply per connection: header and body size (431/413), the time to
// receive a request (read_timeout), WebSocket idle time and message size, the outgoing queue, and
// the number of connections in total and per IP.
#pragma once
#include <memory>

#include "node/server/asio.hpp"
#include "node/server/config.hpp"
#include "node/server/http.hpp"
#include "node/server/metrics.hpp"
#include "node/server/websocket_service.hpp"

namespace flash::node {

class Server {
public:
    /// `config` and `metrics` must outlive the server; so must the services added.
    Server(asio::io_context& io, const Config& config, Metrics& metrics);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    void add(HttpService& service);
    /// WebSocket upgrades go to the first service added that accepts them (by path).
    void add_websocket(WebSocketService& service);

    /// Loads TLS files when configured, binds and starts accepting. Throws Error(bad_config) when
    /// the address cannot be bound or the TLS files cannot be used.
    void start();
    /// The bound address (the real port when the config asked for port 0).
    tcp::endpoint local_endpoint() const;

    /// Graceful stop, step 1: no new connections; idle HTTP connections close, requests in
    /// progress finish and get "Connection: close".
    void stop_accepting();
    /// Step 2: every WebSocket gets its queued frames, then a close frame with code 1001.
    void close_websockets();
    /// Step 3, when the grace period is over: closes the socket of every connection still open.
    /// Their coroutines end with an error (and release what they hold) the next time the I/O loop
    /// runs: run it until on_idle() before destroying the services the connections use.
    void cut_connections();
    /// Calls `done` (once, on the I/O thread) when no connection is left, right away if none is.
    void on_idle(std::function<void()> done);

    /// Internal: what the server shares with its connections (defined in server.cpp).
    struct State;

private:
    std::shared_ptr<State> state_;
};

}  // namespace flash::node
