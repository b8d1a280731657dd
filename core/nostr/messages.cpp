// NIP-01 / NIP-42 / NIP-45 message framing.
#include "core/nostr/messages.hpp"

#include <type_traits>

#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "core/nostr/json_text.hpp"

namespace flash::nostr {
namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& detail) { throw Error(Errc::bad_message, detail); }

void require_count(const json& array, std::size_t n, std::string_view type) {
    if (array.size() != n)
        bad(std::string(type) + " needs " + std::to_string(n) + " elements, got " + std::to_string(array.size()));
}

const std::string& string_at(const json& array, std::size_t i, const char* what) {
    if (!array[i].is_string()) bad(std::string(what) + " is not a string");
    return array[i].get_ref<const std::string&>();
}

std::string subscription_at(const json& array, std::size_t i) {
    const std::string& id = string_at(array, i, "subscription id");
    check_subscription_id(id);
    return id;
}

Event event_at(const json& array, std::size_t i, const MessageLimits& limits) {
    if (!array[i].is_object()) throw Error(Errc::bad_event, "event is not an object");
    return event_from_json(array[i], limits.event);
}

std::vector<Filter> filters_from(const json& array, std::string_view type, const MessageLimits& limits) {
    if (array.size() < 3) bad(std::string(type) + " needs at least one filter");
    if (array.size() - 2 > limits.max_filters)
        throw Error(Errc::too_large, std::to_string(array.size() - 2) + " filters, limit " +
                                         std::to_string(limits.max_filters));
    std::vector<Filter> filters;
    filters.reserve(array.size() - 2);
    for (std::size_t i = 2; i < array.size(); ++i) {
        if (!array[i].is_object()) throw Error(Errc::bad_filter, "filter is not an object");
        filters.push_back(filter_from_json(array[i]));
    }
    return filters;
}

/// The parsed array and its type string; Error(bad_message) for anything else.
json message_array(std::string_view text, const MessageLimits& limits, std::string& type) {
    json array = parse_json_text(text, limits.max_bytes);
    if (!array.is_array() || array.empty()) bad("message is not a non-empty JSON array");
    type = string_at(array, 0, "message type");
    return array;
}

RelayCount count_from(const json& array) {
    require_count(array, 3, "COUNT");
    RelayCount out{subscription_at(array, 1), 0, false};
    const json& body = array[2];
    if (!body.is_object()) bad("COUNT result is not an object");
    const auto count = body.find("count");
    if (count == body.end() || !count->is_number_unsigned()) bad("COUNT result needs a non-negative integer count");
    out.count = count->get<std::uint64_t>();
    if (const auto approximate = body.find("approximate"); approximate != body.end()) {
        if (!approximate->is_boolean()) bad("COUNT approximate is not a boolean");
        out.approximate = approximate->get<bool>();
    }
    return out;  // other keys (NIP-45 "hll") are extensions a client may ignore
}

std::string dump(const json& value) {
    try {
        return value.dump();
    } catch (const json::exception& e) {
        throw Error(Errc::bad_utf8, e.what());  // only invalid UTF-8 in a string can fail here
    }
}

json with_filters(const char* type, const std::string& subscription_id, const std::vector<Filter>& filters) {
    check_subscription_id(subscription_id);
    if (filters.empty()) bad(std::string(type) + " without filters");
    json out = json::array({type, subscription_id});
    for (const Filter& filter : filters) out.push_back(to_json(filter));
    return out;
}

}  // namespace

void check_subscription_id(std::string_view id) {
    if (id.empty()) bad("empty subscription id");
    if (id.size() > max_subscription_id_length)
        bad("subscription id of " + std::to_string(id.size()) + " characters, limit 64");
}

ClientMessage parse_client_message(std::string_view text, const MessageLimits& limits) {
    std::string type;
    const json array = message_array(text, limits, type);
    if (type == "EVENT") {
        require_count(array, 2, type);
        return ClientEvent{event_at(array, 1, limits)};
    }
    if (type == "REQ") {
        std::string id = subscription_at(array, 1);
        return ClientReq{std::move(id), filters_from(array, type, limits)};
    }
    if (type == "CLOSE") {
        require_count(array, 2, type);
        return ClientClose{subscription_at(array, 1)};
    }
    if (type == "AUTH") {
        require_count(array, 2, type);
        return ClientAuth{event_at(array, 1, limits)};
    }
    if (type == "COUNT") {
        std::string id = subscription_at(array, 1);
        return ClientCount{std::move(id), filters_from(array, type, limits)};
    }
    bad("unknown client message type '" + type.substr(0, 32) + "'");
}

