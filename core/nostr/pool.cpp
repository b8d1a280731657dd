// The relay pool: dispatch between the host's reports, the app's requests and the per-relay,
// per-subscription and per-publish records.
#include "core/nostr/pool.hpp"

#include <algorithm>
#include <set>
#include <utility>
#include <variant>

#include "core/error.hpp"
#include "core/nostr/nip42.hpp"
#include "core/nostr/reason.hpp"
#include "core/nostr/relay_url.hpp"

namespace flash::nostr {
namespace {

std::string normal_or_empty(std::string_view url) {
    try {
        return normalize_relay_url(url);
    } catch (const Error&) {
        return {};
    }
}

}  // namespace

RelayPool::RelayPool(PoolConfig config) : config_(std::move(config)) {
    if (config_.auth == AuthPolicy::automatic && !config_.signer)
        throw Error(Errc::bad_argument, "automatic AUTH needs a signer");
    // The counter adds at most 20 digits; the id must stay within 64 characters.
    if (config_.subscription_prefix.size() > 40)
        throw Error(Errc::bad_argument, "subscription prefix longer than 40 characters");
}

// ---- relays ----

RelayConnection* RelayPool::find(std::string_view url) {
    auto it = relays_.find(std::string(url));
    if (it == relays_.end()) it = relays_.find(normal_or_empty(url));
    return it == relays_.end() ? nullptr : &it->second;
}

RelayConnection& RelayPool::ensure_relay(const std::string& normal_url, std::uint64_t now_ms) {
    const auto inserted = relays_.try_emplace(normal_url, normal_url);
    if (inserted.second) connect(inserted.first->second, now_ms);
    return inserted.first->second;
}

void RelayPool::add_relay(std::string_view url, std::uint64_t now_ms) {
    ensure_relay(normalize_relay_url(url), now_ms);
}

void RelayPool::remove_relay(std::string_view url) {
    RelayConnection* relay = find(url);
    if (relay == nullptr) return;
    const std::string key = relay->url();
    if (relay->state() == ConnectionState::connected || relay->state() == ConnectionState::connecting)
        output_.actions.push_back(CloseConnection{key});
    relay->stop();
    set_state_event(*relay);
    for (auto& entry : subscriptions_) {
        if (entry.second.relay(key) == nullptr) continue;
        finish_sub_relay(entry.second, key, EoseCause::disconnected);
        entry.second.relays().erase(key);
    }
    for (auto& entry : publishes_) finish_publish_relay(entry.second, key, PublishStatus::rejected, "error: relay removed");
    complete_publishes();
    relays_.erase(key);
}

ConnectionState RelayPool::relay_state(std::string_view url) const {
    const auto it = relays_.find(normal_or_empty(url));
    return it == relays_.end() ? ConnectionState::disconnected : it->second.state();
}

std::vector<std::string> RelayPool::relays() const {
    std::vector<std::string> urls;
    for (const auto& entry : relays_) urls.push_back(entry.first);
    return urls;
}

std::vector<std::string> RelayPool::targets(const std::vector<std::string>& relays, std::uint64_t now_ms) {
    std::vector<std::string> urls;
    if (relays.empty()) {
        urls = this->relays();
    } else {
        std::set<std::string> unique;
        for (const std::string& url : relays) {
            std::string normal = normalize_relay_url(url);
            if (unique.insert(normal).second) urls.push_back(std::move(normal));
        }
        for (const std::string& url : urls) ensure_relay(url, now_ms);
    }
    if (urls.empty()) throw Error(Errc::bad_argument, "no relays");
    return urls;
}

void RelayPool::connect(RelayConnection& relay, std::uint64_t now_ms) {
    relay.start_connecting(now_ms);
    output_.actions.push_back(OpenConnection{relay.url()});
    set_state_event(relay);
}

void RelayPool::lost(RelayConnection& relay, std::uint64_t now_ms) {
    relay.failed(now_ms, config_.backoff, config_.random);
    set_state_event(relay);
    const std::string& url = relay.url();
    for (auto& entry : subscriptions_) {
        PoolSubscription::Relay* r = entry.second.relay(url);
        if (r == nullptr) continue;
        if (r->state != SubscriptionRelayState::closed) r->state = SubscriptionRelayState::pending;
        finish_sub_relay(entry.second, url, EoseCause::disconnected);
    }
    for (auto& entry : publishes_) {
        PublishRelayState* state = entry.second.relay(url);
        if (state != nullptr && *state != PublishRelayState::done) *state = PublishRelayState::unsent;
    }
}

void RelayPool::send(const RelayConnection& relay, const ClientMessage& message) {
    output_.actions.push_back(SendFrame{relay.url(), serialize(message)});
}

void RelayPool::emit(PoolEvent event) { output_.events.push_back(std::move(event)); }

void RelayPool::set_state_event(const RelayConnection& relay) {
    emit(RelayStateChanged{relay.url(), relay.state()});
}

// ---- subscriptions ----

SubscriptionId RelayPool::subscribe(std::vector<Filter> filters, const std::vector<std::string>& relays,
                                    std::uint64_t now_ms) {
    if (filters.empty()) throw Error(Errc::bad_argument, "a subscription needs at least one filter");
    if (filters.size() > config_.limits.max_filters) throw Error(Errc::too_large, "too many filters");
    if (subscriptions_.size() >= config_.max_subscriptions)
        throw Error(Errc::too_large, "too many subscriptions");
    const std::vector<std::string> urls = targets(relays, now_ms);

    SubscriptionId id = config_.subscription_prefix + std::to_string(next_subscription_++);
    PoolSubscription record(id, std::move(filters), now_ms + config_.eose_timeout_ms, config_.max_seen_ids);
    for (const std::string& url : urls) record.relays()[url] = {};
    PoolSubscription& sub = subscriptions_.emplace(id, std::move(record)).first->second;

    for (const std::string& url : urls) {
        RelayConnection& relay = relays_.at(url);
        if (relay.connected()) send_req(relay, sub);
        else if (relay.state() != ConnectionState::connecting) finish_sub_relay(sub, url, EoseCause::disconnected);
    }
    return id;
}

void RelayPool::unsubscribe(const SubscriptionId& id) {
    const auto it = subscriptions_.find(id);
    if (it == subscriptions_.end()) return;
    for (const auto& entry : it->second.relays()) {
        if (entry.second.state != SubscriptionRelayState::requested) continue;
        const auto relay = relays_.find(entry.first);
        if (relay != relays_.end() && relay->second.connected()) send(relay->second, ClientClose{id});
    }
    subscriptions_.erase(it);
}

void RelayPool::send_req(RelayConnection& relay, PoolSubscription& sub) {
    send(relay, ClientReq{sub.id(), sub.filters()});
    sub.relay(relay.url())->state = SubscriptionRelayState::requested;
}

void RelayPool::finish_sub_relay(PoolSubscription& sub, const std::string& url, EoseCause cause) {
    if (sub.finish_relay(url)) emit(SubscriptionRelayEose{sub.id(), url, cause});
    if (sub.take_all_done()) emit(SubscriptionEose{sub.id()});
}

// ---- publishing ----

void RelayPool::publish(const Event& event, const std::vector<std::string>& relays, std::uint64_t now_ms) {
    if (publishes_.count(event.id) != 0) throw Error(Errc::bad_argument, "event is already being published");
    if (publishes_.size() >= config_.max_pending_publishes) throw Error(Errc::too_large, "too many pending publishes");
    const std::vector<std::string> urls = targets(relays, now_ms);

    PoolPublish record(event, now_ms + config_.publish_timeout_ms);
    for (const std::string& url : urls) record.relays()[url] = PublishRelayState::unsent;
    PoolPublish& pub = publishes_.emplace(event.id, std::move(record)).first->second;
    for (const std::string& url : urls) {
        RelayConnection& relay = relays_.at(url);
        if (relay.connected()) send_event(relay, pub);
    }
}

void RelayPool::send_event(RelayConnection& relay, PoolPublish& publish) {
    send(relay, ClientEvent{publish.event()});
    *publish.relay(relay.url()) = PublishRelayState::sent;
}

void RelayPool::finish_publish_relay(PoolPublish& publish, const std::string& url, PublishStatus status,
                                     std::string message) {
    const PublishRelayState* state = publish.relay(url);
    if (state == nullptr || *state == PublishRelayState::done) return;
    publish.finish(url, status);
    emit(PublishRelayResult{publish.event().id, url, status, std::move(message)});
}

void RelayPool::complete_publishes() {
    for (auto it = publishes_.begin(); it != publishes_.end();) {
        if (!it->second.complete()) {
            ++it;
            continue;
        }
        emit(it->second.summary());
        it = publishes_.erase(it);
    }
}

// ---- NIP-42 ----

bool RelayPool::may_authenticate(const RelayConnection& relay) const {
    return config_.auth != AuthPolicy::never && !relay.auth().authenticated;
}

bool RelayPool::waiting_for_auth(const std::string& url) const {
    for (const auto& entry : subscriptions_) {
        const auto r = entry.second.relays().find(url);
        if (r != entry.second.relays().end() && r->second.state == SubscriptionRelayState::waiting_auth) return true;
    }
    for (const auto& entry : publishes_) {
        const auto& states = entry.second.relays();
        const auto s = states.find(url);
        if (s != states.end() && s->second == PublishRelayState::waiting_auth) return true;
    }
    return false;
}

void RelayPool::authenticate_if_needed(RelayConnection& relay, std::uint64_t now_ms) {
    AuthSession& session = relay.auth();
    if (config_.auth != AuthPolicy::automatic || !session.challenge || session.pending || session.authenticated)
        return;
    if (!waiting_for_auth(relay.url())) return;
    const auto now_s = static_cast<std::int64_t>(now_ms / 1000);
    const Event signed_event = config_.signer(make_auth_event(relay.url(), *session.challenge, now_s));
    send(relay, ClientAuth{signed_event});
    session.pending = signed_event.id;
}

bool RelayPool::authenticate(std::string_view url, const Event& auth_event) {
    if (auth_event.kind != kind_client_auth) throw Error(Errc::bad_argument, "AUTH event must be kind 22242");
    RelayConnection* relay = find(url);
    if (relay == nullptr || !relay->connected() || !relay->auth().challenge) return false;
    send(*relay, ClientAuth{auth_event});
    relay->auth().pending = auth_event.id;
    return true;
}

void RelayPool::auth_answered(RelayConnection& relay, bool accepted, const std::string& message) {
    relay.auth().pending.reset();
    relay.auth().authenticated = accepted;
    emit(AuthResult{relay.url(), accepted, message});
    const std::string& url = relay.url();
    for (auto& entry : subscriptions_) {
        PoolSubscription::Relay* r = entry.second.relay(url);
        if (r == nullptr || r->state != SubscriptionRelayState::waiting_auth) continue;
        if (accepted) {
            send_req(relay, entry.second);
        } else {
            r->state = SubscriptionRelayState::closed;
            emit(SubscriptionClosed{entry.first, url, split_reason(message), false});
            finish_sub_relay(entry.second, url, EoseCause::closed);
        }
    }
    for (auto& entry : publishes_) {
        const PublishRelayState* state = entry.second.relay(url);
        if (state == nullptr || *state != PublishRelayState::waiting_auth) continue;
        if (accepted) send_event(relay, entry.second);
        else finish_publish_relay(entry.second, url, PublishStatus::rejected, message);
    }
    complete_publishes();
}

// ---- host input ----

void RelayPool::on_open(std::string_view url) {
    RelayConnection* relay = find(url);
    if (relay == nullptr || relay->state() != ConnectionState::connecting) return;  // stale report
    relay->opened();
    set_state_event(*relay);
    for (auto& entry : subscriptions_) {
        const PoolSubscription::Relay* r = entry.second.relay(relay->url());
        if (r != nullptr && r->state != SubscriptionRelayState::closed) send_req(*relay, entry.second);
    }
    for (auto& entry : publishes_) {
        const PublishRelayState* state = entry.second.relay(relay->url());
        if (state != nullptr && *state != PublishRelayState::done) send_event(*relay, entry.second);
    }
}

void RelayPool::on_close(std::string_view url, std::uint64_t now_ms) {
    RelayConnection* relay = find(url);
    if (relay == nullptr) return;
    if (relay->state() != ConnectionState::connected && relay->state() != ConnectionState::connecting) return;
    lost(*relay, now_ms);
}

void RelayPool::on_frame(std::string_view url, std::string_view text, std::uint64_t now_ms) {
    RelayConnection* relay = find(url);
    if (relay == nullptr || !relay->connected()) return;
    RelayMessage message;
    try {
        message = parse_relay_message(text, config_.limits);
    } catch (const Error& e) {
        emit(ProtocolViolation{relay->url(), e.code(), e.what()});
        return;
    }
    relay->healthy();
    if (auto* event = std::get_if<RelayEvent>(&message)) handle(*relay, std::move(*event));
    else if (const auto* ok = std::get_if<RelayOk>(&message)) handle(*relay, *ok, now_ms);
    else if (const auto* eose = std::get_if<RelayEose>(&message)) handle(*relay, *eose);
    else if (const auto* closed = std::get_if<RelayClosed>(&message)) handle(*relay, *closed, now_ms);
    else if (const auto* notice = std::get_if<RelayNotice>(&message)) emit(NoticeReceived{relay->url(), notice->message});
    else if (const auto* auth = std::get_if<RelayAuth>(&message)) handle(*relay, *auth, now_ms);
    // COUNT answers are not requested by the pool; a stray one is ignored.
}

void RelayPool::handle(RelayConnection& relay, RelayEvent&& message) {
    const auto it = subscriptions_.find(message.subscription_id);
    if (it == subscriptions_.end()) return;  // closed by us; the relay had not seen the CLOSE yet
    PoolSubscription& sub = it->second;
    if (sub.relay(relay.url()) == nullptr) return;
    const Event& event = message.event;
    if (sub.seen().contains(event.id)) return;
    if (!matches_any(sub.filters(), event)) {
        emit(ProtocolViolation{relay.url(), Errc::bad_event, "event does not match the subscription"});
        return;
    }
    // Verified before it is remembered, so a forged copy cannot hide the genuine event.
    if (config_.verify_signatures && !verify(event)) {
        emit(ProtocolViolation{relay.url(), Errc::bad_event, "event id or signature does not verify"});
        return;
    }
    sub.seen().insert(event.id);
    emit(EventReceived{sub.id(), relay.url(), std::move(message.event)});
}

void RelayPool::handle(RelayConnection& relay, const RelayOk& message, std::uint64_t now_ms) {
    if (relay.auth().pending == message.event_id) {
        auth_answered(relay, message.accepted, message.message);
        return;
    }
    const auto it = publishes_.find(message.event_id);
    if (it == publishes_.end()) return;
    PublishRelayState* state = it->second.relay(relay.url());
    if (state == nullptr || *state != PublishRelayState::sent) return;
    if (message.accepted) {
        finish_publish_relay(it->second, relay.url(), PublishStatus::accepted, message.message);
    } else if (split_reason(message.message).prefix == ReasonPrefix::auth_required && may_authenticate(relay)) {
        *state = PublishRelayState::waiting_auth;
        authenticate_if_needed(relay, now_ms);
    } else {
        finish_publish_relay(it->second, relay.url(), PublishStatus::rejected, message.message);
    }
    complete_publishes();
}

void RelayPool::handle(RelayConnection& relay, const RelayEose& message) {
    const auto it = subscriptions_.find(message.subscription_id);
    if (it != subscriptions_.end()) finish_sub_relay(it->second, relay.url(), EoseCause::received);
}

void RelayPool::handle(RelayConnection& relay, const RelayClosed& message, std::uint64_t now_ms) {
    const auto it = subscriptions_.find(message.subscription_id);
    if (it == subscriptions_.end()) return;
    PoolSubscription::Relay* r = it->second.relay(relay.url());
    if (r == nullptr || r->state != SubscriptionRelayState::requested) return;
    Reason reason = split_reason(message.message);
    const bool retry = reason.prefix == ReasonPrefix::auth_required && may_authenticate(relay);
    r->state = retry ? SubscriptionRelayState::waiting_auth : SubscriptionRelayState::closed;
    emit(SubscriptionClosed{it->first, relay.url(), std::move(reason), retry});
    if (retry) authenticate_if_needed(relay, now_ms);
    else finish_sub_relay(it->second, relay.url(), EoseCause::closed);
}

void RelayPool::handle(RelayConnection& relay, const RelayAuth& message, std::uint64_t now_ms) {
    relay.auth().challenge = message.challenge;
    if (config_.auth == AuthPolicy::ask) emit(AuthChallenged{relay.url(), message.challenge});
    authenticate_if_needed(relay, now_ms);
}

// ---- timers ----

void RelayPool::tick(std::uint64_t now_ms) {
    for (auto& entry : relays_) {
        RelayConnection& relay = entry.second;
        if (relay.retry_due(now_ms)) {
            connect(relay, now_ms);
        } else if (relay.connect_overdue(now_ms, config_.connect_timeout_ms)) {
            output_.actions.push_back(CloseConnection{relay.url()});
            lost(relay, now_ms);
        }
    }
    for (auto& entry : subscriptions_) {
        PoolSubscription& sub = entry.second;
        const std::optional<std::uint64_t> deadline = sub.eose_deadline();
        if (!deadline || now_ms < *deadline) continue;
        for (const auto& relay : sub.relays())
            if (!relay.second.eose) finish_sub_relay(sub, relay.first, EoseCause::timed_out);
    }
    for (auto& entry : publishes_) {
        PoolPublish& pub = entry.second;
        if (now_ms < pub.deadline()) continue;
        for (const auto& relay : pub.relays())
            if (relay.second != PublishRelayState::done)
                finish_publish_relay(pub, relay.first, PublishStatus::timed_out, "");
    }
    complete_publishes();
}

std::optional<std::uint64_t> RelayPool::next_deadline() const {
    std::optional<std::uint64_t> earliest;
    const auto consider = [&earliest](std::optional<std::uint64_t> t) {
        if (t && (!earliest || *t < *earliest)) earliest = t;
    };
    for (const auto& entry : relays_) consider(entry.second.deadline(config_.connect_timeout_ms));
    for (const auto& entry : subscriptions_) consider(entry.second.eose_deadline());
    for (const auto& entry : publishes_) consider(entry.second.deadline());
    return earliest;
}

PoolOutput RelayPool::take_output() { return std::exchange(output_, {}); }

}  // namespace flash::nostr
