#include "node/server/server.hpp"

#include <map>
#include <set>

#include "core/error.hpp"
#include "node/server/log.hpp"

namespace flash::node {
namespace {

using asio::awaitable;
using asio::redirect_error;
using asio::use_awaitable;
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

template <class Stream>
constexpr bool is_tls = std::is_same_v<Stream, TlsStream>;

/// Errors that only mean "the other side went away or was too slow": not worth a log line.
bool ordinary_end(const beast::error_code& ec) {
    return ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::operation_aborted ||
           ec == asio::error::connection_reset || ec == beast::error::timeout || ec == websocket::error::closed ||
           ec == asio::ssl::error::stream_truncated || ec == asio::error::broken_pipe;
}

}  // namespace

struct Server::State {
    State(asio::io_context& io_, const Config& config_, Metrics& metrics_)
        : io(io_),
          config(config_),
          acceptor(io_),
          open_connections(metrics_.gauge("flash_http_connections", "Open TCP connections")),
          open_websockets(metrics_.gauge("flash_websocket_connections", "Open WebSocket connections")),
          refused_connections(metrics_.counter("flash_http_refused_connections_total",
                                               "Connections refused by the total or per-IP limit")),
          ws_messages_in(metrics_.counter("flash_websocket_messages_received_total", "WebSocket messages read")),
          ws_messages_out(metrics_.counter("flash_websocket_messages_sent_total", "WebSocket messages queued")),
          ws_slow_closed(metrics_.counter("flash_websocket_slow_reader_closed_total",
                                          "WebSocket connections closed because their queue overflowed")) {
        for (const char* status : {"2xx", "3xx", "4xx", "5xx"}) {
            responses.push_back(&metrics_.counter(std::string("flash_http_responses_total{class=\"") + status + "\"}",
                                                  "HTTP responses by status class"));
        }
    }

    asio::io_context& io;
    const Config& config;
    tcp::acceptor acceptor;
    std::optional<asio::ssl::context> tls;
    std::vector<HttpService*> services;
    std::vector<WebSocketService*> websockets;

    /// The first WebSocket service that takes `upgrade`, or null.
    WebSocketService* websocket_for(const Request& upgrade) const {
        for (WebSocketService* service : websockets) {
            if (service->accepts(upgrade)) return service;
        }
        return nullptr;
    }
    bool stopping = false;

    /// Live connections, so that a stop can reach them. They register and unregister themselves:
    /// the graceful steps (HTTP, WebSocket) and the cut that closes every socket.
    std::set<std::function<void()>*> http_stops, ws_stops, cuts;
    std::map<std::string, std::size_t> per_ip;
    std::size_t total = 0;
    std::function<void()> idle;  ///< called once when `total` drops to zero

