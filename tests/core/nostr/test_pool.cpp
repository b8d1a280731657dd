// The relay pool state machine driven through scripted relays on a simulated network: relays
// that never answer OK, drop mid-subscription, send duplicates, demand AUTH or reject events.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/codec/hex.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/nostr/backoff.hpp"
#include "core/nostr/messages.hpp"
#include "core/nostr/nip42.hpp"
#include "core/nostr/pool.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::nostr;
using test::require_error;

namespace {

const crypto::SecretKey& user_key() {
    static const crypto::SecretKey key = crypto::secret_key_from(codec::hex_decode(std::string(62, '0') + "2a"));
    return key;
}

Event note(const std::string& text, std::int64_t created_at = 1700000000, std::uint16_t kind = 1) {
    UnsignedEvent draft;
    draft.created_at = created_at;
    draft.kind = kind;
    draft.content = text;
    return sign(draft, user_key(), ByteArray<32>{});
}

Filter kinds(std::vector<std::uint16_t> k) {
    Filter f;
    f.kinds = std::move(k);
    return f;
}

/// A relay with scripted behaviour. It answers the frames the pool sends, as a relay would.
struct ScriptedRelay {
    std::string url;
    bool reachable = true;           ///< accepts connections
    bool answers_ok = true;          ///< false: never sends OK to EVENT
    bool sends_eose = true;
    bool duplicates = false;         ///< sends every stored event twice
    std::string reject;              ///< non-empty: OK false with this message
    std::string challenge;           ///< non-empty: sends AUTH on connect
    bool auth_for_reads = false;     ///< REQ before AUTH: CLOSED auth-required
    bool auth_for_writes = false;    ///< EVENT before AUTH: OK false auth-required
    std::vector<Event> stored;

    bool open = false;
    bool authed = false;
    std::map<std::string, std::vector<Filter>> subs;
    std::vector<std::string> received;  ///< every frame the pool sent here

    std::vector<std::string> on_connect() {
        authed = false;
        subs.clear();
        if (challenge.empty()) return {};
        return {serialize(RelayMessage{RelayAuth{challenge}})};
    }

    std::vector<std::string> on_frame(const std::string& text, std::uint64_t now_ms) {
        received.push_back(text);
        std::vector<std::string> out;
        const ClientMessage message = parse_client_message(text);
        if (const auto* req = std::get_if<ClientReq>(&message)) {
            if (auth_for_reads && !authed) {
                out.push_back(serialize(RelayMessage{RelayClosed{req->subscription_id, "auth-required: members only"}}));
                return out;
            }
            subs[req->subscription_id] = req->filters;
            for (const Event& ev : stored) {
                if (!matches_any(req->filters, ev)) continue;
                out.push_back(serialize(RelayMessage{RelayEvent{req->subscription_id, ev}}));
                if (duplicates) out.push_back(out.back());
            }
            if (sends_eose) out.push_back(serialize(RelayMessage{RelayEose{req->subscription_id}}));
        } else if (const auto* close = std::get_if<ClientClose>(&message)) {
            subs.erase(close->subscription_id);
        } else if (const auto* ev = std::get_if<ClientEvent>(&message)) {
            if (!answers_ok) return out;
            if (auth_for_writes && !authed) {
                out.push_back(serialize(RelayMessage{RelayOk{ev->event.id, false, "auth-required: log in"}}));
            } else if (!reject.empty()) {
                out.push_back(serialize(RelayMessage{RelayOk{ev->event.id, false, reject}}));
            } else {
                out.push_back(serialize(RelayMessage{RelayOk{ev->event.id, true, ""}}));
                stored.push_back(ev->event);
            }
        } else if (const auto* auth = std::get_if<ClientAuth>(&message)) {
            const AuthCheck check = validate_auth_event(auth->event, url, challenge,
                                                        static_cast<std::int64_t>(now_ms / 1000));
            authed = check.ok();
            out.push_back(serialize(RelayMessage{RelayOk{auth->event.id, authed, std::string(describe(check.status))}}));
        }
        return out;
    }