RelayMessage parse_relay_message(std::string_view text, const MessageLimits& limits) {
    std::string type;
    const json array = message_array(text, limits, type);
    if (type == "EVENT") {
        require_count(array, 3, type);
        std::string id = subscription_at(array, 1);
        return RelayEvent{std::move(id), event_at(array, 2, limits)};
    }
    if (type == "OK") {
        require_count(array, 4, type);
        const std::string& id_hex = string_at(array, 1, "OK event id");
        if (id_hex.size() != 64 || id_hex.find_first_not_of("0123456789abcdef") != std::string::npos)
            bad("OK event id is not 64 lower-case hex characters");
        if (!array[2].is_boolean()) bad("OK accepted flag is not a boolean");
        return RelayOk{codec::hex_decode_array<32>(id_hex), array[2].get<bool>(),
                       string_at(array, 3, "OK message")};
    }
    if (type == "EOSE") {
        require_count(array, 2, type);
        return RelayEose{subscription_at(array, 1)};
    }
    if (type == "CLOSED") {
        require_count(array, 3, type);
        std::string id = subscription_at(array, 1);
        return RelayClosed{std::move(id), string_at(array, 2, "CLOSED message")};
    }
    if (type == "NOTICE") {
        require_count(array, 2, type);
        return RelayNotice{string_at(array, 1, "NOTICE message")};
    }
    if (type == "AUTH") {
        require_count(array, 2, type);
        return RelayAuth{string_at(array, 1, "AUTH challenge")};
    }
    if (type == "COUNT") return count_from(array);
    bad("unknown relay message type '" + type.substr(0, 32) + "'");
}

std::string serialize(const ClientMessage& message) {
    return std::visit(
        [](const auto& m) -> std::string {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, ClientEvent>) return dump(json::array({"EVENT", to_json(m.event)}));
            else if constexpr (std::is_same_v<T, ClientReq>) return dump(with_filters("REQ", m.subscription_id, m.filters));
            else if constexpr (std::is_same_v<T, ClientClose>) {
                check_subscription_id(m.subscription_id);
                return dump(json::array({"CLOSE", m.subscription_id}));
            } else if constexpr (std::is_same_v<T, ClientAuth>) return dump(json::array({"AUTH", to_json(m.event)}));
            else return dump(with_filters("COUNT", m.subscription_id, m.filters));
        },
        message);
}

std::string serialize(const RelayMessage& message) {
    return std::visit(
        [](const auto& m) -> std::string {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, RelayEvent>) {
                check_subscription_id(m.subscription_id);
                return dump(json::array({"EVENT", m.subscription_id, to_json(m.event)}));
            } else if constexpr (std::is_same_v<T, RelayOk>) {
                return dump(json::array({"OK", codec::hex_encode(m.event_id), m.accepted, m.message}));
            } else if constexpr (std::is_same_v<T, RelayEose>) {
                check_subscription_id(m.subscription_id);
                return dump(json::array({"EOSE", m.subscription_id}));
            } else if constexpr (std::is_same_v<T, RelayClosed>) {
                check_subscription_id(m.subscription_id);
                return dump(json::array({"CLOSED", m.subscription_id, m.message}));
            } else if constexpr (std::is_same_v<T, RelayNotice>) {
                return dump(json::array({"NOTICE", m.message}));
            } else if constexpr (std::is_same_v<T, RelayAuth>) {
                return dump(json::array({"AUTH", m.challenge}));
            } else {
                check_subscription_id(m.subscription_id);
                json body = {{"count", m.count}};
                if (m.approximate) body["approximate"] = true;
                return dump(json::array({"COUNT", m.subscription_id, body}));
            }
        },
        message);
}

}  // namespace flash::nostr