    Gauge& open_connections;
    Gauge& open_websockets;
    Counter& refused_connections;
    Counter& ws_messages_in;
    Counter& ws_messages_out;
    Counter& ws_slow_closed;
    std::vector<Counter*> responses;
};

namespace {

using StatePtr = std::shared_ptr<Server::State>;

/// Holds one unit of the total and per-IP connection counts while the connection lives.
class ConnectionSlot {
public:
    ConnectionSlot(StatePtr state, std::string ip) : state_(std::move(state)), ip_(std::move(ip)) {
        ++state_->per_ip[ip_];
        ++state_->total;
        state_->open_connections.add(1);
    }
    ~ConnectionSlot() {
        if (auto it = state_->per_ip.find(ip_); it != state_->per_ip.end() && --it->second == 0) state_->per_ip.erase(it);
        --state_->total;
        state_->open_connections.add(-1);
        if (state_->total == 0 && state_->idle) asio::post(state_->io, std::exchange(state_->idle, nullptr));
    }
    ConnectionSlot(const ConnectionSlot&) = delete;
    ConnectionSlot& operator=(const ConnectionSlot&) = delete;

private:
    StatePtr state_;
    std::string ip_;
};

/// Registers a stop action in one of the server's sets for the lifetime of this object.
class StopRegistration {
public:
    StopRegistration(std::set<std::function<void()>*>& set, std::function<void()> stop)
        : set_(set), stop_(std::move(stop)) {
        set_.insert(&stop_);
    }
    ~StopRegistration() { set_.erase(&stop_); }
    StopRegistration(const StopRegistration&) = delete;
    StopRegistration& operator=(const StopRegistration&) = delete;

private:
    std::set<std::function<void()>*>& set_;
    std::function<void()> stop_;
};

void add_common_headers(Response& response) {
    response.set(http::field::server, "flash-node");
    // Cross-origin isolation for the PWA (SharedArrayBuffer); CORS for clients on other origins,
    // which authenticate with signed events (NIP-98), never with cookies.
    response.set("Cross-Origin-Opener-Policy", "same-origin");
    response.set("Cross-Origin-Embedder-Policy", "require-corp");
    response.set(http::field::access_control_allow_origin, "*");
    response.set("X-Content-Type-Options", "nosniff");
}

Response preflight(const Request& request) {
    Response response{http::status::no_content, request.version()};
    response.set(http::field::access_control_allow_methods, "GET, HEAD, POST, PUT, DELETE, OPTIONS");
    response.set(http::field::access_control_allow_headers, "Authorization, Content-Type, Accept");
    response.set(http::field::access_control_max_age, "86400");
    return response;
}

template <class Stream>
class WebSocketConnection : public WebSocketPeer, public std::enable_shared_from_this<WebSocketConnection<Stream>> {
public:
    WebSocketConnection(StatePtr state, Stream&& stream, ClientInfo client, std::unique_ptr<ConnectionSlot> slot)
        : state_(std::move(state)),
          ws_(std::move(stream)),
          client_(std::move(client)),
          slot_(std::move(slot)),
          registration_(state_->ws_stops, [this] { close_with(websocket::close_code::going_away, "node is stopping"); }),
          cut_(state_->cuts, [this] { beast::get_lowest_layer(ws_).close(); }) {
        state_->open_websockets.add(1);
    }
    ~WebSocketConnection() override { state_->open_websockets.add(-1); }

    static awaitable<void> run(std::shared_ptr<WebSocketConnection> self, WebSocketService& service, Request request) {
        const ServerLimits& limits = self->state_->config.limits;
        beast::get_lowest_layer(self->ws_).expires_never();
        websocket::stream_base::timeout timeout{};
        timeout.handshake_timeout = limits.read_timeout;
        timeout.idle_timeout = limits.idle_timeout;
        timeout.keep_alive_pings = true;  // idle clients get pings; dead ones are dropped
        self->ws_.set_option(timeout);
        self->ws_.read_message_max(limits.max_ws_message_bytes);
        self->ws_.set_option(websocket::stream_base::decorator(
            [](websocket::response_type& response) { response.set(http::field::server, "flash-node"); }));
        beast::error_code ec;
        co_await self->ws_.async_accept(request, redirect_error(use_awaitable, ec));
        if (ec) co_return;
        self->handler_ = service.open(self);
        if (!self->handler_) {
            co_await self->ws_.async_close(websocket::close_code::try_again_later, redirect_error(use_awaitable, ec));
            co_return;
        }
        co_await self->read_loop();
    }

    void send(std::string text) override {
        if (closing_) return;
        if (queued_bytes_ + text.size() > state_->config.limits.max_ws_queue_bytes) {
            state_->ws_slow_closed.add();
            log::warn("websocket reader too slow, closing", {{"ip", client_.ip}, {"queued_bytes", queued_bytes_}});
            close_with(websocket::close_code::policy_error, "too slow reading");
            return;
        }
        queued_bytes_ += text.size();
        queue_.push_back(std::move(text));
        state_->ws_messages_out.add();
        if (!writing_) write_next();
    }

    void close(std::string_view reason) override { close_with(websocket::close_code::normal, reason); }

