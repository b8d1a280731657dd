// The relay's protocol logic without sockets: a real Relay over a real SQLite store, with peers
// that record what the relay sends them.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/nostr/messages.hpp"
#include "core/nostr/nip42.hpp"
#include "node/relay/relay.hpp"
#include "node/storage/storage_fixtures.hpp"

using namespace flash;
using namespace flash::node;
using flash::test::Author;
using nlohmann::json;

namespace {

class RecordingPeer : public WebSocketPeer {
public:
    void send(std::string text) override { sent.push_back(json::parse(text)); }
    void close(std::string_view) override { closed = true; }
    const ClientInfo& client() const override { return info; }

    std::vector<json> sent;
    bool closed = false;
    ClientInfo info{"192.0.2.1"};
};

std::int64_t now() { return static_cast<std::int64_t>(std::time(nullptr)); }

struct Fixture {
    flash::test::TempDir dir;
    Config config;
    Metrics metrics;
    asio::io_context io;
    crypto::SecretKey relay_key = crypto::secret_key_from(crypto::random_array<32>());
    relay::Relay relay{config, "ws://relay.test/", metrics, open_sqlite_store(dir.str()),
                       open_sqlite_store(dir.str()), io, relay_key};

    struct Client {
        std::shared_ptr<RecordingPeer> peer = std::make_shared<RecordingPeer>();
        std::shared_ptr<WebSocketHandler> handler;
    };

    Client connect() {
        Client c;
        c.handler = relay.open(c.peer);
        REQUIRE(c.peer->sent.at(0)[0] == "AUTH");
        return c;
    }

    /// Sends `message` and runs the I/O loop until the writer has answered.
    std::vector<json> exchange(Client& c, const std::string& message) {
        const std::size_t before = c.peer->sent.size();
        c.handler->on_text(message);
        bool drained = false;
        relay.drain([&] { drained = true; });
        // The writer thread posts its answers here: wait for them instead of running out of work.
        io.restart();
        auto work = asio::make_work_guard(io);
        while (!drained) io.run_one();
        return {c.peer->sent.begin() + static_cast<std::ptrdiff_t>(before), c.peer->sent.end()};
    }

    json publish(Client& c, const nostr::Event& e) {
        const auto replies = exchange(c, nostr::serialize(nostr::ClientMessage{nostr::ClientEvent{e}}));
        for (const json& r : replies) {
            if (r[0] == "OK") return r;
        }
        FAIL("no OK");
        return {};
    }

    /// The ids a REQ returns before EOSE, or the CLOSED message.
    std::vector<std::string> req(Client& c, const std::string& filter_json, json* closed = nullptr) {
        std::vector<std::string> ids;
        for (const json& r : exchange(c, R"(["REQ","s",)" + filter_json + "]")) {
            if (r[0] == "EVENT") ids.push_back(r[2]["id"]);
            if (r[0] == "CLOSED" && closed) *closed = r;
        }
        return ids;
    }

    void authenticate(Client& c, const Author& who) {
        const std::string challenge = c.peer->sent.at(0)[1];
        const auto auth = nostr::sign(nostr::make_auth_event("ws://relay.test/", challenge, now()), who.key);
        const auto replies = exchange(c, nostr::serialize(nostr::ClientMessage{nostr::ClientAuth{auth}}));
        REQUIRE(replies.at(0) == json::array({"OK", codec::hex_encode(auth.id), true, ""}));
    }
};

}  // namespace

