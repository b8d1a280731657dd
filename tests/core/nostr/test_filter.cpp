// NIP-01 filters: strict parsing and each matching rule.
#include <catch2/catch.hpp>
#include <string>

#include "core/codec/hex.hpp"
#include "core/nostr/filter.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::nostr;
using codec::hex_encode;
using nlohmann::json;
using test::require_error;

namespace {

Event event_with(std::uint16_t kind, std::int64_t created_at, std::vector<Tag> tags = {}) {
    Event event;
    event.id.fill(0x11);
    event.pubkey.fill(0x22);
    event.kind = kind;
    event.created_at = created_at;
    event.tags = std::move(tags);
    return event;
}

Filter parse(const char* text) { return filter_from_json(json::parse(text)); }

}  // namespace

TEST_CASE("NIP-01 filter: the empty filter matches everything", "[nostr][filter]") {
    const Filter filter = parse("{}");
    CHECK(filter.matches(event_with(1, 0)));
    CHECK(filter.matches(event_with(30023, 1700000000, {{"d", "x"}})));
    CHECK(to_json(filter) == json::object());
}

TEST_CASE("NIP-01 filter: ids and authors are exact", "[nostr][filter]") {
    const Event event = event_with(1, 100);
    Filter filter;
    filter.ids = std::vector<EventId>{event.id};
    CHECK(filter.matches(event));
    filter.ids = std::vector<EventId>{EventId{}, event.id};
    CHECK(filter.matches(event));
    filter.ids = std::vector<EventId>{EventId{}};
    CHECK_FALSE(filter.matches(event));
    filter.ids = std::vector<EventId>{};
    CHECK_FALSE(filter.matches(event));  // an empty list matches nothing

    filter = Filter{};
    filter.authors = std::vector<crypto::XOnlyKey>{event.pubkey};
    CHECK(filter.matches(event));
    filter.authors = std::vector<crypto::XOnlyKey>{event.id};
    CHECK_FALSE(filter.matches(event));
    filter.authors = std::vector<crypto::XOnlyKey>{};
    CHECK_FALSE(filter.matches(event));

    const std::string id_hex = hex_encode(event.id);
    CHECK(filter_from_json(json{{"ids", {id_hex}}}).matches(event));
    // Prefixes were dropped from NIP-01: only full 64-character ids.
    require_error(Errc::bad_filter, [&] { filter_from_json(json{{"ids", {id_hex.substr(0, 8)}}}); });
    require_error(Errc::bad_filter, [&] { filter_from_json(json{{"authors", {"22"}}}); });
    require_error(Errc::bad_filter, [&] { filter_from_json(json{{"authors", {std::string(64, 'A')}}}); });
    require_error(Errc::bad_filter, [&] { filter_from_json(json{{"authors", hex_encode(event.pubkey)}}); });
    require_error(Errc::bad_filter, [&] { filter_from_json(json{{"ids", {1}}}); });
}

TEST_CASE("NIP-01 filter: kinds", "[nostr][filter]") {
    CHECK(parse(R"({"kinds":[0,1,7]})").matches(event_with(7, 0)));
    CHECK_FALSE(parse(R"({"kinds":[0,1]})").matches(event_with(7, 0)));
    CHECK_FALSE(parse(R"({"kinds":[]})").matches(event_with(7, 0)));
    CHECK(parse(R"({"kinds":[65535]})").matches(event_with(65535, 0)));
    require_error(Errc::bad_filter, [] { parse(R"({"kinds":[65536]})"); });
    require_error(Errc::bad_filter, [] { parse(R"({"kinds":[-1]})"); });
    require_error(Errc::bad_filter, [] { parse(R"({"kinds":[1.5]})"); });
    require_error(Errc::bad_filter, [] { parse(R"({"kinds":["1"]})"); });
    require_error(Errc::bad_filter, [] { parse(R"({"kinds":1})"); });
}

TEST_CASE("NIP-01 filter: since and until are inclusive", "[nostr][filter]") {
    const Filter filter = parse(R"({"since":100,"until":200})");
    CHECK_FALSE(filter.matches(event_with(1, 99)));
    CHECK(filter.matches(event_with(1, 100)));
    CHECK(filter.matches(event_with(1, 150)));
    CHECK(filter.matches(event_with(1, 200)));
    CHECK_FALSE(filter.matches(event_with(1, 201)));
    CHECK_FALSE(parse(R"({"since":201,"until":200})").matches(event_with(1, 200)));
    require_error(Errc::bad_filter, [] { parse(R"({"since":-1})"); });
    require_error(Errc::bad_filter, [] { parse(R"({"until":1.5})"); });
    require_error(Errc::bad_filter, [] { parse(R"({"since":"100"})"); });
}

