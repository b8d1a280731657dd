#include "node/net/http_client.hpp"

#include <exception>
#include <openssl/ssl.h>

#include "node/net/line_splitter.hpp"
#include "node/net/tls_client_context.hpp"

namespace flash::node::net {
namespace {

using asio::awaitable;
using asio::redirect_error;
using asio::use_awaitable;
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
using Clock = std::chrono::steady_clock;

/// Turns a failed step into HttpError: timeouts and limits by their nature, the rest by `phase`.
[[noreturn]] void fail(HttpErrc phase, std::string_view what, const beast::error_code& ec) {
    if (ec == beast::error::timeout) throw HttpError(HttpErrc::timeout, std::string(what) + ": timed out");
    if (ec == http::error::body_limit || ec == http::error::header_limit || ec == http::error::buffer_overflow) {
        throw HttpError(HttpErrc::too_large, std::string(what) + ": " + ec.message());
    }
    throw HttpError(phase, std::string(what) + ": " + ec.message());
}

bool ascii_iequal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

bool is_ip_literal(const std::string& host) {
    beast::error_code ec;
    asio::ip::make_address(host, ec);
    return !ec;
}

/// When each step must be done: a fixed deadline for the whole call, or a fresh allowance per step.
class Deadline {
public:
    static Deadline at(Clock::time_point when) { return Deadline(when, std::nullopt); }
    static Deadline per_step(std::optional<std::chrono::milliseconds> each) { return Deadline(std::nullopt, each); }

