// HttpClient: a small synchronous HTTP/1.1 client for the services flash-node calls (LND's REST
// API, Bitcoin Core's JSON-RPC), over plain TCP or TLS.
//
// Every call opens its own connection on its own io_context, runs it to the end on the calling
// thread and closes it ("Connection: close"), so a client may be used from several threads at once
// and a call never touches the server's I/O loop. That costs a TCP (and TLS) handshake per call,
// which is cheap next to a local LND or bitcoind.
//
//   HttpClient lnd({.url = "https://127.0.0.1:8080", .pinned_cert_file = "/lnd/tls.cert"});
//   HttpResponse r = lnd.request({.method = "GET", .target = "/v1/getinfo",
//                                 .headers = {{"Grpc-Metadata-macaroon", macaroon_hex}}});
//   // r.status, r.body; HTTP error statuses are returned, not thrown.
//
// Basic authentication (bitcoind's rpcuser/rpcpassword or cookie) is a header the caller adds:
// {"Authorization", "Basic " + base64("user:password")}.
//
// Errors: HttpError for everything that is not an HTTP response: the URL, DNS, connect, TLS
// (including a certificate that is not the pinned one), a timeout, a malformed response, a body or
// line over the limit, or a stream stopped through its stop_token.
#pragma once
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "node/net/url.hpp"
#include "node/server/asio.hpp"

namespace flash::node::net {

enum class HttpErrc {
    resolve,    ///< the host name does not resolve
    connect,    ///< no TCP connection (refused, unreachable)
    tls,        ///< the TLS handshake failed (certificate not trusted, protocol mismatch)
    timeout,    ///< a phase took longer than its timeout
    protocol,   ///< the peer closed early or sent something that is not HTTP/1.1
    too_large,  ///< a header, body or stream line over the limit
    canceled,   ///< a stream was stopped through its stop_token
};

class HttpError : public std::runtime_error {
public:
    HttpError(HttpErrc code, const std::string& detail) : std::runtime_error(detail), code_(code) {}
    HttpErrc code() const noexcept { return code_; }

private:
    HttpErrc code_;
};

struct HttpHeader {
    std::string name;
    std::string value;
};

struct HttpRequest {
    std::string method = "GET";
    std::string target = "/";         ///< path and query, after the base URL's path; must start with '/'
    std::vector<HttpHeader> headers{};  ///< sent as given (Host, Content-Length, Connection are set by the client)
    std::string body{};               ///< sent with its Content-Length (none for an empty GET)
    /// The whole call for request(); connect, TLS and sending for stream(). nullopt: the client's.
    std::optional<std::chrono::milliseconds> timeout{};
};

struct HttpResponse {
    unsigned status = 0;
    std::vector<HttpHeader> headers;
    std::string body;  ///< empty after stream(): the body went to the line handler

    /// The first header called `name` (ASCII case-insensitive), or nullopt.
    std::optional<std::string> header(std::string_view name) const;
};

struct HttpClientOptions {
    std::string url;                               ///< http(s)://host[:port][/path]
    std::optional<std::string> pinned_cert_file{}; ///< https: trust only this PEM certificate (see tls_client_context.hpp)
    std::chrono::milliseconds timeout{30'000};     ///< default for every call
    std::size_t max_body_bytes = 8 * 1024 * 1024;  ///< request(): the body; stream(): one line
    std::size_t max_header_bytes = 64 * 1024;
};

/// What stream() does with the body.
struct StreamHandler {
    /// Called once the request is on the wire (optional): the server has it from now on.
    std::function<void()> on_sent{};
    /// Each line of the body without its "\n" (and "\r"); empty lines are skipped, and a last line
    /// without "\n" is delivered when the body ends. Return false to end the call.
    std::function<bool(std::string_view line)> on_line{};
};

class HttpClient {
public:
    /// Throws flash::Error(bad_config) for a bad URL or pinned certificate file.
    explicit HttpClient(HttpClientOptions options);

    const BaseUrl& base_url() const noexcept { return base_; }

    /// Sends `request` and reads the whole response (any status). Throws HttpError.
    HttpResponse request(const HttpRequest& request) const;

    /// Sends `request` and hands the body, line by line, to `handler` until the body ends, the
    /// handler returns false, or `stop` is requested (then HttpError(canceled)); built for chunked
    /// newline-delimited JSON streams. `idle_timeout` bounds the wait for the response head and
    /// between two pieces of the body (nullopt: no bound, e.g. a subscription that may stay silent
    /// for hours; `stop` ends it). Returns the status and headers. Throws HttpError.
    HttpResponse stream(const HttpRequest& request, const StreamHandler& handler,
                        std::optional<std::chrono::milliseconds> idle_timeout, std::stop_token stop = {}) const;

private:
    HttpClientOptions options_;
    BaseUrl base_;
    std::shared_ptr<asio::ssl::context> tls_;  ///< set for https
};

}  // namespace flash::node::net
