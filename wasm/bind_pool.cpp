// The NOSTR relay pool (core/nostr/pool.hpp) for JS: a class whose output crosses as JSON text.
// The JS host (wasm/relay-pool.mjs) owns the WebSockets and the timers and feeds them back in;
// times are monotonic milliseconds from the host (performance.now()).
#include <emscripten/bind.h>

#include <nlohmann/json.hpp>

#include "core/codec/hex.hpp"
#include "core/crypto/random.hpp"
#include "core/nostr/pool.hpp"
#include "wasm/bind_support.hpp"

namespace flash::wasm {
namespace {

using nlohmann::json;

std::uint64_t ms(double now) { return now <= 0 ? 0 : static_cast<std::uint64_t>(now); }

std::vector<std::string> relays_in(const std::string& relays_json) {
    const json relays = parse_json(relays_json);
    if (!relays.is_array()) throw Error(Errc::bad_argument, "relays are a JSON array of URLs");
    return relays.get<std::vector<std::string>>();
}

const char* name(nostr::ConnectionState state) {
    switch (state) {
        case nostr::ConnectionState::disconnected: return "disconnected";
        case nostr::ConnectionState::connecting: return "connecting";
        case nostr::ConnectionState::connected: return "connected";
        case nostr::ConnectionState::backoff: return "backoff";
    }
    return "unknown";
}

const char* name(nostr::EoseCause cause) {
    switch (cause) {
        case nostr::EoseCause::received: return "received";
        case nostr::EoseCause::timed_out: return "timed-out";
        case nostr::EoseCause::disconnected: return "disconnected";
        case nostr::EoseCause::closed: return "closed";
    }
    return "unknown";
}

const char* name(nostr::PublishStatus status) {
    switch (status) {
        case nostr::PublishStatus::accepted: return "accepted";
        case nostr::PublishStatus::rejected: return "rejected";
        case nostr::PublishStatus::timed_out: return "timed-out";
    }
    return "unknown";
}

json action_json(const nostr::Action& action) {
    return std::visit(
        [](const auto& a) -> json {
            using T = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<T, nostr::OpenConnection>) return {{"type", "open"}, {"url", a.url}};
            else if constexpr (std::is_same_v<T, nostr::CloseConnection>) return {{"type", "close"}, {"url", a.url}};
            else return {{"type", "send"}, {"url", a.url}, {"text", a.text}};
        },
        action);
}

json event_json(const nostr::PoolEvent& event) {
    return std::visit(
        [](const auto& e) -> json {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, nostr::EventReceived>) {
                return {{"type", "event"}, {"subscription", e.subscription}, {"relay", e.relay}, {"event", nostr::to_json(e.event)}};
            } else if constexpr (std::is_same_v<T, nostr::SubscriptionRelayEose>) {
                return {{"type", "relay-eose"}, {"subscription", e.subscription}, {"relay", e.relay}, {"cause", name(e.cause)}};
            } else if constexpr (std::is_same_v<T, nostr::SubscriptionEose>) {
                return {{"type", "eose"}, {"subscription", e.subscription}};
            } else if constexpr (std::is_same_v<T, nostr::SubscriptionClosed>) {
                return {{"type", "closed"}, {"subscription", e.subscription}, {"relay", e.relay},
                        {"reason", nostr::format_reason(e.reason.prefix, e.reason.text)}, {"willRetry", e.will_retry}};
            } else if constexpr (std::is_same_v<T, nostr::PublishRelayResult>) {
                return {{"type", "publish-relay"}, {"id", codec::hex_encode(e.event_id)}, {"relay", e.relay},
                        {"status", name(e.status)}, {"message", e.message}};
            } else if constexpr (std::is_same_v<T, nostr::PublishCompleted>) {
                return {{"type", "published"}, {"id", codec::hex_encode(e.event_id)}, {"succeeded", e.succeeded},
                        {"accepted", e.accepted}, {"rejected", e.rejected}, {"timedOut", e.timed_out}};
            } else if constexpr (std::is_same_v<T, nostr::AuthChallenged>) {
                return {{"type", "auth-challenge"}, {"relay", e.relay}, {"challenge", e.challenge}};
            } else if constexpr (std::is_same_v<T, nostr::AuthResult>) {
                return {{"type", "auth-result"}, {"relay", e.relay}, {"accepted", e.accepted}, {"message", e.message}};
            } else if constexpr (std::is_same_v<T, nostr::NoticeReceived>) {
                return {{"type", "notice"}, {"relay", e.relay}, {"message", e.message}};
            } else if constexpr (std::is_same_v<T, nostr::RelayStateChanged>) {
                return {{"type", "relay-state"}, {"relay", e.relay}, {"state", name(e.state)}};
            } else {
                return {{"type", "violation"}, {"relay", e.relay}, {"code", errc_name(e.code)}, {"detail", e.detail}};
            }
        },
        event);
}