TEST_CASE("relay: gift wraps and DMs never leak to others", "[relay]") {
    Fixture f;
    Author alice, bob, eve, wrapper;
    auto client = f.connect();
    const auto wrap = wrapper.event(1059, now() - 100, {{"p", codec::hex_encode(bob.pubkey)}}, "sealed");
    const auto dm = alice.event(4, now() - 50, {{"p", codec::hex_encode(bob.pubkey)}}, "legacy?iv=x");
    CHECK(f.publish(client, wrap)[2] == true);
    CHECK(f.publish(client, dm)[2] == true);

    auto stranger = f.connect();
    CHECK(f.req(stranger, "{}").empty());
    CHECK(f.req(stranger, R"({"#p":[")" + codec::hex_encode(bob.pubkey) + R"("]})").empty());
    json closed;
    CHECK(f.req(stranger, R"({"kinds":[1059]})", &closed).empty());
    CHECK(closed[2].get<std::string>().rfind("auth-required:", 0) == 0);
    f.authenticate(stranger, eve);
    CHECK(f.req(stranger, R"({"kinds":[4,1059]})").empty());

    auto recipient = f.connect();
    f.authenticate(recipient, bob);
    CHECK(f.req(recipient, "{}").size() == 2);
    auto author = f.connect();
    f.authenticate(author, alice);
    CHECK(f.req(author, R"({"kinds":[4,1059]})") == std::vector<std::string>{codec::hex_encode(dm.id)});

    // Live: the stranger's open subscriptions do not get a new wrap either.
    const std::size_t before = stranger.peer->sent.size();
    CHECK(f.publish(client, wrapper.event(1059, now(), {{"p", codec::hex_encode(bob.pubkey)}}))[2] == true);
    CHECK(stranger.peer->sent.size() == before);

    // COUNT counts only what the reader may see.
    const auto count = f.exchange(stranger, R"(["COUNT","c",{}])");
    CHECK(count.at(0)[2]["count"] == 0);
}

TEST_CASE("relay: every malformed message gets a typed answer and changes nothing", "[relay]") {
    Fixture f;
    Author alice;
    auto client = f.connect();
    const auto good = alice.event(1, now());
    json tampered = nostr::to_json(good);
    tampered["content"] = "changed";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"not json", "NOTICE"},
        {"[]", "NOTICE"},
        {"{}", "NOTICE"},
        {R"(["HELLO"])", "NOTICE"},
        {R"(["EVENT"])", "NOTICE"},
        {R"(["EVENT",{"id":")" + codec::hex_encode(good.id) + R"("}])", "OK"},
        {R"(["EVENT",)" + tampered.dump() + "]", "OK"},
        {R"(["REQ","s"])", "CLOSED"},
        {R"(["REQ","s",{"kinds":"1"}])", "CLOSED"},
        {R"(["REQ","",{}])", "NOTICE"},
        {R"(["REQ",")" + std::string(65, 'x') + R"(",{}])", "NOTICE"},
        {R"(["COUNT","c",{"ids":["XYZ"]}])", "CLOSED"},
        {R"(["AUTH",{}])", "NOTICE"},
        {R"(["CLOSE",1])", "NOTICE"},
        {"[\"EVENT\",\"\xff\"]", "NOTICE"},
        {std::string(100, '[') + std::string(100, ']'), "NOTICE"},
    };
    for (const auto& [message, expected] : cases) {
        INFO(message);
        const auto replies = f.exchange(client, message);
        REQUIRE(replies.size() == 1);
        CHECK(replies[0][0] == expected);
        if (expected == "OK") {
            CHECK(replies[0][2] == false);
            CHECK(replies[0][3].get<std::string>().rfind("invalid:", 0) == 0);
        }
    }
    CHECK(f.req(client, "{}").empty());
    CHECK(f.publish(client, good)[2] == true);  // the connection still works
}

TEST_CASE("relay: AUTH checks the challenge, the relay URL and the kind", "[relay]") {
    Fixture f;
    Author alice;
    auto client = f.connect();
    const std::string challenge = client.peer->sent.at(0)[1];
    const auto send_auth = [&](const nostr::Event& e) {
        return f.exchange(client, nostr::serialize(nostr::ClientMessage{nostr::ClientAuth{e}})).at(0);
    };
    CHECK(send_auth(nostr::sign(nostr::make_auth_event("ws://relay.test/", "other", now()), alice.key))[2] == false);
    CHECK(send_auth(nostr::sign(nostr::make_auth_event("ws://elsewhere/", challenge, now()), alice.key))[2] == false);
    CHECK(send_auth(nostr::sign(nostr::make_auth_event("ws://relay.test/", challenge, now() - 3600), alice.key))[2] ==
          false);
    // An AUTH event sent as a normal EVENT is refused, not stored.
    const auto as_event = nostr::sign(nostr::make_auth_event("ws://relay.test/", challenge, now()), alice.key);
    CHECK(f.publish(client, as_event)[2] == false);
    CHECK(send_auth(as_event)[2] == true);
}

TEST_CASE("relay: NIP-70 protected events need their author's AUTH", "[relay]") {
    Fixture f;
    Author alice, bob;
    auto client = f.connect();
    const auto protected_note = alice.event(1, now(), {{"-"}});
    CHECK(f.publish(client, protected_note)[3].get<std::string>().rfind("auth-required:", 0) == 0);
    f.authenticate(client, bob);
    CHECK(f.publish(client, protected_note)[2] == false);
    f.authenticate(client, alice);
    CHECK(f.publish(client, protected_note)[2] == true);
}

TEST_CASE("relay: ephemeral events are delivered live and never stored", "[relay]") {
    Fixture f;
    Author alice;
    auto listener = f.connect();
    CHECK(f.req(listener, R"({"kinds":[20001]})").empty());
    auto sender = f.connect();
    const auto ping = alice.event(20001, now(), {}, "typing");
    CHECK(f.publish(sender, ping)[2] == true);
    CHECK(listener.peer->sent.back()[0] == "EVENT");
    CHECK(listener.peer->sent.back()[2]["id"] == codec::hex_encode(ping.id));
    CHECK(f.req(sender, R"({"kinds":[20001]})").empty());
}
