#include "support/loopback_http.hpp"

#include <optional>
#include <sstream>
#include <thread>

#include "core/codec/ascii.hpp"
#include "core/codec/percent.hpp"
#include "node/server/asio.hpp"
#include "support/self_signed_cert.hpp"

namespace flash::test::loopback {

namespace asio = node::asio;
namespace beast = node::beast;
namespace http = node::http;
using node::tcp;
using asio::awaitable;
using asio::redirect_error;
using asio::use_awaitable;

std::string Request::header(std::string_view name) const {
    for (const Header& h : headers) {
        if (h.name.size() == name.size() && codec::starts_with_ignore_case(h.name, name)) return h.value;
    }
    return {};
}

std::string Request::path() const { return target.substr(0, target.find('?')); }

std::optional<std::string> Request::query(std::string_view key) const {
    const std::size_t mark = target.find('?');
    if (mark == std::string::npos) return std::nullopt;
    const auto params = codec::parse_query(std::string_view(target).substr(mark + 1));
    if (!params) return std::nullopt;
    for (const auto& [name, value] : *params) {
        if (name == key) return value;
    }
    return std::nullopt;
}

Stream::Stream(unsigned status, std::vector<Header> headers) : status_(status), headers_(std::move(headers)) {}

void Stream::send(std::string chunk) {
    std::lock_guard lock(mutex_);
    if (chunk.empty() || ended_ || dropped_) return;
    chunks_.push_back(std::move(chunk));
    if (wake_) wake_();
}

void Stream::end() {
    std::lock_guard lock(mutex_);
    ended_ = true;
    if (wake_) wake_();
}

void Stream::drop() {
    std::lock_guard lock(mutex_);
    dropped_ = true;
    if (wake_) wake_();
}

/// The connection's side of a Stream: takes what was fed, and sleeps on a timer that feeding
/// cancels (from any thread, through a post to the server's thread, the only one that touches it).
class StreamWriter {
public:
    struct Batch {
        std::deque<std::string> chunks;
        bool end = false;
        bool drop = false;
    };

    StreamWriter(std::shared_ptr<Stream> stream, const asio::any_io_executor& executor)
        : stream_(std::move(stream)), timer_(std::make_shared<asio::steady_timer>(executor)) {
        std::lock_guard lock(stream_->mutex_);
        stream_->wake_ = [timer = timer_] { asio::post(timer->get_executor(), [timer] { timer->cancel(); }); };
    }
    // Also runs when the server stops with the connection open: no wake may reach the stopped loop.
    ~StreamWriter() {
        std::lock_guard lock(stream_->mutex_);
        stream_->wake_ = nullptr;
    }
    StreamWriter(const StreamWriter&) = delete;
    StreamWriter& operator=(const StreamWriter&) = delete;