    /// A live event for every open subscription it matches.
    std::vector<std::string> push(const Event& ev) {
        std::vector<std::string> out;
        for (const auto& sub : subs)
            if (matches_any(sub.second, ev)) out.push_back(serialize(RelayMessage{RelayEvent{sub.first, ev}}));
        return out;
    }
};

/// Carries the pool's actions to scripted relays and their answers back, until nothing moves.
class Network {
public:
    explicit Network(RelayPool& pool) : pool_(pool) {}

    ScriptedRelay& relay(const std::string& url) {
        ScriptedRelay& r = relays_[url];
        r.url = url;
        return r;
    }

    std::uint64_t now = 0;
    std::vector<PoolEvent> events;
    std::vector<Action> actions;

    void settle() {
        for (int round = 0; round < 1000; ++round) {
            PoolOutput out = pool_.take_output();
            if (out.empty()) return;
            for (PoolEvent& ev : out.events) events.push_back(std::move(ev));
            for (const Action& action : out.actions) {
                actions.push_back(action);
                apply(action);
            }
        }
        FAIL("the pool did not settle");
    }

    /// Moves the clock to `t`, running every timer due on the way.
    void advance_to(std::uint64_t t) {
        settle();
        while (true) {
            const auto deadline = pool_.next_deadline();
            if (!deadline || *deadline > t) break;
            now = std::max(now, *deadline);
            pool_.tick(now);
            settle();
        }
        now = t;
    }

    /// The relay drops the connection.
    void drop(const std::string& url) {
        ScriptedRelay& r = relay(url);
        r.open = false;
        pool_.on_close(url, now);
        settle();
    }

    void deliver(const std::string& url, const std::vector<std::string>& frames) {
        for (const std::string& frame : frames) pool_.on_frame(url, frame, now);
        settle();
    }

    template <class T>
    std::vector<T> all() const {
        std::vector<T> out;
        for (const PoolEvent& ev : events)
            if (const T* t = std::get_if<T>(&ev)) out.push_back(*t);
        return out;
    }

    template <class T>
    std::vector<T> frames_to(const std::string& url) const {
        std::vector<T> out;
        for (const Action& action : actions) {
            const auto* send = std::get_if<SendFrame>(&action);
            if (send == nullptr || send->url != url) continue;
            const ClientMessage message = parse_client_message(send->text);
            if (const T* t = std::get_if<T>(&message)) out.push_back(*t);
        }
        return out;
    }

    std::size_t opens(const std::string& url) const {
        std::size_t n = 0;
        for (const Action& action : actions) {
            const auto* open = std::get_if<OpenConnection>(&action);
            if (open != nullptr && open->url == url) ++n;
        }
        return n;
    }

    void clear() {
        events.clear();
        actions.clear();
    }

private:
    void apply(const Action& action) {
        if (const auto* open = std::get_if<OpenConnection>(&action)) {
            ScriptedRelay& r = relay(open->url);
            if (!r.reachable) {
                pool_.on_close(open->url, now);
                return;
            }
            r.open = true;
            pool_.on_open(open->url);
            for (const std::string& frame : r.on_connect()) pool_.on_frame(open->url, frame, now);
        } else if (const auto* close = std::get_if<CloseConnection>(&action)) {
            relay(close->url).open = false;
        } else if (const auto* send = std::get_if<SendFrame>(&action)) {
            ScriptedRelay& r = relay(send->url);
            REQUIRE(r.open);
            for (const std::string& frame : r.on_frame(send->text, now)) pool_.on_frame(send->url, frame, now);
        }
    }

    RelayPool& pool_;
    std::map<std::string, ScriptedRelay> relays_;
};

PoolConfig test_config() {
    PoolConfig config;
    config.backoff = {1000, 8000, 25};
    config.eose_timeout_ms = 5000;
    config.publish_timeout_ms = 5000;
    config.connect_timeout_ms = 3000;
    return config;
}

const std::string relay_a = "wss://a.example";
const std::string relay_b = "wss://b.example";

}  // namespace

