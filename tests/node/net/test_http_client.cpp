// The HTTP client over plain TCP against a one-connection server that answers with canned bytes:
// what goes on the wire, statuses returned rather than thrown, the body limit, chunked streams cut
// anywhere, stopping, timeouts and transport failures as HttpError. (TLS and pinning are tested
// through the loopback LND, tests/node/lightning.)
#include <catch2/catch.hpp>
#include <future>
#include <thread>

#include "node/net/http_client.hpp"

using namespace flash::node;
using namespace flash::node::net;
using namespace std::chrono_literals;

namespace {

/// Accepts one connection, reads one request, writes `pieces` with `gap` between them, then closes
/// (or, with `hold`, waits for the client to leave first).
class OneShotServer {
public:
    explicit OneShotServer(std::vector<std::string> pieces, std::chrono::milliseconds gap = 0ms, bool hold = false)
        : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
        thread_ = std::thread([this, pieces = std::move(pieces), gap, hold] {
            tcp::socket socket(io_);
            acceptor_.accept(socket);
            boost::system::error_code ec;
            asio::streambuf buffer;
            const std::size_t head = asio::read_until(socket, buffer, "\r\n\r\n", ec);
            std::string text(asio::buffers_begin(buffer.data()), asio::buffers_end(buffer.data()));
            const std::size_t length_at = text.find("Content-Length: ");
            if (!ec && length_at != std::string::npos) {
                const std::size_t length = std::stoul(text.substr(length_at + 16));
                if (text.size() < head + length) asio::read(socket, buffer, asio::transfer_exactly(head + length - text.size()), ec);
                text.assign(asio::buffers_begin(buffer.data()), asio::buffers_end(buffer.data()));
            }
            request_.set_value(text);
            for (const std::string& piece : pieces) {
                asio::write(socket, asio::buffer(piece), ec);
                std::this_thread::sleep_for(gap);
            }
            if (hold) {
                char byte;
                socket.read_some(asio::buffer(&byte, 1), ec);  // returns when the client closes
            }
        });
    }
    ~OneShotServer() { thread_.join(); }

    std::string url() const { return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/base"; }
    /// What the client sent (waits for it).
    std::string request() { return request_future_.get(); }

private:
    asio::io_context io_;
    tcp::acceptor acceptor_;
    std::promise<std::string> request_;
    std::future<std::string> request_future_ = request_.get_future();
    std::thread thread_;
};

/// The code of the HttpError `f` throws.
template <class F>
std::optional<HttpErrc> http_error(F&& f) {
    try {
        f();
    } catch (const HttpError& e) {
        return e.code();
    }
    return std::nullopt;
}

const std::string chunked_head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";

std::string chunk(const std::string& data) {
    char size[16];
    std::snprintf(size, sizeof size, "%zx", data.size());
    return std::string(size) + "\r\n" + data + "\r\n";
}

}  // namespace

TEST_CASE("http client: sends the request as given and returns any status", "[net]") {
    OneShotServer server({"HTTP/1.1 201 Created\r\nX-Thing: yes\r\nContent-Length: 7\r\n\r\n{\"a\":1}"});
    const HttpClient client({.url = server.url()});
    const HttpResponse response = client.request({.method = "POST",
                                                  .target = "/rpc?x=1",
                                                  .headers = {{"Authorization", "Basic dXNlcjpwYXNz"}},
                                                  .body = "{\"method\":\"getblockcount\"}"});
    CHECK(response.status == 201);
    CHECK(response.body == "{\"a\":1}");
    CHECK(response.header("x-thing") == "yes");
    CHECK_FALSE(response.header("missing"));

    const std::string sent = server.request();
    CHECK(sent.rfind("POST /base/rpc?x=1 HTTP/1.1\r\n", 0) == 0);
    CHECK(sent.find("Host: 127.0.0.1:") != std::string::npos);
    CHECK(sent.find("Authorization: Basic dXNlcjpwYXNz\r\n") != std::string::npos);
    CHECK(sent.find("Content-Length: 26\r\n") != std::string::npos);
    CHECK(sent.find("Connection: close\r\n") != std::string::npos);
    CHECK(sent.ends_with("\r\n\r\n{\"method\":\"getblockcount\"}"));
}

TEST_CASE("http client: an error status is an answer, not an exception", "[net]") {
    OneShotServer server({"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\noops"});
    const HttpResponse response = HttpClient({.url = server.url()}).request({});
    CHECK(response.status == 500);
    CHECK(response.body == "oops");
}