    const ClientInfo& client() const override { return client_; }

private:
    void close_with(websocket::close_code code, std::string_view reason) {
        if (closing_) return;
        closing_ = true;
        close_reason_ = websocket::close_reason(code, reason.substr(0, 120));
        if (!writing_) write_next();
    }

    awaitable<void> read_loop() {
        beast::flat_buffer buffer;
        for (;;) {
            beast::error_code ec;
            co_await ws_.async_read(buffer, redirect_error(use_awaitable, ec));
            if (ec) {
                if (!ordinary_end(ec)) log::info("websocket ended", {{"ip", client_.ip}, {"reason", ec.message()}});
                break;
            }
            state_->ws_messages_in.add();
            if (!ws_.got_text()) {
                send(R"(["NOTICE","error: binary messages are not supported"])");
            } else if (!closing_) {
                const auto data = buffer.cdata();
                handler_->on_text(std::string_view(static_cast<const char*>(data.data()), data.size()));
            }
            buffer.consume(buffer.size());
        }
        ended_ = true;
        closing_ = true;
        // The handler holds its peer (this): dropping it here breaks the cycle.
        std::exchange(handler_, nullptr)->on_close();
    }

    /// Writes the queue front to back, then the close frame if one is due. Plain callbacks rather
    /// than a coroutine: a fan-out to thousands of idle connections starts each write at once.
    void write_next() {
        if (ended_) {  // the connection is gone: nothing more can be written
            writing_ = false;
            return;
        }
        if (queue_.empty()) {
            writing_ = closing_;
            if (closing_) ws_.async_close(close_reason_, [self = this->shared_from_this()](beast::error_code) {});
            return;
        }
        writing_ = true;
        ws_.text(true);
        ws_.async_write(asio::buffer(queue_.front()),
                        [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                            self->queued_bytes_ -= self->queue_.front().size();
                            self->queue_.pop_front();
                            if (ec) {
                                self->ended_ = true;  // the read fails too and ends the connection
                                self->writing_ = false;
                                return;
                            }
                            self->write_next();
                        });
    }

    StatePtr state_;
    websocket::stream<Stream> ws_;
    ClientInfo client_;
    std::unique_ptr<ConnectionSlot> slot_;
    std::shared_ptr<WebSocketHandler> handler_;
    std::deque<std::string> queue_;
    std::size_t queued_bytes_ = 0;
    bool writing_ = false;  ///< a write or the close is in progress
    bool closing_ = false;
    bool ended_ = false;    ///< the connection is over (read or write failed, or closed)
    websocket::close_reason close_reason_;
    StopRegistration registration_;
    StopRegistration cut_;
};

template <class Stream>
class HttpConnection : public std::enable_shared_from_this<HttpConnection<Stream>> {
public:
    HttpConnection(StatePtr state, Stream&& stream, ClientInfo client)
        : state_(std::move(state)),
          stream_(std::move(stream)),
          client_(std::move(client)),
          slot_(std::make_unique<ConnectionSlot>(state_, client_.ip)),
          registration_(state_->http_stops, [this] {
              if (idle_) beast::get_lowest_layer(stream_).cancel();  // busy ones finish their request
          }),
          cut_(state_->cuts, [this] {
              // After an upgrade the stream belongs to the WebSocket, which has a cut of its own.
              if (!upgraded_) beast::get_lowest_layer(stream_).close();
          }) {}

