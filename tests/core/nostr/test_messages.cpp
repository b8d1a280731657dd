// NIP-01 wire messages in both directions: round trips, the exact shapes, every rejection with
// its error code, and the OK/CLOSED reason prefixes.
#include <catch2/catch.hpp>
#include <string>

#include "core/codec/hex.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/nostr/messages.hpp"
#include "core/nostr/reason.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::nostr;
using test::require_error;

namespace {

Event note() {
    UnsignedEvent draft;
    draft.created_at = 1700000000;
    draft.kind = 1;
    draft.tags = {{"t", "flash"}};
    draft.content = "hi";
    return sign(draft, crypto::secret_key_from(codec::hex_decode(std::string(63, '0') + "7")), ByteArray<32>{});
}

Filter kind1() {
    Filter f;
    f.kinds = std::vector<std::uint16_t>{1};
    return f;
}

const std::string id64(64, 'a');

}  // namespace

TEST_CASE("client messages round-trip", "[nostr][messages]") {
    const Event ev = note();
    const std::string event_text = serialize(ClientMessage{ClientEvent{ev}});
    CHECK(event_text.rfind("[\"EVENT\",{", 0) == 0);
    const auto event_back = std::get<ClientEvent>(parse_client_message(event_text));
    CHECK(event_back.event.id == ev.id);
    CHECK(verify(event_back.event));

    const std::string req = serialize(ClientMessage{ClientReq{"sub1", {kind1(), kind1()}}});
    CHECK(req == R"(["REQ","sub1",{"kinds":[1]},{"kinds":[1]}])");
    const auto req_back = std::get<ClientReq>(parse_client_message(req));
    CHECK(req_back.subscription_id == "sub1");
    CHECK(req_back.filters.size() == 2);

    CHECK(serialize(ClientMessage{ClientClose{"sub1"}}) == R"(["CLOSE","sub1"])");
    CHECK(std::get<ClientClose>(parse_client_message(R"(["CLOSE","x"])")).subscription_id == "x");

    const std::string auth = serialize(ClientMessage{ClientAuth{ev}});
    CHECK(std::get<ClientAuth>(parse_client_message(auth)).event.id == ev.id);

    const std::string count = serialize(ClientMessage{ClientCount{"c", {kind1()}}});
    CHECK(count == R"(["COUNT","c",{"kinds":[1]}])");
    CHECK(std::get<ClientCount>(parse_client_message(count)).filters.size() == 1);
}

TEST_CASE("relay messages round-trip", "[nostr][messages]") {
    const Event ev = note();
    const auto event_back =
        std::get<RelayEvent>(parse_relay_message(serialize(RelayMessage{RelayEvent{"s", ev}})));
    CHECK(event_back.subscription_id == "s");
    CHECK(event_back.event.id == ev.id);

    const std::string ok = serialize(RelayMessage{RelayOk{ev.id, false, "blocked: nope"}});
    CHECK(ok == "[\"OK\",\"" + codec::hex_encode(ev.id) + "\",false,\"blocked: nope\"]");
    const auto ok_back = std::get<RelayOk>(parse_relay_message(ok));
    CHECK(ok_back.event_id == ev.id);
    CHECK_FALSE(ok_back.accepted);
    CHECK(ok_back.message == "blocked: nope");

    CHECK(serialize(RelayMessage{RelayEose{"s"}}) == R"(["EOSE","s"])");
    CHECK(std::get<RelayEose>(parse_relay_message(R"(["EOSE","s"])")).subscription_id == "s");
    CHECK(serialize(RelayMessage{RelayClosed{"s", "error: gone"}}) == R"(["CLOSED","s","error: gone"])");
    const auto closed = std::get<RelayClosed>(parse_relay_message(R"(["CLOSED","s","auth-required: x"])"));
    CHECK(closed.message == "auth-required: x");
    CHECK(std::get<RelayNotice>(parse_relay_message(R"(["NOTICE","hello"])")).message == "hello");
    CHECK(serialize(RelayMessage{RelayAuth{"chal"}}) == R"(["AUTH","chal"])");
    CHECK(std::get<RelayAuth>(parse_relay_message(R"(["AUTH","chal"])")).challenge == "chal");

    CHECK(serialize(RelayMessage{RelayCount{"c", 42, false}}) == R"(["COUNT","c",{"count":42}])");
    CHECK(serialize(RelayMessage{RelayCount{"c", 7, true}}) == R"(["COUNT","c",{"approximate":true,"count":7}])");
    const auto count = std::get<RelayCount>(parse_relay_message(R"(["COUNT","c",{"count":5,"approximate":true,"hll":"00"}])"));
    CHECK(count.count == 5);
    CHECK(count.approximate);
}

