#include "node/bitcoin/electrum_connection.hpp"

#include <utility>

namespace flash::node::bitcoin::electrum {

Connection::Connection(asio::io_context& io, std::shared_ptr<asio::ssl::context> tls, bool pinned,
                       std::size_t max_line_bytes)
    : tls_context_(std::move(tls)),
      pinned_(pinned),
      resolver_(io),
      socket_(io),
      open_timer_(io),
      lines_(max_line_bytes) {}

template <class Operation>
void Connection::with_stream(Operation&& operation) {
    if (tls_stream_)
        operation(*tls_stream_);
    else
        operation(socket_);
}

void Connection::open(const std::string& host, std::uint16_t port, std::chrono::milliseconds timeout,
                      Handlers handlers) {
    handlers_ = std::move(handlers);
    host_ = host;
    auto self = shared_from_this();
    open_timer_.expires_after(timeout);
    open_timer_.async_wait([self](const boost::system::error_code& ec) {
        if (!ec && !self->open_) self->close("connecting timed out");
    });
    resolver_.async_resolve(host, std::to_string(port), [self](const boost::system::error_code& ec,
                                                               const tcp::resolver::results_type& endpoints) {
        if (self->closed_) return;
        if (ec) return self->close("cannot resolve " + self->host_ + ": " + ec.message());
        asio::async_connect(self->socket_, endpoints, [self](const boost::system::error_code& error, const tcp::endpoint&) {
            if (self->closed_) return;
            if (error) return self->close("cannot connect to " + self->host_ + ": " + error.message());
            self->connected();
        });
    });
}

void Connection::connected() {
    socket_.set_option(tcp::no_delay(true));
    if (!tls_context_) return opened();
    tls_stream_ = std::make_unique<asio::ssl::stream<tcp::socket>>(std::move(socket_), *tls_context_);
    // SNI, and the name check when no certificate is pinned (the pin says everything otherwise).
    SSL_set_tlsext_host_name(tls_stream_->native_handle(), host_.c_str());
    if (!pinned_) tls_stream_->set_verify_callback(asio::ssl::host_name_verification(host_));
    auto self = shared_from_this();
    tls_stream_->async_handshake(asio::ssl::stream_base::client, [self](const boost::system::error_code& ec) {
        if (self->closed_) return;
        if (ec) return self->close("TLS handshake with " + self->host_ + " failed: " + ec.message());
        self->opened();
    });
}

void Connection::opened() {
    open_ = true;
    open_timer_.cancel();
    handlers_.on_open();
    if (closed_) return;
    if (!writing_ && !outbox_.empty()) write();
    read();
}

void Connection::read() {
    auto self = shared_from_this();
    with_stream([&](auto& stream) {
        stream.async_read_some(asio::buffer(read_buffer_), [self](const boost::system::error_code& ec, std::size_t n) {
            if (self->closed_) return;
            if (ec) return self->close(ec == asio::error::eof ? "the server closed the connection" : ec.message());
            const bool fine = self->lines_.feed(std::string_view(self->read_buffer_.data(), n), [&](std::string_view line) {
                self->handlers_.on_line(line);
                return !self->closed_;  // a handler may close the connection
            });
            if (self->closed_) return;
            if (!fine) return self->close("a message over the size limit");
            self->read();
        });
    });
}

void Connection::send(std::string line) {
    if (closed_) return;
    outbox_.push_back(std::move(line));
    if (open_ && !writing_) write();
}

void Connection::write() {
    if (outbox_.empty() || closed_) {
        writing_ = false;
        return;
    }
    writing_ = true;
    auto self = shared_from_this();
    with_stream([&](auto& stream) {
        asio::async_write(stream, asio::buffer(outbox_.front()), [self](const boost::system::error_code& ec, std::size_t) {
            if (self->closed_) return;
            if (ec) return self->close("cannot send: " + ec.message());
            self->outbox_.pop_front();
            self->write();
        });
    });
}

void Connection::close(const std::string& reason) {
    if (closed_) return;
    closed_ = true;
    open_ = false;
    open_timer_.cancel();
    resolver_.cancel();
    boost::system::error_code ignored;
    // Closing the socket ends the pending operations; a TLS close_notify is not worth waiting for.
    if (tls_stream_)
        tls_stream_->lowest_layer().close(ignored);
    else
        socket_.close(ignored);
    outbox_.clear();
    if (handlers_.on_close) handlers_.on_close(reason);
}

}  // namespace flash::node::bitcoin::electrum
