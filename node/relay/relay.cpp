#include "node/relay/relay.hpp"

#include <algorithm>
#include <chrono>

#include "core/codec/hex.hpp"
#include "core/codec/utf8.hpp"
#include "core/crypto/random.hpp"
#include "core/error.hpp"
#include "core/nostr/messages.hpp"
#include "core/nostr/nip42.hpp"
#include "core/nostr/reason.hpp"
#include "node/relay/access.hpp"
#include "node/relay/nip11.hpp"
#include "node/server/log.hpp"

namespace flash::node::relay {
namespace {

using nostr::ReasonPrefix;
using nostr::format_reason;

double monotonic_s() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

/// NIP-70: an event with a ["-"] tag may be published only by its authenticated author.
bool is_protected(const nostr::Event& event) {
    return std::any_of(event.tags.begin(), event.tags.end(),
                       [](const nostr::Tag& tag) { return tag.size() == 1 && tag[0] == "-"; });
}

/// Every value in a filter becomes a bound SQL parameter (SQLite takes at most 32,766 in one
/// statement, and COUNT puts all filters in one); no client needs more than this.
constexpr std::size_t max_filter_values = 5000;

bool too_many_values(const std::vector<nostr::Filter>& filters) {
    std::size_t values = 0;
    for (const nostr::Filter& f : filters) {
        values += (f.ids ? f.ids->size() : 0) + (f.authors ? f.authors->size() : 0) + (f.kinds ? f.kinds->size() : 0);
        for (const auto& [name, list] : f.tags) values += list.size();
    }
    return values > max_filter_values;
}

std::string_view describe(SaveStatus status) {
    switch (status) {
        case SaveStatus::stored: return "";
        case SaveStatus::duplicate: return "duplicate: already have this event";
        case SaveStatus::superseded: return "invalid: a newer version of this replaceable event is stored";
        case SaveStatus::deleted: return "blocked: this event was deleted by its author";
    }
    return "";
}

}  // namespace

struct Relay::Counters {
    explicit Counters(Metrics& m)
        : received(m.counter("flash_relay_events_received_total", "EVENT messages received")),
          stored(m.counter("flash_relay_events_stored_total", "Events stored")),
          rejected(m.counter("flash_relay_events_rejected_total", "EVENT messages answered with OK false")),
          rate_limited(m.counter("flash_relay_rate_limited_total", "Messages refused by a rate limit")),
          reqs(m.counter("flash_relay_reqs_total", "REQ and COUNT messages")),
          delivered(m.counter("flash_relay_events_delivered_total", "Events sent to live subscriptions")),
          malformed(m.counter("flash_relay_malformed_messages_total", "Messages that did not parse")) {}
    Counter &received, &stored, &rejected, &rate_limited, &reqs, &delivered, &malformed;
};

// ---- Session ---------------------------------------------------------------------------------

Session::Session(Relay& relay, std::shared_ptr<WebSocketPeer> peer, std::string challenge)
    : relay_(relay),
      peer_(std::move(peer)),
      challenge_(std::move(challenge)),
      event_bucket_(Rate{}, 0),
      req_bucket_(Rate{}, 0) {}

void Session::on_text(std::string_view message) {
    try {
        relay_.receive(*this, message);
    } catch (const std::exception& e) {
        // A bug, not the client's fault; the connection and the node carry on.
        log::error("relay failed on a message", {{"ip", client().ip}, {"error", e.what()}});
        send(R"(["NOTICE","error: the relay failed on this message"])");
    }
}

void Session::on_close() {
    if (closed_) return;
    closed_ = true;
    relay_.closed(*this);
}

void Session::add_reader(const crypto::XOnlyKey& key) {
    if (std::find(readers_.begin(), readers_.end(), key) == readers_.end()) readers_.push_back(key);
}

// ---- Relay -----------------------------------------------------------------------------------

Relay::Relay(const Config& config, std::string url, Metrics& metrics, std::unique_ptr<NodeStore> reader,
             std::unique_ptr<NodeStore> writer, asio::io_context& io, const crypto::SecretKey& relay_key)
    : config_(config),
      url_(std::move(url)),
      io_(io),
      reader_(std::move(reader)),
      groups_(relay_key),
      per_ip_(config.relay.events_per_ip),
      per_pubkey_(config.relay.events_per_pubkey),
      counters_(std::make_unique<Counters>(metrics)),
      writer_(std::move(writer), io.get_executor()) {
    load_groups();
    metrics.gauge_function("flash_relay_subscriptions", "Live subscriptions",
                           [this] { return static_cast<double>(subscriptions_.total()); });
    metrics.gauge_function("flash_relay_events_stored", "Events in the store",
                           [this] { return static_cast<double>(reader_->events().size()); });
    metrics.gauge_function("flash_relay_write_backlog", "Events waiting for the next commit",
                           [this] { return static_cast<double>(writer_.backlog()); });
}

Relay::~Relay() = default;

void Relay::load_groups() {
    // The state the relay signed, then every event of those groups (invite codes, moderation
    // targets and replay protection need their history).
    constexpr auto all = std::numeric_limits<std::size_t>::max();
    nostr::Filter state;
    state.authors = std::vector{groups_.relay_pubkey()};
    state.kinds = std::vector<std::uint16_t>{39000, 39001, 39002, 39003};
    std::vector<nostr::Event> stored = reader_->events().query({state}, all, now_s());
    nostr::Filter history;
    for (const nostr::Event& event : stored) {
        if (const std::string* id = nostr::first_tag_value(event.tags, "d")) history.tags['h'].push_back(*id);
    }
    if (!history.tags.empty()) {
        auto events = reader_->events().query({history}, all, now_s());
        stored.insert(stored.end(), std::make_move_iterator(events.begin()), std::make_move_iterator(events.end()));
    }
    groups_.load(stored);
}

bool Relay::accepts(const Request& upgrade) const { return target_path(upgrade.target()) == "/"; }

std::shared_ptr<WebSocketHandler> Relay::open(std::shared_ptr<WebSocketPeer> peer) {
    auto session = std::make_shared<Session>(*this, peer, codec::hex_encode(crypto::random_array<16>()));
    const double now = monotonic_s();
    session->event_bucket() = TokenBucket(config_.relay.events_per_connection, now);
    session->req_bucket() = TokenBucket(config_.relay.reqs_per_connection, now);
    sessions_.insert(session.get());
    // NIP-42: the challenge comes first, so that a client can authenticate whenever it wants.
    session->send(nostr::serialize(nostr::RelayMessage{nostr::RelayAuth{session->challenge()}}));
    return session;
}

std::optional<Response> Relay::handle(const Request& request, const ClientInfo&) {
    if (request.method() != http::verb::get || target_path(request.target()) != "/" ||
        request[http::field::accept].find("application/nostr+json") == std::string_view::npos) {
        return std::nullopt;
    }
    Response response = json_response(request, http::status::ok, relay_information(config_, pubkey()));
    response.set(http::field::content_type, "application/nostr+json");
    return response;
}

void Relay::start_maintenance() {
    if (!maintenance_) maintenance_ = std::make_unique<asio::steady_timer>(io_, std::chrono::seconds(1));
    maintenance_->async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;
        const std::int64_t now = now_s();
        writer_.run([now](NodeStore& store) {
            if (const std::size_t purged = store.events().purge_expired(now)) {
                log::info("expired events purged", {{"count", purged}});
            }
        });
        maintenance_->expires_after(std::chrono::hours(1));
        start_maintenance();
    });
}