    /// Waits until the stream has chunks, ends or is dropped, and takes that.
    awaitable<Batch> next() {
        for (;;) {
            {
                std::lock_guard lock(stream_->mutex_);
                if (stream_->dropped_) co_return Batch{{}, false, true};
                if (!stream_->chunks_.empty() || stream_->ended_)
                    co_return Batch{std::exchange(stream_->chunks_, {}), stream_->ended_, false};
                // Set under the lock: a feed after this point posts a cancel that finds the wait.
                timer_->expires_at(asio::steady_timer::time_point::max());
            }
            beast::error_code ec;
            co_await timer_->async_wait(redirect_error(use_awaitable, ec));
        }
    }

private:
    std::shared_ptr<Stream> stream_;
    std::shared_ptr<asio::steady_timer> timer_;
};

struct HttpServer::Impl {
    Handler handler;
    std::optional<asio::ssl::context> tls;
    asio::io_context io{1};
    tcp::acceptor acceptor{io};
    std::uint16_t port = 0;
    std::thread thread;
};

namespace {

using TlsStream = asio::ssl::stream<tcp::socket>;

tcp::socket& socket_of(tcp::socket& socket) { return socket; }
tcp::socket& socket_of(TlsStream& stream) { return stream.next_layer(); }

/// Every write is of bytes serialised beforehand: Beast's serializer is not instantiated per stream type.
template <class AsyncStream>
awaitable<bool> write(AsyncStream& stream, const std::string& bytes) {
    beast::error_code ec;
    co_await asio::async_write(stream, asio::buffer(bytes), redirect_error(use_awaitable, ec));
    co_return !ec;
}

template <class Message>
std::string serialised(const Message& message) {
    std::ostringstream out;
    out << message;
    return out.str();
}

Request request_of(http::request<http::string_body>&& in) {
    Request out;
    out.method = std::string(in.method_string());
    out.target = std::string(in.target());
    for (const auto& field : in) out.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    out.body = std::move(in.body());
    return out;
}

std::string response_bytes(const Response& response, unsigned version) {
    http::response<http::string_body> out;
    out.version(version);
    out.result(response.status);
    for (const Header& h : response.headers) out.insert(h.name, h.value);
    out.keep_alive(false);
    out.body() = response.body;
    out.prepare_payload();
    return serialised(out);
}

awaitable<void> stall(const asio::any_io_executor& executor) {
    asio::steady_timer never(executor, asio::steady_timer::time_point::max());
    beast::error_code ec;
    co_await never.async_wait(redirect_error(use_awaitable, ec));
}

/// The head with the first chunk, the chunks as they are fed, the last chunk at the end.
template <class AsyncStream>
awaitable<void> write_stream(AsyncStream& stream, std::shared_ptr<Stream> fed, unsigned version) {
    http::response<http::empty_body> head;
    head.version(version);
    head.result(fed->status());
    for (const Header& h : fed->headers()) head.insert(h.name, h.value);
    head.chunked(true);
    std::string pending_head = serialised(head.base());

    StreamWriter writer(fed, stream.get_executor());
    for (;;) {
        StreamWriter::Batch batch = co_await writer.next();
        if (batch.drop) co_return;
        for (const std::string& chunk : batch.chunks) {
            const std::string bytes = beast::buffers_to_string(http::make_chunk(asio::buffer(chunk)));
            if (!co_await write(stream, std::exchange(pending_head, {}) + bytes)) co_return;
        }
        if (batch.end) {
            co_await write(stream, std::exchange(pending_head, {}) + beast::buffers_to_string(http::make_chunk_last()));
            co_return;
        }
    }
}

/// Reads one request and answers it as the handler says.
template <class AsyncStream>
awaitable<void> serve_request(AsyncStream& stream, HttpServer::Impl& server) {
    beast::flat_buffer buffer;
    http::request<http::string_body> in;
    beast::error_code ec;
    co_await http::async_read(stream, buffer, in, redirect_error(use_awaitable, ec));
    if (ec) co_return;
    const unsigned version = in.version();
    Answer answer;
    try {
        answer = server.handler(request_of(std::move(in)));
    } catch (const std::exception&) {
        co_return;  // the stand-in did not understand the request: drop the connection
    }
    if (const Response* response = std::get_if<Response>(&answer)) {
        co_await write(stream, response_bytes(*response, version));
    } else if (std::holds_alternative<Stall>(answer)) {
        co_await stall(stream.get_executor());
    } else {
        co_await write_stream(stream, std::get<std::shared_ptr<Stream>>(answer), version);
    }
}

awaitable<void> serve(tcp::socket socket, HttpServer::Impl& server) {
    beast::error_code ec;
    if (server.tls) {
        TlsStream stream(std::move(socket), *server.tls);
        co_await stream.async_handshake(asio::ssl::stream_base::server, redirect_error(use_awaitable, ec));
        if (ec) co_return;  // e.g. a client that does not trust the certificate
        co_await serve_request(stream, server);
        socket_of(stream).shutdown(tcp::socket::shutdown_both, ec);
    } else {
        co_await serve_request(socket, server);
        socket_of(socket).shutdown(tcp::socket::shutdown_both, ec);
    }
}

awaitable<void> accept_loop(HttpServer::Impl& server) {
    for (;;) {
        beast::error_code ec;
        tcp::socket socket = co_await server.acceptor.async_accept(redirect_error(use_awaitable, ec));
        if (ec) co_return;
        asio::co_spawn(server.io, serve(std::move(socket), server), asio::detached);
    }
}

}  // namespace

HttpServer::HttpServer(Handler handler, const SelfSignedCertificate* tls) : impl_(std::make_unique<Impl>()) {
    Impl& s = *impl_;
    s.handler = std::move(handler);
    if (tls) {
        s.tls.emplace(asio::ssl::context::tls_server);
        s.tls->use_certificate_chain(asio::buffer(tls->cert_pem));
        s.tls->use_private_key(asio::buffer(tls->key_pem), asio::ssl::context::pem);
    }
    const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
    s.acceptor.open(endpoint.protocol());
    s.acceptor.set_option(asio::socket_base::reuse_address(true));
    s.acceptor.bind(endpoint);
    s.acceptor.listen();
    s.port = s.acceptor.local_endpoint().port();
    asio::co_spawn(s.io, accept_loop(s), asio::detached);
    s.thread = std::thread([&s] { s.io.run(); });
}

HttpServer::~HttpServer() {
    impl_->io.stop();
    impl_->thread.join();
}

std::uint16_t HttpServer::port() const noexcept { return impl_->port; }

std::string HttpServer::url() const {
    return (impl_->tls ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(impl_->port);
}

}  // namespace flash::test::loopback
