// The NOSTR relay of flash-node (NIP-01 with 09, 11, 17/59 privacy, 29 groups, 40, 42, 45, 70).
//
// Runs on the server's I/O thread: parses client messages with core/nostr, verifies events,
// enforces limits and rates, answers REQ/COUNT from a reader connection to the store, hands
// events to the EventWriter (OK only after they are durable) and fans new events out to live
// subscriptions. Protected events (DMs, gift wraps, private groups) reach only their readers.
#pragma once
#include <memory>
#include <set>
#include <string>

#include "core/crypto/memory.hpp"
#include "core/nostr/reason.hpp"
#include "node/relay/event_writer.hpp"
#include "node/relay/groups.hpp"
#include "node/relay/rate_limiter.hpp"
#include "node/relay/subscriptions.hpp"
#include "node/server/config.hpp"
#include "node/server/metrics.hpp"
#include "node/server/websocket_service.hpp"
#include "node/storage/node_store.hpp"

namespace flash::node::relay {

/// One client connection's protocol state.
class Session : public WebSocketHandler, public std::enable_shared_from_this<Session> {
public:
    Session(class Relay& relay, std::shared_ptr<WebSocketPeer> peer, std::string challenge);
    void on_text(std::string_view message) override;
    void on_close() override;

    void send(std::string text) { if (!closed_) peer_->send(std::move(text)); }
    const ClientInfo& client() const { return peer_->client(); }
    const std::string& challenge() const noexcept { return challenge_; }
    /// Keys this connection proved with NIP-42 AUTH.
    const std::vector<crypto::XOnlyKey>& readers() const noexcept { return readers_; }
    void add_reader(const crypto::XOnlyKey& key);
    bool closed() const noexcept { return closed_; }
    TokenBucket& event_bucket() noexcept { return event_bucket_; }
    TokenBucket& req_bucket() noexcept { return req_bucket_; }

private:
    Relay& relay_;
    std::shared_ptr<WebSocketPeer> peer_;
    std::string challenge_;
    std::vector<crypto::XOnlyKey> readers_;
    TokenBucket event_bucket_;
    TokenBucket req_bucket_;
    bool closed_ = false;
};

class Relay : public WebSocketService, public HttpService {
public:
    /// `url` is the relay's address as clients see it (NIP-42 checks it). `reader` answers queries
    /// on the I/O thread; `writer` is moved to the writer thread. Both are connections to the same
    /// store. `relay_key` signs group state (NIP-11 "self").
    Relay(const Config& config, std::string url, Metrics& metrics, std::unique_ptr<NodeStore> reader,
          std::unique_ptr<NodeStore> writer, asio::io_context& io, const crypto::SecretKey& relay_key);
    ~Relay() override;

    // WebSocketService: upgrades on "/".
    bool accepts(const Request& upgrade) const override;
    std::shared_ptr<WebSocketHandler> open(std::shared_ptr<WebSocketPeer> peer) override;
    // HttpService: the NIP-11 document.
    std::optional<Response> handle(const Request& request, const ClientInfo& client) override;

    /// Starts the hourly purge of expired events.
    void start_maintenance();
    /// Calls `done` on the I/O thread when every event received so far is stored and answered.
    void drain(std::function<void()> done);

    const crypto::XOnlyKey& pubkey() const noexcept { return groups_.relay_pubkey(); }

    // Called by Session.
    void receive(Session& session, std::string_view text);
    void closed(Session& session);

private:
    struct Counters;
    void load_groups();
    void on_event(Session& session, nostr::Event event);
    void on_req(Session& session, const std::string& id, std::vector<nostr::Filter> filters);
    void on_count(Session& session, const std::string& id, const std::vector<nostr::Filter>& filters);
    void on_auth(Session& session, const nostr::Event& event);
    void refuse_malformed(Session& session, std::string_view text, const std::exception& error);
    void reply_ok(Session& session, const nostr::EventId& id, bool accepted, std::string message);
    void send_closed(Session& session, const std::string& id, nostr::ReasonPrefix prefix, std::string_view text);
    /// Sends `event` to every live subscription it matches and that may read it.
    void fan_out(const nostr::Event& event);
    bool may_read(const Session& session, const nostr::Event& event) const;
    /// A REQ's filters with limits clamped to the relay's maximum and default.
    std::vector<nostr::Filter> clamp(std::vector<nostr::Filter> filters) const;
    std::int64_t now_s() const;

    const Config& config_;
    std::string url_;
    asio::io_context& io_;
    std::unique_ptr<NodeStore> reader_;
    Groups groups_;
    Subscriptions subscriptions_;
    RateLimiter per_ip_;
    RateLimiter per_pubkey_;
    std::set<Session*> sessions_;
    std::unique_ptr<Counters> counters_;
    std::unique_ptr<asio::steady_timer> maintenance_;
    EventWriter writer_;  // last: destroyed first, so its completions never outlive the relay
};

}  // namespace flash::node::relay
