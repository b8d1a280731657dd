// flash-node stopped by SIGTERM while clients hold connections open: an idle HTTP keep-alive
// connection, a keep-alive connection whose next (pipelined) request never finishes arriving, and
// a WebSocket whose client never answers the close frame. The graceful steps close what they can,
// the grace period runs out, the rest is cut and run_node() returns having closed every socket.
// Under AddressSanitizer this also proves that nothing the connections use is destroyed before
// them: run_node() used to destroy the metrics, in which a connection counts itself out, before
// the I/O loop that still held the connections, and to leave the WebSocket to leak.
#include <catch2/catch.hpp>

#include <poll.h>

#include <chrono>
#include <csignal>
#include <future>
#include <string>

#include "node/node.hpp"
#include "node/server/asio.hpp"
#include "support/temp_dir.hpp"

using namespace flash::node;
using namespace std::chrono_literals;

namespace {

/// Whether the other end closed `socket` within 10 s (without reading what it still holds).
bool closed_by_node(tcp::socket& socket) {
    pollfd watch{socket.native_handle(), POLLRDHUP, 0};
    return ::poll(&watch, 1, 10'000) == 1 && (watch.revents & (POLLRDHUP | POLLHUP)) != 0;
}

/// A connected client socket of its own I/O context.
struct Client {
    asio::io_context io;
    tcp::socket socket{io};

    explicit Client(std::uint16_t port) { socket.connect({asio::ip::make_address("127.0.0.1"), port}); }
    void send(const std::string& bytes) { asio::write(socket, asio::buffer(bytes)); }
    http::response<http::string_body> response() {
        beast::flat_buffer buffer;
        http::response<http::string_body> answer;
        http::read(socket, buffer, answer);
        return answer;
    }
};

}  // namespace

TEST_CASE("a node stopped with connections open cuts them after the grace period and ends", "[node][stop]") {
    flash::test::TempDir dir;
    Config config;
    config.port = 0;
    config.data_dir = dir.str();
    config.web_root = dir.file("no-web");
    config.mint.passphrase = "stop test";
    config.limits.shutdown_grace = 1s;

    std::promise<std::uint16_t> listening;
    std::future<std::uint16_t> port_future = listening.get_future();
    std::future<int> node = std::async(std::launch::async, [&] {
        return run_node(config, [&](std::uint16_t bound) { listening.set_value(bound); });
    });
    if (port_future.wait_for(60s) != std::future_status::ready) {
        node.get();  // run_node() failed before listening: rethrows why
        FAIL("the node did not start listening");
    }
    const std::uint16_t port = port_future.get();
    const std::string host = "127.0.0.1:" + std::to_string(port);
    // From here on the node catches SIGTERM: a failed check below must still stop it, or the
    // future's destructor would wait forever.
    struct StopOnExit {
        std::future<int>& node;
        ~StopOnExit() {
            if (node.valid() && node.wait_for(0s) != std::future_status::ready) std::raise(SIGTERM);
        }
    } stop_on_exit{node};

    // An idle keep-alive connection, after one answered request.
    const std::string health = "GET /healthz HTTP/1.1\r\nHost: " + host + "\r\n";
    Client idle(port);
    idle.send(health + "\r\n");
    const auto answer = idle.response();
    REQUIRE(answer.result() == http::status::ok);
    REQUIRE(answer.keep_alive());

    // A request answered, then the next one (pipelined) of which only a part ever arrives: the
    // node waits for its end (read_timeout is 30 s), a busy connection that a stop lets finish.
    Client pipelined(port);
    pipelined.send(health + "\r\n" + health);
    REQUIRE(pipelined.response().result() == http::status::ok);

    // A WebSocket to the relay that reads nothing and so never answers the node's close frame.
    asio::io_context ws_io;
    websocket::stream<tcp::socket> ws(ws_io);
    ws.next_layer().connect({asio::ip::make_address("127.0.0.1"), port});
    ws.handshake(host, "/");

    const auto stop_at = std::chrono::steady_clock::now();
    std::raise(SIGTERM);
    REQUIRE(node.wait_for(30s) == std::future_status::ready);
    const auto took = std::chrono::steady_clock::now() - stop_at;
    CHECK(node.get() == 0);
    // The stop waited for the grace period: the pipelined request and the WebSocket were cut.
    CHECK(took >= 900ms);

    CHECK(closed_by_node(idle.socket));
    CHECK(closed_by_node(pipelined.socket));
    REQUIRE(closed_by_node(ws.next_layer()));
    // The WebSocket got the relay's AUTH challenge, then "going away" before the cut (the read
    // that finds the close frame then fails to answer it: the node is gone).
    beast::flat_buffer frames;
    beast::error_code ec;
    ws.read(frames, ec);
    CHECK_FALSE(ec);
    CHECK(beast::buffers_to_string(frames.data()).starts_with("[\"AUTH\""));
    ws.read(frames, ec);
    CHECK(ec);
    CHECK(ws.reason().code == websocket::close_code::going_away);
}