    static awaitable<void> run(std::shared_ptr<HttpConnection> self) { co_await self->serve(); }

private:
    awaitable<void> serve() {
        const ServerLimits& limits = state_->config.limits;
        auto& socket = beast::get_lowest_layer(stream_);
        beast::error_code ec;
        if constexpr (is_tls<Stream>) {
            socket.expires_after(limits.read_timeout);
            co_await stream_.async_handshake(asio::ssl::stream_base::server, redirect_error(use_awaitable, ec));
            if (ec) co_return;
        }
        beast::flat_buffer buffer;
        for (;;) {
            http::request_parser<http::string_body> parser;
            parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
            parser.body_limit(limits.max_body_bytes);
            idle_ = buffer.size() == 0;
            if (idle_ && state_->stopping) break;
            socket.expires_after(limits.read_timeout);
            co_await http::async_read(stream_, buffer, parser, redirect_error(use_awaitable, ec));
            idle_ = false;
            if (ec) {
                if (!ordinary_end(ec) && ec != http::error::partial_message) co_await refuse(ec);
                break;
            }
            Request request = parser.release();
            WebSocketService* ws_service = websocket::is_upgrade(request) ? state_->websocket_for(request) : nullptr;
            if (ws_service && !state_->stopping) {
                upgraded_ = true;
                auto ws = std::make_shared<WebSocketConnection<Stream>>(state_, std::move(stream_), client_,
                                                                        std::move(slot_));
                co_await WebSocketConnection<Stream>::run(ws, *ws_service, std::move(request));
                co_return;
            }
            Response response = co_await answer(request);
            response.keep_alive(request.keep_alive() && !state_->stopping);
            const bool keep_alive = response.keep_alive();
            co_await write(response, request.method() == http::verb::head);
            if (write_failed_ || !keep_alive) break;
        }
        co_await shut_down();
    }

    /// The response of the service that answers, once that service has settled it.
    awaitable<Response> answer(const Request& request) {
        HttpService* answered = nullptr;
        Response response = route(request, answered);
        if (!answered) co_return response;
        try {
            co_return co_await answered->settle(request, std::move(response));
        } catch (const std::exception& e) {
            log::error("request failed", {{"target", std::string(request.target())}, {"error", e.what()}});
        }
        co_return error_response(request, http::status::internal_server_error, "internal error");
    }

    /// The first service's response; `answered` is set to that service.
    Response route(const Request& request, HttpService*& answered) {
        if (websocket::is_upgrade(request)) {
            return error_response(request, http::status::not_found, "no WebSocket service here");
        }
        if (request.method() == http::verb::options) return preflight(request);
        try {
            for (HttpService* service : state_->services) {
                if (auto response = service->handle(request, client_)) {
                    answered = service;
                    return std::move(*response);
                }
            }
            return error_response(request, http::status::not_found, "not found");
        } catch (const Error& e) {
            return error_response(request, http::status::bad_request, e.what());
        } catch (const std::exception& e) {
            log::error("request failed", {{"target", std::string(request.target())}, {"error", e.what()}});
            return error_response(request, http::status::internal_server_error, "internal error");
        }
    }

    /// Answers a request that could not be read (too large, malformed) and closes.
    awaitable<void> refuse(const beast::error_code& ec) {
        Request request{http::verb::get, "/", 11};
        const http::status status = ec == http::error::header_limit  ? http::status::request_header_fields_too_large
                                    : ec == http::error::body_limit ? http::status::payload_too_large
                                                                    : http::status::bad_request;
        Response response = error_response(request, status, ec.message());
        response.keep_alive(false);
        co_await write(response, false);
    }

    awaitable<void> write(Response& response, bool head) {
        add_common_headers(response);
        response.prepare_payload();
        if (head) response.body().clear();  // Content-Length stays that of the GET
        const unsigned code = response.result_int();
        if (code >= 200 && code < 600) state_->responses[code / 100 - 2]->add();
        beast::error_code ec;
        beast::get_lowest_layer(stream_).expires_after(state_->config.limits.read_timeout);
        co_await http::async_write(stream_, response, redirect_error(use_awaitable, ec));
        write_failed_ = static_cast<bool>(ec);
    }

    awaitable<void> shut_down() {
        beast::error_code ec;
        if constexpr (is_tls<Stream>) {
            beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
            co_await stream_.async_shutdown(redirect_error(use_awaitable, ec));
        } else {
            stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        }
    }