TEST_CASE("http client: a body over the limit is refused", "[net]") {
    SECTION("announced by Content-Length") {
        OneShotServer server({"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + std::string(100, 'x')});
        CHECK(http_error([&] { HttpClient({.url = server.url(), .max_body_bytes = 99}).request({}); }) ==
              HttpErrc::too_large);
    }
    SECTION("in chunks") {
        OneShotServer server({chunked_head + chunk(std::string(60, 'x')) + chunk(std::string(40, 'x')) + "0\r\n\r\n"});
        CHECK(http_error([&] { HttpClient({.url = server.url(), .max_body_bytes = 99}).request({}); }) ==
              HttpErrc::too_large);
    }
    SECTION("exactly at the limit") {
        OneShotServer server({"HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n" + std::string(99, 'x')});
        CHECK(HttpClient({.url = server.url(), .max_body_bytes = 99}).request({}).body.size() == 99);
    }
}

TEST_CASE("http client: a chunked stream arrives line by line, however it is cut", "[net]") {
    OneShotServer server({chunked_head + chunk("{\"result\":{\"n\":1}}\n{\"res"), chunk("ult\":{\"n\":2}}\n"),
                          chunk("\n{\"result\":{\"n\":3}}\n{\"last\":true}"), "0\r\n\r\n"},
                         5ms);
    bool sent = false;
    std::vector<std::string> lines;
    const HttpResponse head = HttpClient({.url = server.url()})
                                  .stream({.target = "/v1/invoices/subscribe"},
                                          {.on_sent = [&] { sent = true; },
                                           .on_line =
                                               [&](std::string_view line) {
                                                   lines.emplace_back(line);
                                                   return true;
                                               }},
                                          2000ms);
    CHECK(sent);
    CHECK(head.status == 200);
    CHECK(head.header("content-type") == "application/json");
    CHECK(lines == std::vector<std::string>{"{\"result\":{\"n\":1}}", "{\"result\":{\"n\":2}}", "{\"result\":{\"n\":3}}",
                                            "{\"last\":true}"});
}

TEST_CASE("http client: a stream ends when the handler says so", "[net]") {
    OneShotServer server({chunked_head + chunk("a\nb\n"), chunk("c\n")}, 5ms, true);
    std::vector<std::string> lines;
    HttpClient({.url = server.url()})
        .stream({}, {.on_line = [&](std::string_view line) {
                    lines.emplace_back(line);
                    return lines.size() < 2;
                }},
                2000ms);
    CHECK(lines == std::vector<std::string>{"a", "b"});
}

TEST_CASE("http client: a stop request ends a silent stream", "[net]") {
    OneShotServer server({chunked_head + chunk("first\n")}, 0ms, true);
    std::stop_source stop;
    std::vector<std::string> lines;
    std::thread stopper([&] {
        std::this_thread::sleep_for(200ms);
        stop.request_stop();
    });
    const auto started = std::chrono::steady_clock::now();
    CHECK(http_error([&] {
              HttpClient({.url = server.url()})
                  .stream({}, {.on_line = [&](std::string_view line) {
                              lines.emplace_back(line);
                              return true;
                          }},
                          std::nullopt, stop.get_token());
          }) == HttpErrc::canceled);
    stopper.join();
    CHECK(lines == std::vector<std::string>{"first"});
    CHECK(std::chrono::steady_clock::now() - started < 2s);
}

TEST_CASE("http client: timeouts", "[net]") {
    SECTION("no answer to a request") {
        OneShotServer server({}, 0ms, true);
        CHECK(http_error([&] { HttpClient({.url = server.url(), .timeout = 200ms}).request({}); }) == HttpErrc::timeout);
    }
    SECTION("a stream that goes quiet") {
        OneShotServer server({chunked_head + chunk("one\n")}, 0ms, true);
        int lines = 0;
        CHECK(http_error([&] {
                  HttpClient({.url = server.url()}).stream({}, {.on_line = [&](std::string_view) { return ++lines > 0; }}, 200ms);
              }) == HttpErrc::timeout);
        CHECK(lines == 1);
    }
}

TEST_CASE("http client: transport failures are HttpErrors", "[net]") {
    SECTION("nobody listening; a bad target is refused before connecting") {
        std::string url;
        {
            asio::io_context io;
            tcp::acceptor closed(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
            url = "http://127.0.0.1:" + std::to_string(closed.local_endpoint().port());
        }
        CHECK(http_error([&] { HttpClient({.url = url}).request({}); }) == HttpErrc::connect);
        CHECK(http_error([&] { HttpClient({.url = url}).request({.target = "no-slash"}); }) == HttpErrc::protocol);
    }
    SECTION("not HTTP") {
        OneShotServer server({"SSH-2.0-OpenSSH_9.2\r\n\r\n"});
        CHECK(http_error([&] { HttpClient({.url = server.url()}).request({}); }) == HttpErrc::protocol);
    }
    SECTION("closed in the middle of the body") {
        OneShotServer server({"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"});
        CHECK(http_error([&] { HttpClient({.url = server.url()}).request({}); }) == HttpErrc::protocol);
    }
}