TEST_CASE("backoff doubles up to the cap; jitter takes off at most its share", "[nostr][pool]") {
    const BackoffPolicy policy{1000, 8000, 50};
    CHECK(backoff_delay(policy, 1, {}) == 1000);
    CHECK(backoff_delay(policy, 2, {}) == 2000);
    CHECK(backoff_delay(policy, 3, {}) == 4000);
    CHECK(backoff_delay(policy, 4, {}) == 8000);
    CHECK(backoff_delay(policy, 40, {}) == 8000);
    CHECK(backoff_delay(policy, 1, [] { return 0u; }) == 1000);
    CHECK(backoff_delay(policy, 1, [] { return 0x80000000u; }) == 750);
    CHECK(backoff_delay(policy, 4, [] { return 0xffffffffu; }) > 4000);
    CHECK(backoff_delay({0, 0, 100}, 1, [] { return 0xffffffffu; }) == 1);
}

TEST_CASE("pool connects, subscribes and reports EOSE per relay and overall", "[nostr][pool]") {
    RelayPool pool(test_config());
    Network net(pool);
    net.relay(relay_a).stored = {note("one"), note("two")};
    net.relay(relay_b).stored = {note("three")};
    pool.add_relay(relay_a, 0);
    pool.add_relay(relay_b, 0);
    net.settle();
    CHECK(pool.relay_state(relay_a) == ConnectionState::connected);
    CHECK(pool.relays() == std::vector<std::string>{relay_a, relay_b});

    const SubscriptionId id = pool.subscribe({kinds({1})}, {}, net.now);
    CHECK(id.size() <= max_subscription_id_length);
    net.settle();
    CHECK(net.all<EventReceived>().size() == 3);
    CHECK(net.all<SubscriptionRelayEose>().size() == 2);
    REQUIRE(net.all<SubscriptionEose>().size() == 1);
    CHECK(net.all<SubscriptionEose>()[0].subscription == id);
    for (const auto& eose : net.all<SubscriptionRelayEose>()) CHECK(eose.cause == EoseCause::received);

    // Live events after EOSE still arrive; unsubscribe sends CLOSE to both relays.
    net.deliver(relay_a, net.relay(relay_a).push(note("live")));
    CHECK(net.all<EventReceived>().size() == 4);
    pool.unsubscribe(id);
    net.settle();
    CHECK(net.frames_to<ClientClose>(relay_a).size() == 1);
    CHECK(net.frames_to<ClientClose>(relay_b).size() == 1);
    CHECK(net.relay(relay_a).subs.empty());
    // A late event for the closed subscription is ignored.
    pool.on_frame(relay_a, serialize(RelayMessage{RelayEvent{id, note("late")}}), net.now);
    net.settle();
    CHECK(net.all<EventReceived>().size() == 4);
    CHECK_FALSE(pool.next_deadline().has_value());
}

TEST_CASE("a relay that sends duplicates: every event delivered once", "[nostr][pool]") {
    RelayPool pool(test_config());
    Network net(pool);
    const Event shared = note("shared"), only_b = note("only b");
    net.relay(relay_a).stored = {shared};
    net.relay(relay_a).duplicates = true;
    net.relay(relay_b).stored = {shared, only_b};
    net.relay(relay_b).duplicates = true;
    pool.add_relay(relay_a, 0);
    pool.add_relay(relay_b, 0);
    net.settle();
    pool.subscribe({kinds({1})}, {}, net.now);
    net.settle();
    const auto received = net.all<EventReceived>();
    REQUIRE(received.size() == 2);
    CHECK(received[0].event.id == shared.id);
    CHECK(received[0].relay == relay_a);
    CHECK(received[1].event.id == only_b.id);
    CHECK(net.all<SubscriptionEose>().size() == 1);
}