TEST_CASE("subscription id rules", "[nostr][messages]") {
    const std::string max_id(64, 's');
    CHECK(std::get<ClientClose>(parse_client_message("[\"CLOSE\",\"" + max_id + "\"]")).subscription_id == max_id);
    require_error(Errc::bad_message, [] { parse_client_message("[\"CLOSE\",\"" + std::string(65, 's') + "\"]"); });
    require_error(Errc::bad_message, [] { parse_client_message(R"(["CLOSE",""])"); });
    require_error(Errc::bad_message, [] { parse_client_message(R"(["CLOSE",5])"); });
    require_error(Errc::bad_message, [] { serialize(ClientMessage{ClientClose{std::string(65, 'x')}}); });
    require_error(Errc::bad_message, [] { serialize(ClientMessage{ClientReq{"s", {}}}); });
}

TEST_CASE("client message rejections carry the right code", "[nostr][messages]") {
    const std::string ev = serialize(ClientMessage{ClientEvent{note()}}).substr(9);  // the event object + "]"
    const std::string event_object = ev.substr(0, ev.size() - 1);
    require_error(Errc::bad_json, [] { parse_client_message("[\"REQ\","); });
    require_error(Errc::bad_json, [] { parse_client_message("[\"CLOSE\",\"a\"] x"); });
    require_error(Errc::bad_json, [] { parse_client_message(std::string(100, '[') + std::string(100, ']')); });
    require_error(Errc::bad_message, [] { parse_client_message("{}"); });
    require_error(Errc::bad_message, [] { parse_client_message("[]"); });
    require_error(Errc::bad_message, [] { parse_client_message("[1]"); });
    require_error(Errc::bad_message, [] { parse_client_message(R"(["HELLO"])"); });
    require_error(Errc::bad_message, [] { parse_client_message(R"(["EOSE","s"])"); });  // relay-only type
    require_error(Errc::bad_message, [] { parse_client_message(R"(["REQ","s"])"); });
    require_error(Errc::bad_message, [] { parse_client_message(R"(["CLOSE","s","extra"])"); });
    require_error(Errc::bad_message, [] { parse_client_message(R"(["EVENT"])"); });
    require_error(Errc::bad_filter, [] { parse_client_message(R"(["REQ","s",{"kinds":"1"}])"); });
    require_error(Errc::bad_filter, [] { parse_client_message(R"(["REQ","s",{"kinds":[1]},[]])"); });
    require_error(Errc::bad_filter, [] { parse_client_message(R"(["COUNT","s",{"unknown":1}])"); });
    require_error(Errc::bad_event, [] { parse_client_message(R"(["EVENT",{"id":1}])"); });
    require_error(Errc::bad_event, [] { parse_client_message(R"(["EVENT","text"])"); });
    require_error(Errc::bad_event, [] { parse_client_message(R"(["AUTH",{}])"); });
    CHECK_NOTHROW(parse_client_message("[\"EVENT\"," + event_object + "]"));
    require_error(Errc::bad_message, [&] { parse_client_message("[\"EVENT\"," + event_object + ",1]"); });

    MessageLimits small;
    small.max_bytes = 20;
    require_error(Errc::too_large, [&] { parse_client_message(R"(["REQ","sub",{"kinds":[1]}])", small); });
    MessageLimits two_filters;
    two_filters.max_filters = 2;
    CHECK_NOTHROW(parse_client_message(R"(["REQ","s",{},{}])", two_filters));
    require_error(Errc::too_large, [&] { parse_client_message(R"(["REQ","s",{},{},{}])", two_filters); });
}