TEST_CASE("NIP-01 filter: tags match the first value of a tag with that letter", "[nostr][filter]") {
    const std::string e1(64, 'a'), e2(64, 'b');
    const Event event = event_with(1, 0, {{"e", e1, "wss://r", "root"}, {"p", "alice"}, {"t", "x", "flash"}});
    CHECK(filter_from_json(json{{"#e", {e2, e1}}}).matches(event));
    CHECK_FALSE(filter_from_json(json{{"#e", {e2}}}).matches(event));
    CHECK_FALSE(parse(R"({"#e":[]})").matches(event));
    // Only the first value counts, and the name must be exactly the letter.
    CHECK_FALSE(parse(R"({"#t":["flash"]})").matches(event));
    CHECK_FALSE(parse(R"({"#e":["wss://r"]})").matches(event));
    CHECK_FALSE(parse(R"({"#E":["alice"]})").matches(event_with(1, 0, {{"e", "alice"}})));
    CHECK(parse(R"({"#E":["alice"]})").matches(event_with(1, 0, {{"E", "alice"}})));
    CHECK_FALSE(parse(R"({"#p":["alice"]})").matches(event_with(1, 0, {{"pp", "alice"}})));
    CHECK_FALSE(parse(R"({"#p":["alice"]})").matches(event_with(1, 0, {{"p"}})));
    // Every tag condition must hold (AND), each by any of its values (OR).
    CHECK(parse(R"({"#p":["bob","alice"],"#t":["x"]})").matches(event));
    CHECK_FALSE(parse(R"({"#p":["alice"],"#t":["y"]})").matches(event));

    require_error(Errc::bad_filter, [] { parse(R"({"#pp":["a"]})"); });
    require_error(Errc::bad_filter, [] { parse(R"({"#1":["a"]})"); });
    require_error(Errc::bad_filter, [] { parse(R"({"#":["a"]})"); });
    require_error(Errc::bad_filter, [] { parse(R"({"#p":"alice"})"); });
    require_error(Errc::bad_filter, [] { parse(R"({"#p":[1]})"); });
    require_error(Errc::bad_filter, [] { filter_from_json(json{{"#p", {"\xff"}}}); });
}

TEST_CASE("NIP-01 filter: all conditions together, limit ignored", "[nostr][filter]") {
    const Event event = event_with(1, 150, {{"p", "alice"}});
    const std::string id = hex_encode(event.id), author = hex_encode(event.pubkey);
    Filter filter = filter_from_json(
        json{{"ids", {id}}, {"authors", {author}}, {"kinds", {1}}, {"#p", {"alice"}}, {"since", 100}, {"until", 200}, {"limit", 0}});
    CHECK(filter.limit == 0u);
    CHECK(filter.matches(event));
    Event other = event;
    other.kind = 2;
    CHECK_FALSE(filter.matches(other));
    other = event;
    other.tags = {};
    CHECK_FALSE(filter.matches(other));

    CHECK(parse(R"({"limit":100000000000})").limit == 0xffffffffu);  // clamped
    require_error(Errc::bad_filter, [] { parse(R"({"limit":-1})"); });
    require_error(Errc::bad_filter, [] { parse(R"({"limit":10.5})"); });
}

TEST_CASE("NIP-01 filter: strict parsing and JSON round trip", "[nostr][filter]") {
    require_error(Errc::bad_filter, [] { parse("[]"); });
    require_error(Errc::bad_filter, [] { parse(R"({"search":"x"})"); });
    require_error(Errc::bad_filter, [] { parse(R"({"ids":null})"); });

    const json original = json::parse(R"({"ids":[")" + std::string(64, '1') + R"("],"authors":[")" +
                                      std::string(64, '2') +
                                      R"("],"kinds":[1,30023],"#e":["x"],"#P":["y","z"],"since":5,"until":6,"limit":7})");
    const Filter filter = filter_from_json(original);
    CHECK(to_json(filter) == original);
    CHECK(to_json(filter_from_json(to_json(filter))) == original);
}

TEST_CASE("NIP-01 filter: a REQ's filters are OR-ed", "[nostr][filter]") {
    const Event note = event_with(1, 0), reaction = event_with(7, 0), repost = event_with(6, 0);
    const std::vector<Filter> filters = {parse(R"({"kinds":[1]})"), parse(R"({"kinds":[7]})")};
    CHECK(matches_any(filters, note));
    CHECK(matches_any(filters, reaction));
    CHECK_FALSE(matches_any(filters, repost));
    CHECK_FALSE(matches_any({}, note));
}