TEST_CASE("a relay that drops mid-subscription: backoff, reconnect, resubscribe, no repeats", "[nostr][pool]") {
    RelayPool pool(test_config());
    Network net(pool);
    net.relay(relay_a).stored = {note("one"), note("two")};
    net.relay(relay_b).stored = {note("one")};
    pool.add_relay(relay_a, 0);
    pool.add_relay(relay_b, 0);
    net.settle();
    const SubscriptionId id = pool.subscribe({kinds({1})}, {}, net.now);
    net.settle();
    CHECK(net.all<EventReceived>().size() == 2);
    net.clear();

    net.now = 100;
    net.drop(relay_a);
    CHECK(pool.relay_state(relay_a) == ConnectionState::backoff);
    CHECK(pool.next_deadline() == std::optional<std::uint64_t>{1100});
    const auto states = net.all<RelayStateChanged>();
    REQUIRE(states.size() == 1);
    CHECK(states[0].state == ConnectionState::backoff);

    // While it is down, nothing is sent there; the relay gains an event meanwhile.
    net.relay(relay_a).stored.push_back(note("three"));
    net.advance_to(1099);
    CHECK(net.opens(relay_a) == 0);
    net.advance_to(1100);
    CHECK(net.opens(relay_a) == 1);
    CHECK(pool.relay_state(relay_a) == ConnectionState::connected);
    const auto reqs = net.frames_to<ClientReq>(relay_a);
    REQUIRE(reqs.size() == 1);
    CHECK(reqs[0].subscription_id == id);
    // Only the new event is delivered; the two old ones were seen before the drop.
    const auto received = net.all<EventReceived>();
    REQUIRE(received.size() == 1);
    CHECK(received[0].event.content == "three");
    CHECK(net.all<SubscriptionEose>().empty());  // reported once, before the drop
}

TEST_CASE("an unreachable relay is retried with growing delays up to the cap", "[nostr][pool]") {
    RelayPool pool(test_config());
    Network net(pool);
    net.relay(relay_a).reachable = false;
    pool.add_relay(relay_a, 0);
    net.settle();
    std::vector<std::uint64_t> retries;
    for (int i = 0; i < 6; ++i) {
        const auto deadline = pool.next_deadline();
        REQUIRE(deadline);
        retries.push_back(*deadline);
        net.advance_to(*deadline);
    }
    CHECK(retries == std::vector<std::uint64_t>{1000, 3000, 7000, 15000, 23000, 31000});
    CHECK(net.opens(relay_a) == 7);

    // Reachable again: connected, and the next failure starts from the initial delay.
    net.relay(relay_a).reachable = true;
    net.advance_to(*pool.next_deadline());
    CHECK(pool.relay_state(relay_a) == ConnectionState::connected);
    net.deliver(relay_a, {serialize(RelayMessage{RelayNotice{"hello"}})});
    CHECK(net.all<NoticeReceived>().size() == 1);
    const std::uint64_t t = net.now;
    net.drop(relay_a);
    CHECK(pool.next_deadline() == std::optional<std::uint64_t>{t + 1000});
}

TEST_CASE("jitter comes from the injected random source", "[nostr][pool]") {
    PoolConfig config = test_config();
    config.random = [] { return 0x80000000u; };  // half of the 25% share: 1000 - 125
    RelayPool pool(config);
    Network net(pool);
    net.relay(relay_a).reachable = false;
    pool.add_relay(relay_a, 0);
    net.settle();
    CHECK(pool.next_deadline() == std::optional<std::uint64_t>{875});
}

TEST_CASE("a connection that never opens times out into backoff", "[nostr][pool]") {
    RelayPool pool(test_config());
    pool.add_relay(relay_a, 0);
    CHECK(pool.take_output().actions.size() == 1);
    CHECK(pool.next_deadline() == std::optional<std::uint64_t>{3000});
    pool.tick(3000);
    const PoolOutput out = pool.take_output();
    REQUIRE(out.actions.size() == 1);
    CHECK(std::get<CloseConnection>(out.actions[0]).url == relay_a);
    CHECK(pool.relay_state(relay_a) == ConnectionState::backoff);
    CHECK(pool.next_deadline() == std::optional<std::uint64_t>{4000});
    // A late on_open for the abandoned attempt is ignored.
    pool.on_open(relay_a);
    CHECK(pool.relay_state(relay_a) == ConnectionState::backoff);
}