void Relay::drain(std::function<void()> done) {
    if (maintenance_) maintenance_->cancel();
    writer_.drain(std::move(done));
}

std::int64_t Relay::now_s() const {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void Relay::closed(Session& session) {
    subscriptions_.remove_all(&session);
    sessions_.erase(&session);
}

void Relay::receive(Session& session, std::string_view text) {
    nostr::MessageLimits limits;
    limits.max_bytes = config_.limits.max_ws_message_bytes;
    limits.max_filters = config_.relay.max_filters;
    limits.event.max_content_bytes = config_.relay.max_content_bytes;
    nostr::ClientMessage message;
    try {
        message = nostr::parse_client_message(text, limits);
    } catch (const std::exception& e) {
        counters_->malformed.add();
        refuse_malformed(session, text, e);
        return;
    }
    std::visit(
        [&](auto& m) {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, nostr::ClientEvent>) {
                on_event(session, std::move(m.event));
            } else if constexpr (std::is_same_v<T, nostr::ClientReq>) {
                on_req(session, m.subscription_id, std::move(m.filters));
            } else if constexpr (std::is_same_v<T, nostr::ClientClose>) {
                subscriptions_.remove(&session, m.subscription_id);
            } else if constexpr (std::is_same_v<T, nostr::ClientAuth>) {
                on_auth(session, m.event);
            } else {
                on_count(session, m.subscription_id, m.filters);
            }
        },
        message);
}