    void arm(beast::tcp_stream& stream) const {
        if (when_) stream.expires_at(*when_);
        else if (each_) stream.expires_after(*each_);
        else stream.expires_never();
    }
    /// For steps outside the stream (DNS).
    std::optional<Clock::time_point> expiry() const {
        if (when_) return when_;
        if (each_) return Clock::now() + *each_;
        return std::nullopt;
    }

private:
    Deadline(std::optional<Clock::time_point> when, std::optional<std::chrono::milliseconds> each)
        : when_(when), each_(each) {}
    std::optional<Clock::time_point> when_;
    std::optional<std::chrono::milliseconds> each_;
};

awaitable<tcp::resolver::results_type> resolve(const BaseUrl& base, const Deadline& deadline) {
    auto executor = co_await asio::this_coro::executor;
    tcp::resolver resolver(executor);
    asio::steady_timer timer(executor);
    bool timed_out = false;
    if (auto expiry = deadline.expiry()) {
        timer.expires_at(*expiry);
        timer.async_wait([&](const beast::error_code& ec) {
            if (ec) return;
            timed_out = true;
            resolver.cancel();
        });
    }
    beast::error_code ec;
    auto results = co_await resolver.async_resolve(base.host, std::to_string(base.port), redirect_error(use_awaitable, ec));
    timer.cancel();
    if (timed_out) throw HttpError(HttpErrc::timeout, "resolving " + base.host + ": timed out");
    if (ec) fail(HttpErrc::resolve, "resolving " + base.host, ec);
    co_return results;
}

/// TCP (and TLS) up to the point where the request can be written.
awaitable<void> open(PlainStream& stream, const BaseUrl& base, const Deadline& deadline) {
    const auto endpoints = co_await resolve(base, deadline);
    beast::error_code ec;
    deadline.arm(stream);
    co_await stream.async_connect(endpoints, redirect_error(use_awaitable, ec));
    if (ec) fail(HttpErrc::connect, "connecting to " + base.host_header(), ec);
    // A long silent stream should notice a peer that vanished without closing.
    stream.socket().set_option(asio::socket_base::keep_alive(true), ec);
}

awaitable<void> open(TlsStream& stream, const BaseUrl& base, const Deadline& deadline) {
    co_await open(beast::get_lowest_layer(stream), base, deadline);
    if (!is_ip_literal(base.host) && SSL_set_tlsext_host_name(stream.native_handle(), base.host.c_str()) != 1) {
        throw HttpError(HttpErrc::tls, "cannot set the TLS server name " + base.host);
    }
    beast::error_code ec;
    deadline.arm(beast::get_lowest_layer(stream));
    co_await stream.async_handshake(asio::ssl::stream_base::client, redirect_error(use_awaitable, ec));
    if (ec) fail(HttpErrc::tls, "TLS handshake with " + base.host_header(), ec);
}

http::request<http::string_body> build(const BaseUrl& base, const HttpRequest& request) {
    if (!request.target.starts_with('/')) throw HttpError(HttpErrc::protocol, "request target must start with '/'");
    http::request<http::string_body> out;
    const http::verb verb = http::string_to_verb(request.method);
    if (verb == http::verb::unknown) out.method_string(request.method);
    else out.method(verb);
    out.target(base.path + request.target);
    out.version(11);
    out.set(http::field::host, base.host_header());
    out.set(http::field::user_agent, "flash-node");
    out.set(http::field::connection, "close");
    for (const HttpHeader& header : request.headers) out.insert(header.name, header.value);
    out.body() = request.body;
    out.prepare_payload();
    return out;
}

template <class Fields>
std::vector<HttpHeader> headers_of(const Fields& fields) {
    std::vector<HttpHeader> out;
    for (const auto& field : fields) out.push_back({std::string(field.name_string()), std::string(field.value())});
    return out;
}

template <class Stream>
awaitable<void> send(Stream& stream, http::request<http::string_body>& message, const Deadline& deadline) {
    beast::error_code ec;
    deadline.arm(beast::get_lowest_layer(stream));
    co_await http::async_write(stream, message, redirect_error(use_awaitable, ec));
    if (ec) fail(HttpErrc::protocol, "sending the request", ec);
}

template <class Stream>
awaitable<void> exchange(Stream& stream, const BaseUrl& base, const HttpRequest& request,
                         const HttpClientOptions& options, HttpResponse& out) {
    const Deadline deadline = Deadline::at(Clock::now() + request.timeout.value_or(options.timeout));
    http::request<http::string_body> message = build(base, request);
    co_await open(stream, base, deadline);
    co_await send(stream, message, deadline);

    http::response_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
    parser.body_limit(options.max_body_bytes);
    beast::flat_buffer buffer;
    beast::error_code ec;
    deadline.arm(beast::get_lowest_layer(stream));
    // The head on its own first: Beast 1.74's eager read drops the body_limit error of a
    // Content-Length over the limit when the body came in the same read.
    co_await http::async_read_header(stream, buffer, parser, redirect_error(use_awaitable, ec));
    if (!ec) co_await http::async_read(stream, buffer, parser, redirect_error(use_awaitable, ec));
    if (ec) fail(HttpErrc::protocol, "reading the response", ec);
    out.status = parser.get().result_int();
    out.headers = headers_of(parser.get());
    out.body = std::move(parser.get().body());
}

template <class Stream>
awaitable<void> exchange_stream(Stream& stream, const BaseUrl& base, const HttpRequest& request,
                                const HttpClientOptions& options, const StreamHandler& handler,
                                std::optional<std::chrono::milliseconds> idle_timeout, HttpResponse& out) {
    const Deadline setup = Deadline::at(Clock::now() + request.timeout.value_or(options.timeout));
    http::request<http::string_body> message = build(base, request);
    co_await open(stream, base, setup);
    co_await send(stream, message, setup);
    if (handler.on_sent) handler.on_sent();

    const Deadline idle = Deadline::per_step(idle_timeout);
    http::response_parser<http::buffer_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
    parser.body_limit(boost::none);  // a subscription may run for days; lines are bounded instead
    beast::flat_buffer buffer;
    beast::error_code ec;
    idle.arm(beast::get_lowest_layer(stream));
    co_await http::async_read_header(stream, buffer, parser, redirect_error(use_awaitable, ec));
    if (ec) fail(HttpErrc::protocol, "reading the response head", ec);
    out.status = parser.get().result_int();
    out.headers = headers_of(parser.get());

    LineSplitter lines(options.max_body_bytes);
    bool more = true;
    char piece[16 * 1024];
    while (more && !parser.is_done()) {
        parser.get().body().data = piece;
        parser.get().body().size = sizeof(piece);
        idle.arm(beast::get_lowest_layer(stream));
        co_await http::async_read_some(stream, buffer, parser, redirect_error(use_awaitable, ec));
        if (ec == http::error::need_buffer) ec = {};
        if (ec) fail(HttpErrc::protocol, "reading the response stream", ec);
        const std::size_t got = sizeof(piece) - parser.get().body().size;
        more = lines.feed(std::string_view(piece, got), handler.on_line);
        if (lines.too_long()) throw HttpError(HttpErrc::too_large, "a stream line is over the limit");
    }
    if (more) lines.finish(handler.on_line);
}

/// Runs `call` on a private io_context until it is done, or `stop` is requested.
void run(asio::io_context& io, awaitable<void> call, std::stop_token stop) {
    bool done = false;
    std::exception_ptr failure;
    asio::co_spawn(io, std::move(call), [&](std::exception_ptr e) {
        done = true;
        failure = e;
    });
    {
        std::stop_callback on_stop(stop, [&io] { io.stop(); });
        io.run();
    }
    if (!done) throw HttpError(HttpErrc::canceled, "the call was stopped");
    if (failure) std::rethrow_exception(failure);
}

}  // namespace

std::optional<std::string> HttpResponse::header(std::string_view name) const {
    for (const HttpHeader& h : headers) {
        if (ascii_iequal(h.name, name)) return h.value;
    }
    return std::nullopt;
}

HttpClient::HttpClient(HttpClientOptions options)
    : options_(std::move(options)), base_(parse_base_url(options_.url)) {
    if (base_.tls) tls_ = make_client_tls_context(options_.pinned_cert_file);
}

HttpResponse HttpClient::request(const HttpRequest& request) const {
    HttpResponse out;
    asio::io_context io(1);
    if (tls_) {
        TlsStream stream(io, *tls_);
        if (!options_.pinned_cert_file) stream.set_verify_callback(asio::ssl::host_name_verification(base_.host));
        run(io, exchange(stream, base_, request, options_, out), {});
    } else {
        PlainStream stream(io);
        run(io, exchange(stream, base_, request, options_, out), {});
    }
    return out;
}

HttpResponse HttpClient::stream(const HttpRequest& request, const StreamHandler& handler,
                                std::optional<std::chrono::milliseconds> idle_timeout, std::stop_token stop) const {
    HttpResponse out;
    asio::io_context io(1);
    if (tls_) {
        TlsStream stream(io, *tls_);
        if (!options_.pinned_cert_file) stream.set_verify_callback(asio::ssl::host_name_verification(base_.host));
        run(io, exchange_stream(stream, base_, request, options_, handler, idle_timeout, out), stop);
    } else {
        PlainStream stream(io);
        run(io, exchange_stream(stream, base_, request, options_, handler, idle_timeout, out), stop);
    }
    return out;
}

}  // namespace flash::node::net