TEST_CASE("publish: one relay never answers OK, another accepts", "[nostr][pool]") {
    RelayPool pool(test_config());
    Network net(pool);
    net.relay(relay_a).answers_ok = false;
    pool.add_relay(relay_a, 0);
    pool.add_relay(relay_b, 0);
    net.settle();
    const Event ev = note("publish me");
    pool.publish(ev, {}, net.now);
    net.settle();
    CHECK(net.frames_to<ClientEvent>(relay_a).size() == 1);
    auto results = net.all<PublishRelayResult>();
    REQUIRE(results.size() == 1);
    CHECK(results[0].relay == relay_b);
    CHECK(results[0].status == PublishStatus::accepted);
    CHECK(net.all<PublishCompleted>().empty());

    net.advance_to(4999);
    CHECK(net.all<PublishCompleted>().empty());
    net.advance_to(5000);
    results = net.all<PublishRelayResult>();
    REQUIRE(results.size() == 2);
    CHECK(results[1].relay == relay_a);
    CHECK(results[1].status == PublishStatus::timed_out);
    const auto done = net.all<PublishCompleted>();
    REQUIRE(done.size() == 1);
    CHECK(done[0].event_id == ev.id);
    CHECK(done[0].succeeded);
    CHECK(done[0].accepted == 1);
    CHECK(done[0].timed_out == 1);
    // A late OK after completion changes nothing.
    net.deliver(relay_a, {serialize(RelayMessage{RelayOk{ev.id, true, ""}})});
    CHECK(net.all<PublishRelayResult>().size() == 2);
}

TEST_CASE("publish: rejected with a reason", "[nostr][pool]") {
    RelayPool pool(test_config());
    Network net(pool);
    net.relay(relay_a).reject = "blocked: no spam here";
    pool.add_relay(relay_a, 0);
    net.settle();
    const Event ev = note("spam");
    pool.publish(ev, {}, net.now);
    net.settle();
    const auto results = net.all<PublishRelayResult>();
    REQUIRE(results.size() == 1);
    CHECK(results[0].status == PublishStatus::rejected);
    CHECK(results[0].message == "blocked: no spam here");
    CHECK(split_reason(results[0].message).prefix == ReasonPrefix::blocked);
    const auto done = net.all<PublishCompleted>();
    REQUIRE(done.size() == 1);
    CHECK_FALSE(done[0].succeeded);
    CHECK(done[0].rejected == 1);
    // The same event can be published again once the first attempt completed.
    CHECK_NOTHROW(pool.publish(ev, {}, net.now));
    require_error(Errc::bad_argument, [&] { pool.publish(ev, {}, net.now); });
}

TEST_CASE("publish: unacknowledged events are sent again after a reconnect", "[nostr][pool]") {
    PoolConfig config = test_config();
    config.publish_timeout_ms = 60000;
    RelayPool pool(config);
    Network net(pool);
    net.relay(relay_a).answers_ok = false;
    pool.add_relay(relay_a, 0);
    net.settle();
    const Event ev = note("retry me");
    pool.publish(ev, {}, net.now);
    net.settle();
    net.drop(relay_a);
    net.relay(relay_a).answers_ok = true;
    net.advance_to(1000);
    CHECK(net.frames_to<ClientEvent>(relay_a).size() == 2);
    const auto done = net.all<PublishCompleted>();
    REQUIRE(done.size() == 1);
    CHECK(done[0].succeeded);

    // Published while the relay is down: sent when it comes back.
    net.clear();
    net.drop(relay_a);
    const Event later = note("while down");
    pool.publish(later, {relay_a}, net.now);
    net.settle();
    CHECK(net.frames_to<ClientEvent>(relay_a).empty());
    net.advance_to(net.now + 1000);
    CHECK(net.frames_to<ClientEvent>(relay_a).size() == 1);
    CHECK(net.all<PublishCompleted>().size() == 1);
}