TEST_CASE("relay message rejections carry the right code", "[nostr][messages]") {
    require_error(Errc::bad_json, [] { parse_relay_message("not json"); });
    require_error(Errc::bad_json, [] { parse_relay_message("[\"NOTICE\",\"\xff\"]"); });
    require_error(Errc::bad_message, [] { parse_relay_message(R"(["REQ","s",{}])"); });  // client-only type
    require_error(Errc::bad_message, [] { parse_relay_message(R"(["OK","abc",true,""])"); });
    require_error(Errc::bad_message, [] { parse_relay_message("[\"OK\",\"" + std::string(64, 'A') + "\",true,\"\"]"); });
    require_error(Errc::bad_message, [&] { parse_relay_message("[\"OK\",\"" + id64 + "\",\"true\",\"\"]"); });
    require_error(Errc::bad_message, [&] { parse_relay_message("[\"OK\",\"" + id64 + "\",true]"); });
    require_error(Errc::bad_message, [&] { parse_relay_message("[\"OK\",\"" + id64 + "\",true,null]"); });
    CHECK(std::get<RelayOk>(parse_relay_message("[\"OK\",\"" + id64 + "\",true,\"\"]")).accepted);
    require_error(Errc::bad_message, [] { parse_relay_message(R"(["EOSE"])"); });
    require_error(Errc::bad_message, [] { parse_relay_message(R"(["CLOSED","s"])"); });
    require_error(Errc::bad_message, [] { parse_relay_message(R"(["NOTICE",1])"); });
    require_error(Errc::bad_message, [] { parse_relay_message(R"(["AUTH",{}])"); });
    require_error(Errc::bad_message, [] { parse_relay_message(R"(["COUNT","c",{"count":-1}])"); });
    require_error(Errc::bad_message, [] { parse_relay_message(R"(["COUNT","c",{"count":1.5}])"); });
    require_error(Errc::bad_message, [] { parse_relay_message(R"(["COUNT","c",{}])"); });
    require_error(Errc::bad_message, [] { parse_relay_message(R"(["COUNT","c",{"count":1,"approximate":1}])"); });
    require_error(Errc::bad_event, [] { parse_relay_message(R"(["EVENT","s",{}])"); });
    require_error(Errc::bad_message, [] { parse_relay_message(R"(["EVENT","s"])"); });
}

TEST_CASE("reason prefixes split and format", "[nostr][messages]") {
    const Reason r = split_reason("rate-limited: slow down");
    CHECK(r.prefix == ReasonPrefix::rate_limited);
    CHECK(r.text == "slow down");
    CHECK(split_reason("auth-required:no space").text == "no space");
    CHECK(split_reason("auth-required: x").prefix == ReasonPrefix::auth_required);
    CHECK(split_reason("duplicate:").prefix == ReasonPrefix::duplicate);
    CHECK(split_reason("duplicate:").text.empty());
    CHECK(split_reason("").prefix == ReasonPrefix::none);
    const Reason unknown = split_reason("custom: thing");
    CHECK(unknown.prefix == ReasonPrefix::none);
    CHECK(unknown.text == "custom: thing");
    CHECK(split_reason("Blocked: case matters").prefix == ReasonPrefix::none);
    CHECK(format_reason(ReasonPrefix::invalid, "bad sig") == "invalid: bad sig");
    CHECK(format_reason(ReasonPrefix::none, "plain") == "plain");
    for (const ReasonPrefix p : {ReasonPrefix::duplicate, ReasonPrefix::pow, ReasonPrefix::blocked,
                                 ReasonPrefix::rate_limited, ReasonPrefix::invalid, ReasonPrefix::restricted,
                                 ReasonPrefix::auth_required, ReasonPrefix::mute, ReasonPrefix::error}) {
        const Reason back = split_reason(format_reason(p, "why"));
        CHECK(back.prefix == p);
        CHECK(back.text == "why");
    }
}
