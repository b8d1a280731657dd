// loopback::HttpServer: the HTTP(S) server under the tests' stand-ins for outside services (LND's
// REST API, BTCPay's Greenfield API, bitcoind's JSON-RPC). It listens on 127.0.0.1 on a free port,
// on a thread of its own, reads each request and hands it to the stand-in's handler, whose Answer
// says what goes back: a whole response, silence (a stall), or a chunked stream that the stand-in
// feeds later. One request per connection: every answer closes it ("Connection: close").
//
// Boost.Beast lives in loopback_http.cpp only, so a stand-in is plain logic that compiles fast.
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace flash::test {

struct SelfSignedCertificate;  // support/self_signed_cert.hpp

namespace loopback {

struct Header {
    std::string name;
    std::string value;
};

/// A request as read: the whole body (Beast's default limit, 1 MiB; a larger request, or one that
/// is not HTTP/1.x, closes the connection without reaching the handler).
struct Request {
    std::string method;           ///< as sent: "GET", "POST", ...
    std::string target;           ///< path and query, as sent (still percent-encoded)
    std::vector<Header> headers;  ///< in the order sent
    std::string body;

    /// The value of the first header called `name` (ASCII case-insensitive); "" when there is none.
    std::string header(std::string_view name) const;
    /// The target without its query.
    std::string path() const;
    /// The decoded value of the first query parameter called `key` (as URLSearchParams reads it);
    /// nullopt when there is none or the query has a malformed % escape.
    std::optional<std::string> query(std::string_view key) const;
};

/// A whole response, in the request's HTTP version. Content-Length and "Connection: close" are
/// added to `headers`; the connection closes once it is sent.
struct Response {
    unsigned status = 200;
    std::vector<Header> headers;
    std::string body;
};

/// No answer: the connection stays open and silent until the server stops.
struct Stall {};

/// A chunked response that the stand-in feeds after its handler returned, from any thread. The head
/// goes out with the first chunk only (so a stream that fails before its first message can still
/// choose its status), each send() is one chunk on the wire, and nothing is sent after end() or
/// drop(). Feed one connection with it; calls after the server stopped do nothing, but must not run
/// while its destructor does.
class Stream {
public:
    /// The head: `status`, `headers` and "Transfer-Encoding: chunked".
    explicit Stream(unsigned status = 200, std::vector<Header> headers = {});
    Stream(const Stream&) = delete;
    Stream& operator=(const Stream&) = delete;

    /// Queues `chunk` (an empty one is skipped: on the wire it would end the body).
    void send(std::string chunk);
    /// The last chunk goes out after those queued, then the connection closes.
    void end();
    /// Closes the connection at once: what is queued, the last chunk and, when no chunk went out
    /// yet, the head are never sent.
    void drop();

    unsigned status() const noexcept { return status_; }
    const std::vector<Header>& headers() const noexcept { return headers_; }

private:
    friend class StreamWriter;  // loopback_http.cpp: takes the chunks, and is woken when more come

    const unsigned status_;
    const std::vector<Header> headers_;
    std::mutex mutex_;  // guards what follows
    std::deque<std::string> chunks_;
    bool ended_ = false;
    bool dropped_ = false;
    std::function<void()> wake_;  ///< set while a connection writes this stream
};

using Answer = std::variant<Response, Stall, std::shared_ptr<Stream>>;

/// Called on the server's thread, one request at a time. An exception it throws closes the
/// connection without an answer.
using Handler = std::function<Answer(const Request&)>;

class HttpServer {
public:
    /// Starts listening on 127.0.0.1 (a free port) and serving on a thread of its own. `tls`:
    /// nullptr for plain HTTP, else the certificate and key to serve HTTPS with (copied: it need
    /// not outlive the call). Throws std::exception when the port or the TLS identity cannot be set up.
    explicit HttpServer(Handler handler, const SelfSignedCertificate* tls = nullptr);
    /// Stops: closes the port and every connection (stalled and streaming ones included).
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    std::uint16_t port() const noexcept;
    std::string url() const;  ///< http://127.0.0.1:PORT, or https:// with TLS

    struct Impl;  ///< the I/O loop (defined in the .cpp)

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace loopback
}  // namespace flash::test