TEST_CASE("AUTH: allowed, the pool authenticates and resubscribes", "[nostr][pool]") {
    PoolConfig config = test_config();
    config.auth = AuthPolicy::automatic;
    config.signer = [](const UnsignedEvent& draft) { return sign(draft, user_key()); };
    RelayPool pool(config);
    Network net(pool);
    ScriptedRelay& relay = net.relay(relay_a);
    relay.challenge = "challenge-123";
    relay.auth_for_reads = true;
    relay.stored = {note("members only")};
    net.now = 1700000000000;
    pool.add_relay(relay_a, net.now);
    net.settle();
    // The challenge alone does not make the pool authenticate (no request needs it yet).
    CHECK(net.frames_to<ClientAuth>(relay_a).empty());

    const SubscriptionId id = pool.subscribe({kinds({1})}, {relay_a}, net.now);
    net.settle();
    const auto closed = net.all<SubscriptionClosed>();
    REQUIRE(closed.size() == 1);
    CHECK(closed[0].reason.prefix == ReasonPrefix::auth_required);
    CHECK(closed[0].will_retry);
    const auto auths = net.frames_to<ClientAuth>(relay_a);
    REQUIRE(auths.size() == 1);
    CHECK(auths[0].event.kind == kind_client_auth);
    CHECK(*first_tag_value(auths[0].event.tags, "challenge") == "challenge-123");
    CHECK(verify(auths[0].event));
    const auto result = net.all<AuthResult>();
    REQUIRE(result.size() == 1);
    CHECK(result[0].accepted);
    CHECK(net.frames_to<ClientReq>(relay_a).size() == 2);
    const auto received = net.all<EventReceived>();
    REQUIRE(received.size() == 1);
    CHECK(received[0].subscription == id);
    REQUIRE(net.all<SubscriptionEose>().size() == 1);
    CHECK(net.all<SubscriptionRelayEose>()[0].cause == EoseCause::received);
}

TEST_CASE("AUTH: disallowed, nothing is sent and the CLOSED is final", "[nostr][pool]") {
    PoolConfig config = test_config();
    config.auth = AuthPolicy::never;
    RelayPool pool(config);
    Network net(pool);
    ScriptedRelay& relay = net.relay(relay_a);
    relay.challenge = "c";
    relay.auth_for_reads = true;
    relay.stored = {note("secret")};
    pool.add_relay(relay_a, 0);
    net.settle();
    pool.subscribe({kinds({1})}, {}, net.now);
    net.settle();
    CHECK(net.frames_to<ClientAuth>(relay_a).empty());
    CHECK(net.all<AuthChallenged>().empty());
    const auto closed = net.all<SubscriptionClosed>();
    REQUIRE(closed.size() == 1);
    CHECK_FALSE(closed[0].will_retry);
    CHECK(net.all<EventReceived>().empty());
    REQUIRE(net.all<SubscriptionRelayEose>().size() == 1);
    CHECK(net.all<SubscriptionRelayEose>()[0].cause == EoseCause::closed);
    CHECK(net.all<SubscriptionEose>().size() == 1);
    CHECK(net.frames_to<ClientReq>(relay_a).size() == 1);
}