void Relay::refuse_malformed(Session& session, std::string_view text, const std::exception& error) {
    // Answer in the message's own terms when its shape says what it was (nostr-tools waits for
    // the OK of a publish and the CLOSED of a subscription); otherwise a NOTICE.
    // The detail may quote the input; invalid UTF-8 cannot go into a JSON reply.
    const std::string reason =
        format_reason(ReasonPrefix::invalid, codec::is_utf8(error.what()) ? error.what() : "malformed message");
    const auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_array() && json.size() >= 2 && json[0].is_string()) {
        const std::string type = json[0].get<std::string>();
        if ((type == "EVENT" || type == "AUTH") && json[1].is_object() && json[1].contains("id") &&
            json[1]["id"].is_string()) {
            const std::string id = json[1]["id"].get<std::string>();
            try {
                nostr::EventId event_id;
                const Bytes bytes = codec::hex_decode(id);
                if (bytes.size() == event_id.size()) {
                    std::copy(bytes.begin(), bytes.end(), event_id.begin());
                    reply_ok(session, event_id, false, reason);
                    return;
                }
            } catch (const Error&) {
            }
        }
        if ((type == "REQ" || type == "COUNT") && json[1].is_string()) {
            const std::string id = json[1].get<std::string>();
            if (!id.empty() && id.size() <= nostr::max_subscription_id_length) {
                session.send(nostr::serialize(nostr::RelayMessage{nostr::RelayClosed{id, reason}}));
                return;
            }
        }
    }
    session.send(nostr::serialize(nostr::RelayMessage{nostr::RelayNotice{reason}}));
}

void Relay::send_closed(Session& session, const std::string& id, nostr::ReasonPrefix prefix, std::string_view text) {
    session.send(nostr::serialize(nostr::RelayMessage{nostr::RelayClosed{id, format_reason(prefix, text)}}));
}

void Relay::reply_ok(Session& session, const nostr::EventId& id, bool accepted, std::string message) {
    if (!accepted) counters_->rejected.add();
    session.send(nostr::serialize(nostr::RelayMessage{nostr::RelayOk{id, accepted, std::move(message)}}));
}

void Relay::on_event(Session& session, nostr::Event event) {
    counters_->received.add();
    const double mono = monotonic_s();
    if (!session.event_bucket().take(mono) || !per_ip_.take(session.client().ip, mono)) {
        counters_->rate_limited.add();
        return reply_ok(session, event.id, false, format_reason(ReasonPrefix::rate_limited, "slow down"));
    }
    if (!nostr::verify(event)) {
        return reply_ok(session, event.id, false, format_reason(ReasonPrefix::invalid, "bad id or signature"));
    }
    if (!per_pubkey_.take(codec::hex_encode(event.pubkey), mono)) {
        counters_->rate_limited.add();
        return reply_ok(session, event.id, false,
                        format_reason(ReasonPrefix::rate_limited, "too many events from this key"));
    }
    const std::int64_t now = now_s();
    if (event.created_at > now + config_.relay.max_future_s) {
        return reply_ok(session, event.id, false, format_reason(ReasonPrefix::invalid, "created_at is in the future"));
    }
    if (event.created_at < now - config_.relay.max_past_s) {
        return reply_ok(session, event.id, false, format_reason(ReasonPrefix::invalid, "created_at is too old"));
    }
    if (const auto expires = nostr::expiration(event); expires && *expires <= now) {
        return reply_ok(session, event.id, false, format_reason(ReasonPrefix::invalid, "event has expired"));
    }
    if (event.kind == nostr::kind_client_auth) {
        return reply_ok(session, event.id, false, format_reason(ReasonPrefix::invalid, "AUTH events go in AUTH messages"));
    }
    const auto& readers = session.readers();
    if (is_protected(event) && std::find(readers.begin(), readers.end(), event.pubkey) == readers.end()) {
        return reply_ok(session, event.id, false,
                        format_reason(ReasonPrefix::auth_required, "this event may only be published by its author"));
    }
    GroupDecision decision;
    if (Groups::is_group_event(event)) {
        decision = groups_.on_event(event, now);
        if (!decision.accepted) return reply_ok(session, event.id, false, decision.reason);
    }
    if (nostr::classify(event.kind) == nostr::KindClass::ephemeral) {
        reply_ok(session, event.id, true, "");
        return fan_out(event);
    }
    std::vector<nostr::Event> batch;
    batch.reserve(1 + decision.publish.size());
    batch.push_back(std::move(event));
    for (auto& extra : decision.publish) batch.push_back(std::move(extra));
    auto keep = session.shared_from_this();
    writer_.submit(batch, std::move(decision.remove), now,
                   [this, keep, batch](std::vector<SaveOutcome> outcomes, std::string error) {
                       if (!error.empty()) {
                           return reply_ok(*keep, batch.front().id, false,
                                           format_reason(ReasonPrefix::error, "could not store the event"));
                       }
                       const SaveStatus status = outcomes.front().status;
                       const bool accepted = status == SaveStatus::stored || status == SaveStatus::duplicate;
                       reply_ok(*keep, batch.front().id, accepted, std::string(describe(status)));
                       for (std::size_t i = 0; i < batch.size(); ++i) {
                           if (outcomes[i].status != SaveStatus::stored) continue;
                           counters_->stored.add();
                           fan_out(batch[i]);
                       }
                   });
}

