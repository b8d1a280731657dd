// One connection to an Electrum server: TCP or TLS, newline-framed lines in both directions.
// It knows nothing of JSON-RPC (electrum_rpc.hpp) or of what the lines mean (electrum_backend.hpp).
//
// Runs on the io_context given to open(); every method must be called on that io_context's thread,
// and the handlers run there. Lifetime: held by shared_ptr; pending operations keep it alive.
#pragma once
#include <chrono>
#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "node/net/line_splitter.hpp"
#include "node/server/asio.hpp"

namespace flash::node::bitcoin::electrum {

class Connection : public std::enable_shared_from_this<Connection> {
public:
    struct Handlers {
        std::function<void()> on_open;                    ///< connected (and TLS handshake done)
        std::function<void(std::string_view line)> on_line;  ///< one message, without its "\n"
        std::function<void(const std::string& reason)> on_close;  ///< once, whatever ended it
    };

    /// `tls`: the client TLS context (net::make_client_tls_context), or null for plain TCP. With a
    /// context that pins no certificate, the server's name is checked against `host`.
    /// `max_line_bytes` bounds one incoming message.
    Connection(asio::io_context& io, std::shared_ptr<asio::ssl::context> tls, bool pinned, std::size_t max_line_bytes);

    /// Resolves, connects and (with TLS) shakes hands within `timeout`, then reads lines until
    /// close(). Calls on_close instead of on_open when that fails.
    void open(const std::string& host, std::uint16_t port, std::chrono::milliseconds timeout, Handlers handlers);

    /// Queues `line` (which must end with "\n") for sending, after what is queued already.
    void send(std::string line);

    /// Ends the connection; on_close(reason) runs once (now, unless it already ran).
    void close(const std::string& reason);

    bool is_open() const noexcept { return open_; }

private:
    void connected();
    void opened();
    void read();
    void write();
    template <class Operation>
    void with_stream(Operation&& operation);

    std::shared_ptr<asio::ssl::context> tls_context_;
    bool pinned_;
    tcp::resolver resolver_;
    tcp::socket socket_;                                          ///< plain TCP
    std::unique_ptr<asio::ssl::stream<tcp::socket>> tls_stream_;  ///< TLS, instead of socket_
    asio::steady_timer open_timer_;
    Handlers handlers_;
    std::string host_;
    net::LineSplitter lines_;
    std::array<char, 16 * 1024> read_buffer_{};
    std::deque<std::string> outbox_;
    bool writing_ = false;
    bool open_ = false;
    bool closed_ = false;
};

}  // namespace flash::node::bitcoin::electrum