TEST_CASE("AUTH: the app is asked and answers with authenticate()", "[nostr][pool]") {
    RelayPool pool(test_config());  // AuthPolicy::ask
    Network net(pool);
    ScriptedRelay& relay = net.relay(relay_a);
    relay.challenge = "ask-me";
    relay.auth_for_reads = true;
    relay.auth_for_writes = true;
    relay.stored = {note("inside")};
    net.now = 1700000000000;
    pool.add_relay(relay_a, net.now);
    net.settle();
    const auto challenged = net.all<AuthChallenged>();
    REQUIRE(challenged.size() == 1);
    CHECK(challenged[0].challenge == "ask-me");

    pool.subscribe({kinds({1})}, {}, net.now);
    const Event ev = note("post", 1700000001);
    pool.publish(ev, {}, net.now);
    net.settle();
    CHECK(net.frames_to<ClientAuth>(relay_a).empty());
    CHECK(net.all<PublishRelayResult>().empty());  // waiting for AUTH, not rejected
    CHECK(net.all<SubscriptionClosed>().at(0).will_retry);

    require_error(Errc::bad_argument, [&] { pool.authenticate(relay_a, note("wrong kind")); });
    CHECK_FALSE(pool.authenticate(relay_b, sign(make_auth_event(relay_b, "x", 1700000000), user_key())));
    const Event auth = sign(make_auth_event(relay_a, challenged[0].challenge, 1700000000), user_key());
    CHECK(pool.authenticate(relay_a, auth));
    net.settle();
    CHECK(net.all<AuthResult>().at(0).accepted);
    CHECK(net.all<EventReceived>().size() == 1);
    const auto done = net.all<PublishCompleted>();
    REQUIRE(done.size() == 1);
    CHECK(done[0].succeeded);
    CHECK(net.frames_to<ClientEvent>(relay_a).size() == 2);
}

TEST_CASE("AUTH: a refused AUTH makes waiting requests final", "[nostr][pool]") {
    RelayPool pool(test_config());
    Network net(pool);
    ScriptedRelay& relay = net.relay(relay_a);
    relay.challenge = "right";
    relay.auth_for_reads = true;
    net.now = 1700000000000;
    pool.add_relay(relay_a, net.now);
    net.settle();
    pool.subscribe({kinds({1})}, {}, net.now);
    net.settle();
    // Signed for another challenge: the relay refuses it.
    CHECK(pool.authenticate(relay_a, sign(make_auth_event(relay_a, "wrong", 1700000000), user_key())));
    net.settle();
    CHECK_FALSE(net.all<AuthResult>().at(0).accepted);
    const auto closed = net.all<SubscriptionClosed>();
    REQUIRE(closed.size() == 2);
    CHECK_FALSE(closed[1].will_retry);
    CHECK(net.all<SubscriptionEose>().size() == 1);
}

TEST_CASE("EOSE timeout and relays that are down count as done", "[nostr][pool]") {
    RelayPool pool(test_config());
    Network net(pool);
    net.relay(relay_a).sends_eose = false;
    net.relay(relay_b).reachable = false;
    pool.add_relay(relay_a, 0);
    pool.add_relay(relay_b, 0);
    net.settle();
    CHECK(pool.relay_state(relay_b) == ConnectionState::backoff);
    pool.subscribe({kinds({1})}, {}, 10);
    net.settle();
    auto per_relay = net.all<SubscriptionRelayEose>();
    REQUIRE(per_relay.size() == 1);
    CHECK(per_relay[0].relay == relay_b);
    CHECK(per_relay[0].cause == EoseCause::disconnected);
    CHECK(net.all<SubscriptionEose>().empty());
    net.relay(relay_b).reachable = true;  // b reconnects at 1000 and answers EOSE
    net.advance_to(5009);
    CHECK(net.all<SubscriptionEose>().empty());
    net.advance_to(5010);
    per_relay = net.all<SubscriptionRelayEose>();
    REQUIRE(per_relay.size() == 2);
    CHECK(per_relay[1].relay == relay_a);
    CHECK(per_relay[1].cause == EoseCause::timed_out);
    CHECK(net.all<SubscriptionEose>().size() == 1);
}