bool Relay::may_read(const Session& session, const nostr::Event& event) const {
    return may_read_private(event, session.readers()) && groups_.can_read(event, session.readers());
}

void Relay::fan_out(const nostr::Event& event) {
    const std::string json = nostr::to_json_string(event);
    subscriptions_.for_each_match(event, [&](Session* session, const std::string& id) {
        if (!may_read(*session, event)) return;
        counters_->delivered.add();
        session->send("[\"EVENT\"," + nlohmann::json(id).dump() + "," + json + "]");
    });
}

std::vector<nostr::Filter> Relay::clamp(std::vector<nostr::Filter> filters) const {
    for (nostr::Filter& filter : filters) {
        filter.limit = std::min(filter.limit.value_or(config_.relay.default_limit), config_.relay.max_limit);
    }
    return filters;
}

void Relay::on_req(Session& session, const std::string& id, std::vector<nostr::Filter> filters) {
    counters_->reqs.add();
    const auto closed = [&](ReasonPrefix prefix, std::string_view text) { send_closed(session, id, prefix, text); };
    if (!session.req_bucket().take(monotonic_s())) {
        counters_->rate_limited.add();
        return closed(ReasonPrefix::rate_limited, "too many requests");
    }
    if (subscriptions_.count(&session) >= config_.relay.max_subscriptions) {
        // Replacing an existing id is always allowed.
        subscriptions_.remove(&session, id);
        if (subscriptions_.count(&session) >= config_.relay.max_subscriptions) {
            return closed(ReasonPrefix::rate_limited, "too many open subscriptions");
        }
    }
    if (too_many_values(filters)) return closed(ReasonPrefix::invalid, "too many values in the filters");
    if (session.readers().empty() && asks_for_private_kinds(filters)) {
        return closed(ReasonPrefix::auth_required, "direct messages are served to their recipient only");
    }
    filters = clamp(std::move(filters));
    for (const nostr::Event& event : reader_->events().query(filters, config_.relay.max_limit, now_s())) {
        if (may_read(session, event)) {
            session.send(nostr::serialize(nostr::RelayMessage{nostr::RelayEvent{id, event}}));
        }
    }
    session.send(nostr::serialize(nostr::RelayMessage{nostr::RelayEose{id}}));
    subscriptions_.add(&session, id, std::move(filters));
}

void Relay::on_count(Session& session, const std::string& id, const std::vector<nostr::Filter>& filters) {
    counters_->reqs.add();
    if (!session.req_bucket().take(monotonic_s())) {
        counters_->rate_limited.add();
        return send_closed(session, id, ReasonPrefix::rate_limited, "too many requests");
    }
    if (too_many_values(filters)) return send_closed(session, id, ReasonPrefix::invalid, "too many values in the filters");
    // Private events must not even be counted for others: count what this reader may see.
    constexpr std::size_t cap = 10000;
    std::vector<nostr::Filter> capped = filters;
    for (auto& f : capped) f.limit = cap;
    const auto events = reader_->events().query(capped, cap, now_s());
    nostr::RelayCount count{id, 0, events.size() == cap};
    count.count = static_cast<std::uint64_t>(
        std::count_if(events.begin(), events.end(), [&](const nostr::Event& e) { return may_read(session, e); }));
    session.send(nostr::serialize(nostr::RelayMessage{count}));
}

void Relay::on_auth(Session& session, const nostr::Event& event) {
    const nostr::AuthCheck check = nostr::validate_auth_event(event, url_, session.challenge(), now_s());
    if (!check.ok()) return reply_ok(session, event.id, false, std::string(nostr::describe(check.status)));
    session.add_reader(check.pubkey);
    reply_ok(session, event.id, true, "");
}

}  // namespace flash::node::relay
