// The fan-out half of tools/bench/relay, in C++: many subscribers and one publisher on one thread
// and one clock, so that what is measured is the relay and the kernel, not a JavaScript client
// reading a thousand sockets. bench.mjs runs it next to its Node (ws) measurement.
//
//   flash-bench-relay-fanout HOST PORT SUBSCRIBERS EVENTS SPACING_MS
//
// Each subscriber sends REQ {"kinds":[1],"#t":[<topic>]} and waits for EOSE; then EVENTS signed
// events (about 200 bytes of content) go out SPACING_MS apart. Per delivery: receive time minus
// send time. Prints one JSON object: deliveries, expected, p50/p99/max and the publisher's OK p50/p99.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/codec/hex.hpp"
#include "core/crypto/random.hpp"
#include "core/nostr/event.hpp"
#include "node/server/asio.hpp"

using namespace flash;
using namespace flash::node;
using Clock = std::chrono::steady_clock;

namespace {

struct Run {
    std::map<std::string, Clock::time_point> sent;  // event id (hex) -> when it went out
    std::vector<double> deliveries_ms, ok_ms;
    std::size_t expected = 0;
};

/// One WebSocket client reading on the shared io_context; `on_text` gets every message.
class Client : public std::enable_shared_from_this<Client> {
public:
    Client(asio::io_context& io, std::function<void(std::string_view)> on_text)
        : ws_(io), on_text_(std::move(on_text)) {}

    void connect(const tcp::endpoint& endpoint, const std::string& host) {
        beast::get_lowest_layer(ws_).connect(endpoint);
        ws_.handshake(host, "/");
    }
    void read() {
        ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return;
            const auto data = self->buffer_.cdata();
            self->on_text_({static_cast<const char*>(data.data()), data.size()});
            self->buffer_.consume(self->buffer_.size());
            self->read();
        });
    }
    void send(const std::string& text) { ws_.write(asio::buffer(text)); }

private:
    websocket::stream<beast::tcp_stream> ws_;
    beast::flat_buffer buffer_;
    std::function<void(std::string_view)> on_text_;
};

std::string id_in(std::string_view message) {
    const auto at = message.find("\"id\":\"");
    return at == std::string_view::npos ? std::string() : std::string(message.substr(at + 6, 64));
}

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, static_cast<std::size_t>(p * static_cast<double>(values.size())))];
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 6) {
        std::cerr << "usage: flash-bench-relay-fanout HOST PORT SUBSCRIBERS EVENTS SPACING_MS\n";
        return 2;
    }
    const std::string host = argv[1];
    const tcp::endpoint endpoint(asio::ip::make_address(host), static_cast<std::uint16_t>(std::stoi(argv[2])));
    const int subscribers = std::stoi(argv[3]), events = std::stoi(argv[4]);
    const auto spacing = std::chrono::milliseconds(std::stoi(argv[5]));
    const std::string topic = "fanout-" + codec::hex_encode(crypto::random_array<4>());

    // Signed before anything is timed.
    const crypto::SecretKey key = crypto::secret_key_from(crypto::random_array<32>());
    std::vector<std::pair<std::string, std::string>> frames;  // id, EVENT message
    const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count();
    for (int i = 0; i < events; ++i) {
        nostr::UnsignedEvent draft;
        draft.kind = 1;
        draft.created_at = now_s;
        draft.tags = {{"t", topic}};
        draft.content = "Paying you back for lunch, thanks! #" + std::to_string(i) + std::string(160, '.');
        const nostr::Event event = nostr::sign(std::move(draft), key);
        frames.emplace_back(codec::hex_encode(event.id), "[\"EVENT\"," + nostr::to_json_string(event) + "]");
    }

    asio::io_context io(1);
    Run run;
    run.expected = static_cast<std::size_t>(subscribers) * static_cast<std::size_t>(events);
    int subscribed = 0;
    std::vector<std::shared_ptr<Client>> clients;
    const nlohmann::json filter = {{"kinds", {1}}, {"#t", {topic}}};
    for (int i = 0; i < subscribers; ++i) {
        auto client = std::make_shared<Client>(io, [&](std::string_view message) {
            const auto at = Clock::now();
            if (message.rfind("[\"EVENT\"", 0) == 0) {
                if (auto it = run.sent.find(id_in(message)); it != run.sent.end()) {
                    run.deliveries_ms.push_back(std::chrono::duration<double, std::milli>(at - it->second).count());
                }
            } else if (message.rfind("[\"EOSE\"", 0) == 0) {
                ++subscribed;
            }
        });
        client->connect(endpoint, host);
        client->read();
        client->send(nlohmann::json::array({"REQ", "s" + std::to_string(i), filter}).dump());
        clients.push_back(client);
    }
    while (subscribed < subscribers) io.run_one();

    auto publisher = std::make_shared<Client>(io, [&](std::string_view message) {
        const auto at = Clock::now();
        if (message.rfind("[\"OK\"", 0) != 0) return;
        const auto id = std::string(message.substr(7, 64));
        if (auto it = run.sent.find(id); it != run.sent.end()) {
            run.ok_ms.push_back(std::chrono::duration<double, std::milli>(at - it->second).count());
        }
    });
    publisher->connect(endpoint, host);
    publisher->read();

    asio::steady_timer pace(io);
    std::size_t next = 0;
    std::function<void()> publish_next = [&] {
        if (next == frames.size()) return;
        const auto& [id, frame] = frames[next++];
        run.sent[id] = Clock::now();
        publisher->send(frame);
        pace.expires_after(spacing);
        pace.async_wait([&](beast::error_code ec) {
            if (!ec) publish_next();
        });
    };
    publish_next();
    const auto give_up = Clock::now() + std::chrono::seconds(10) + spacing * events;
    while ((run.deliveries_ms.size() < run.expected || run.ok_ms.size() < frames.size()) && Clock::now() < give_up) {
        io.run_one_for(std::chrono::milliseconds(100));
    }
    std::cout << nlohmann::json{{"deliveries", run.deliveries_ms.size()},
                                {"expected", run.expected},
                                {"p50_ms", percentile(run.deliveries_ms, 0.5)},
                                {"p99_ms", percentile(run.deliveries_ms, 0.99)},
                                {"max_ms", percentile(run.deliveries_ms, 1.0)},
                                {"ok_p50_ms", percentile(run.ok_ms, 0.5)},
                                {"ok_p99_ms", percentile(run.ok_ms, 0.99)}}
                     .dump()
              << "\n";
    return 0;
}