TEST_CASE("frames that break the rules are reported and dropped", "[nostr][pool]") {
    RelayPool pool(test_config());
    Network net(pool);
    pool.add_relay(relay_a, 0);
    net.settle();
    const SubscriptionId id = pool.subscribe({kinds({1})}, {}, 0);
    net.settle();
    net.clear();

    Event forged = note("forged");
    forged.content = "changed after signing";
    const Event wrong_kind = note("kind 7", 1700000000, 7);
    net.deliver(relay_a, {"{not json", R"(["WHAT"])", serialize(RelayMessage{RelayEvent{id, forged}}),
                          serialize(RelayMessage{RelayEvent{id, wrong_kind}}),
                          "[\"NOTICE\",\"" + std::string(600 * 1024, 'x') + "\"]"});
    const auto violations = net.all<ProtocolViolation>();
    REQUIRE(violations.size() == 5);
    CHECK(violations[0].code == Errc::bad_json);
    CHECK(violations[1].code == Errc::bad_message);
    CHECK(violations[2].code == Errc::bad_event);
    CHECK(violations[3].code == Errc::bad_event);
    CHECK(violations[4].code == Errc::too_large);
    CHECK(net.all<EventReceived>().empty());

    // The genuine event with the forged one's id is still delivered.
    const Event genuine = note("forged");
    REQUIRE(genuine.id == forged.id);
    net.deliver(relay_a, {serialize(RelayMessage{RelayEvent{id, genuine}})});
    CHECK(net.all<EventReceived>().size() == 1);
}

TEST_CASE("pool arguments and limits", "[nostr][pool]") {
    PoolConfig config = test_config();
    config.max_subscriptions = 1;
    config.max_pending_publishes = 1;
    RelayPool pool(config);
    require_error(Errc::bad_argument, [&] { pool.subscribe({kinds({1})}, {}, 0); });  // no relays yet
    require_error(Errc::bad_argument, [&] { pool.add_relay("https://not.a.relay", 0); });
    pool.add_relay("WSS://A.example:443/", 0);
    CHECK(pool.relays() == std::vector<std::string>{relay_a});
    require_error(Errc::bad_argument, [&] { pool.subscribe({}, {}, 0); });
    pool.subscribe({kinds({1})}, {}, 0);
    require_error(Errc::too_large, [&] { pool.subscribe({kinds({1})}, {}, 0); });
    pool.publish(note("a"), {}, 0);
    require_error(Errc::too_large, [&] { pool.publish(note("b"), {}, 0); });

    // Explicit relays are added on demand.
    RelayPool other(test_config());
    other.subscribe({kinds({1})}, {relay_b, "wss://b.example/"}, 0);
    CHECK(other.relays() == std::vector<std::string>{relay_b});
    CHECK(other.relay_state(relay_b) == ConnectionState::connecting);

    PoolConfig no_signer;
    no_signer.auth = AuthPolicy::automatic;
    require_error(Errc::bad_argument, [&] { RelayPool bad(no_signer); });
}

TEST_CASE("removing a relay closes it and settles its work", "[nostr][pool]") {
    RelayPool pool(test_config());
    Network net(pool);
    net.relay(relay_a).answers_ok = false;
    net.relay(relay_a).sends_eose = false;
    pool.add_relay(relay_a, 0);
    pool.add_relay(relay_b, 0);
    net.settle();
    pool.subscribe({kinds({1})}, {}, 0);
    pool.publish(note("x"), {}, 0);
    net.settle();
    CHECK(net.all<SubscriptionEose>().empty());
    pool.remove_relay(relay_a);
    net.settle();
    CHECK(net.all<SubscriptionEose>().size() == 1);
    const auto done = net.all<PublishCompleted>();
    REQUIRE(done.size() == 1);
    CHECK(done[0].succeeded);
    CHECK(done[0].rejected == 1);
    CHECK(pool.relays() == std::vector<std::string>{relay_b});
    CHECK(pool.relay_state(relay_a) == ConnectionState::disconnected);
    bool closed = false;
    for (const Action& action : net.actions)
        if (const auto* close = std::get_if<CloseConnection>(&action)) closed = close->url == relay_a;
    CHECK(closed);
}