    StatePtr state_;
    Stream stream_;
    ClientInfo client_;
    std::unique_ptr<ConnectionSlot> slot_;
    bool idle_ = true;
    bool write_failed_ = false;
    bool upgraded_ = false;  ///< stream_ was moved to a WebSocketConnection
    StopRegistration registration_;
    StopRegistration cut_;
};

template <class Stream>
void spawn(const StatePtr& state, Stream&& stream, ClientInfo client) {
    auto connection = std::make_shared<HttpConnection<Stream>>(state, std::move(stream), std::move(client));
    asio::co_spawn(state->io, HttpConnection<Stream>::run(connection), asio::detached);
}

awaitable<void> accept_loop(StatePtr state) {
    asio::steady_timer pause(state->io);
    for (;;) {
        beast::error_code ec;
        tcp::socket socket = co_await state->acceptor.async_accept(redirect_error(use_awaitable, ec));
        if (state->stopping) co_return;
        if (ec) {
            // Out of file descriptors, mostly: wait instead of spinning.
            log::warn("accept failed", {{"error", ec.message()}});
            pause.expires_after(std::chrono::milliseconds(100));
            co_await pause.async_wait(redirect_error(use_awaitable, ec));
            continue;
        }
        ClientInfo client{socket.remote_endpoint(ec).address().to_string()};
        if (ec) continue;
        const auto& limits = state->config.limits;
        if (state->total >= limits.max_connections || state->per_ip[client.ip] >= limits.max_connections_per_ip) {
            if (state->per_ip[client.ip] == 0) state->per_ip.erase(client.ip);
            state->refused_connections.add();
            socket.close(ec);
            continue;
        }
        socket.set_option(tcp::no_delay(true), ec);
        PlainStream stream(std::move(socket));
        if (state->tls) {
            spawn(state, TlsStream(std::move(stream), *state->tls), std::move(client));
        } else {
            spawn(state, std::move(stream), std::move(client));
        }
    }
}

}  // namespace

Server::Server(asio::io_context& io, const Config& config, Metrics& metrics)
    : state_(std::make_shared<State>(io, config, metrics)) {}

Server::~Server() = default;

void Server::add(HttpService& service) { state_->services.push_back(&service); }

void Server::add_websocket(WebSocketService& service) { state_->websockets.push_back(&service); }

void Server::start() {
    const Config& config = state_->config;
    try {
        if (config.tls()) {
            auto& tls = state_->tls.emplace(asio::ssl::context::tls_server);
            tls.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                            asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                            asio::ssl::context::no_tlsv1_1);
            tls.use_certificate_chain_file(*config.tls_cert);
            tls.use_private_key_file(*config.tls_key, asio::ssl::context::pem);
        }
        const tcp::endpoint endpoint(asio::ip::make_address(config.host), config.port);
        auto& acceptor = state_->acceptor;
        acceptor.open(endpoint.protocol());
        acceptor.set_option(asio::socket_base::reuse_address(true));
        acceptor.bind(endpoint);
        acceptor.listen(asio::socket_base::max_listen_connections);
    } catch (const boost::system::system_error& e) {
        throw Error(Errc::bad_config, "cannot listen on " + config.host + ":" + std::to_string(config.port) + ": " +
                                          e.what());
    }
    asio::co_spawn(state_->io, accept_loop(state_), asio::detached);
}

tcp::endpoint Server::local_endpoint() const { return state_->acceptor.local_endpoint(); }

void Server::stop_accepting() {
    state_->stopping = true;
    beast::error_code ec;
    state_->acceptor.close(ec);
    for (auto* stop : std::set(state_->http_stops)) (*stop)();
}

void Server::on_idle(std::function<void()> done) {
    if (state_->total == 0) {
        asio::post(state_->io, std::move(done));
    } else {
        state_->idle = std::move(done);
    }
}

void Server::close_websockets() {
    for (auto* stop : std::set(state_->ws_stops)) (*stop)();
}

void Server::cut_connections() {
    for (auto* cut : std::set(state_->cuts)) (*cut)();
}

}  // namespace flash::node