/// Options from JS: {connectTimeoutMs, eoseTimeoutMs, publishTimeoutMs} (all optional).
nostr::PoolConfig config_in(const std::string& options_json) {
    const json options = parse_json(options_json);
    if (!options.is_object()) throw Error(Errc::bad_argument, "pool options are a JSON object");
    nostr::PoolConfig config;
    config.random = [] {
        const auto bytes = crypto::random_array<4>();
        return static_cast<std::uint32_t>(bytes[0]) << 24 | static_cast<std::uint32_t>(bytes[1]) << 16 |
               static_cast<std::uint32_t>(bytes[2]) << 8 | bytes[3];
    };
    config.auth = nostr::AuthPolicy::ask;  // the app decides, with the user's key, whether to answer
    for (const auto& [key, value] : options.items()) {
        const auto milliseconds = value.get<std::uint64_t>();
        if (key == "connectTimeoutMs") config.connect_timeout_ms = milliseconds;
        else if (key == "eoseTimeoutMs") config.eose_timeout_ms = milliseconds;
        else if (key == "publishTimeoutMs") config.publish_timeout_ms = milliseconds;
        else throw Error(Errc::bad_argument, "unknown pool option " + key);
    }
    return config;
}

/// What JS holds: the pool itself, every call guarded (failures become JS Errors with `code`).
class JsRelayPool {
public:
    explicit JsRelayPool(const std::string& options_json)
        : pool_(guarded([&] { return nostr::RelayPool(config_in(options_json)); })) {}

    void add_relay(const std::string& url, double now) { guarded([&] { pool_.add_relay(url, ms(now)); }); }
    void remove_relay(const std::string& url) { guarded([&] { pool_.remove_relay(url); }); }
    std::string subscribe(const std::string& filters_json, const std::string& relays_json, double now) {
        return guarded([&] {
            const json filters = parse_json(filters_json);
            if (!filters.is_array()) throw Error(Errc::bad_filter, "filters are a JSON array");
            std::vector<nostr::Filter> parsed;
            for (const json& f : filters) parsed.push_back(nostr::filter_from_json(f));
            return pool_.subscribe(std::move(parsed), relays_in(relays_json), ms(now));
        });
    }
    void unsubscribe(const std::string& id) { guarded([&] { pool_.unsubscribe(id); }); }
    void publish(const std::string& event_json, const std::string& relays_json, double now) {
        guarded([&] { pool_.publish(nostr::parse_event(event_json), relays_in(relays_json), ms(now)); });
    }
    bool authenticate(const std::string& url, const std::string& event_json) {
        return guarded([&] { return pool_.authenticate(url, nostr::parse_event(event_json)); });
    }
    void on_open(const std::string& url) { guarded([&] { pool_.on_open(url); }); }
    void on_close(const std::string& url, double now) { guarded([&] { pool_.on_close(url, ms(now)); }); }
    void on_frame(const std::string& url, const std::string& text, double now) {
        guarded([&] { pool_.on_frame(url, text, ms(now)); });
    }
    void tick(double now) { guarded([&] { pool_.tick(ms(now)); }); }
    /// The next time tick() has work, or null.
    val next_deadline() const {
        const auto deadline = pool_.next_deadline();
        return deadline ? val(static_cast<double>(*deadline)) : val::null();
    }
    /// {"actions": [...], "events": [...]} produced since the last call.
    std::string take_output() {
        return guarded([&] {
            const nostr::PoolOutput output = pool_.take_output();
            json result = {{"actions", json::array()}, {"events", json::array()}};
            for (const auto& a : output.actions) result["actions"].push_back(action_json(a));
            for (const auto& e : output.events) result["events"].push_back(event_json(e));
            return result.dump(-1, ' ', false, json::error_handler_t::replace);
        });
    }

private:
    nostr::RelayPool pool_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(flash_pool) {
    using namespace emscripten;
    class_<JsRelayPool>("RelayPool")
        .constructor<std::string>()
        .function("addRelay", &JsRelayPool::add_relay)
        .function("removeRelay", &JsRelayPool::remove_relay)
        .function("subscribe", &JsRelayPool::subscribe)
        .function("unsubscribe", &JsRelayPool::unsubscribe)
        .function("publish", &JsRelayPool::publish)
        .function("authenticate", &JsRelayPool::authenticate)
        .function("onOpen", &JsRelayPool::on_open)
        .function("onClose", &JsRelayPool::on_close)
        .function("onFrame", &JsRelayPool::on_frame)
        .function("tick", &JsRelayPool::tick)
        .function("nextDeadline", &JsRelayPool::next_deadline)
        .function("takeOutput", &JsRelayPool::take_output);
}

}  // namespace flash::wasm
