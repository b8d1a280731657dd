// NIP-01 events: the spec's example events (nostr/nip01-events.vectors.json, read from
// shared/vectors), the canonical serialisation, signing, and every strict-parse rejection.
#include <catch2/catch.hpp>
#include <string>

#include "core/codec/hex.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/nostr/event.hpp"
#include "support/errors.hpp"
#include "support/vectors.hpp"

using namespace flash;
using namespace flash::nostr;
using codec::hex_decode;
using codec::hex_encode;
using nlohmann::json;
using test::require_error;

namespace {

crypto::SecretKey test_key() { return crypto::secret_key_from(hex_decode(std::string(63, '0') + "3")); }

Event signed_note() {
    UnsignedEvent draft;
    draft.created_at = 1700000000;
    draft.kind = 1;
    draft.tags = {{"e", std::string(64, 'a'), "wss://relay.example"}, {"p", std::string(64, 'b')}, {"t", "flash"}};
    draft.content = "hello \"world\"\n";
    return sign(draft, test_key(), ByteArray<32>{});
}

std::string upper(std::string s) {
    for (char& c : s)
        if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
    return s;
}

}  // namespace

TEST_CASE("NIP-01 valid spec events parse, verify and re-serialise", "[nostr][event]") {
    const auto file = test::load_vector_json("nostr/nip01-events.vectors.json");
    REQUIRE(file.at("valid").size() == 7);
    for (const auto& v : file.at("valid")) {
        INFO(v.at("source").get<std::string>());
        const json& object = v.at("event");
        const Event event = parse_event(object.dump());
        CHECK(event == event_from_json(object));
        CHECK(hex_encode(event.id) == object.at("id").get<std::string>());
        CHECK(hex_encode(compute_id(event)) == object.at("id").get<std::string>());
        CHECK(verify(event));
        CHECK(to_json(event) == object);
        CHECK(parse_event(to_json_string(event)) == event);
    }
}

TEST_CASE("NIP-01 id_mismatch spec events are rejected by verify", "[nostr][event]") {
    const auto file = test::load_vector_json("nostr/nip01-events.vectors.json");
    REQUIRE(file.at("id_mismatch").size() == 6);
    for (const auto& v : file.at("id_mismatch")) {
        INFO(v.at("source").get<std::string>());
        const Event event = parse_event(v.at("event").dump());
        CHECK(hex_encode(compute_id(event)) == v.at("computed_id").get<std::string>());
        CHECK(compute_id(event) != event.id);
        // The signature itself is good over the stated id: only the id check catches these.
        CHECK(crypto::schnorr_verify(event.pubkey, event.id, event.sig));
        CHECK_FALSE(verify(event));
    }
}

TEST_CASE("NIP-59 rumor id", "[nostr][event]") {
    const auto file = test::load_vector_json("nostr/nip01-events.vectors.json");
    REQUIRE(!file.at("unsigned_rumor_id").empty());
    for (const auto& v : file.at("unsigned_rumor_id")) {
        const std::string id = v.at("id");
        const UnsignedEvent rumor = unsigned_event_from_json(v.at("rumor"));
        CHECK(hex_encode(compute_id(rumor)) == id);
        CHECK(to_json(rumor).at("id") == id);

        json with_id = v.at("rumor");
        with_id["id"] = id;
        CHECK(unsigned_event_from_json(with_id) == rumor);
        with_id["id"] = std::string(64, '0');
        require_error(Errc::bad_event, [&] { unsigned_event_from_json(with_id); });
        with_id["id"] = id;
        with_id["sig"] = std::string(128, '0');
        require_error(Errc::bad_event, [&] { unsigned_event_from_json(with_id); });
    }
}

TEST_CASE("NIP-01 canonical serialisation escapes like JSON.stringify", "[nostr][event]") {
    UnsignedEvent event;
    event.pubkey = codec::hex_decode_array<32>("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
    event.created_at = 1700000000;
    event.kind = 1;
    event.tags = {{"e", "q\"uote\\back"}, {"x", std::string("\x00\x01\x1f\x7f", 4), "\b\f\n\r\t"}, {}};
    event.content = "line\nbreak \u2028\u2029 caf\u00e9 \U0001F600 </script> \b\f end";
    const std::string expected = R"([0,"79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",1700000000,1,)"
                                 R"([["e","q\"uote\\back"],["x","\u0000\u0001\u001f)" "\x7f" R"(","\b\f\n\r\t"],[]],)"
                                 R"("line\nbreak )" "\u2028\u2029 caf\u00e9 \U0001F600" R"( </script> \b\f end"])";
    CHECK(serialize_for_id(event) == expected);
    // nostr-tools 2.25.2 getEventHash() of the same event.
    CHECK(hex_encode(compute_id(event)) == "42e1a8e6afd02cf61f7cf6d0b046f1d805ccd1ad77f42c30f0eb8d6254233ae3");
    // nlohmann's compact dump uses the same escapes: an independent second opinion.
    CHECK(serialize_for_id(event) ==
          json::array({0, hex_encode(event.pubkey), event.created_at, event.kind, event.tags, event.content}).dump());
}

TEST_CASE("NIP-01 strings that are not UTF-8 have no id", "[nostr][event]") {
    Event event = signed_note();
    for (const std::string bad : {"\xff", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "caf\xc3"}) {
        INFO(hex_encode(as_bytes(bad)));
        Event content = event;
        content.content = bad;
        require_error(Errc::bad_event, [&] { serialize_for_id(content); });
        require_error(Errc::bad_event, [&] { to_json_string(content); });
        CHECK_FALSE(verify(content));
        Event tag = event;
        tag.tags[2][1] = bad;
        require_error(Errc::bad_event, [&] { compute_id(tag); });
    }
}

TEST_CASE("NIP-01 sign and verify", "[nostr][event]") {
    const Event event = signed_note();
    CHECK(event.pubkey == crypto::xonly_public_key(test_key()).key);
    CHECK(verify(event));
    CHECK(signed_note() == event);  // fixed aux randomness: reproducible

    UnsignedEvent draft = event;
    draft.pubkey = {};  // sign() sets it
    const Event fresh = sign(draft, test_key());
    CHECK(verify(fresh));
    CHECK(fresh.id == event.id);

    Event tampered = event;
    tampered.content += "!";
    CHECK_FALSE(verify(tampered));
    tampered = event;
    tampered.tags[1][1][0] = 'c';
    CHECK_FALSE(verify(tampered));
    tampered = event;
    tampered.created_at += 1;
    CHECK_FALSE(verify(tampered));
    tampered = event;
    tampered.kind = 7;
    CHECK_FALSE(verify(tampered));
    tampered = event;
    tampered.sig[10] ^= 1;
    CHECK_FALSE(verify(tampered));
    tampered = event;
    tampered.pubkey[0] ^= 1;
    CHECK_FALSE(verify(tampered));
    // A forged id with the original signature: neither the id nor the signature holds.
    tampered = event;
    tampered.content = "forged";
    tampered.id = compute_id(tampered);
    CHECK_FALSE(verify(tampered));
}

TEST_CASE("NIP-01 parse rejects malformed events", "[nostr][event]") {
    const json good = to_json(signed_note());
    REQUIRE(event_from_json(good) == signed_note());

    const auto rejects = [&](Errc code, const auto& mutate) {
        json object = good;
        mutate(object);
        require_error(code, [&] { event_from_json(object); });
        require_error(code, [&] { parse_event(object.dump()); });
    };
    for (const char* field : {"id", "pubkey", "created_at", "kind", "tags", "content", "sig"}) {
        INFO("missing " << field);
        rejects(Errc::bad_event, [&](json& o) { o.erase(field); });
    }
    rejects(Errc::bad_event, [](json& o) { o["extra"] = 1; });
    rejects(Errc::bad_event, [](json& o) { o["kind"] = "1"; });
    rejects(Errc::bad_event, [](json& o) { o["content"] = 5; });
    rejects(Errc::bad_event, [](json& o) { o["tags"] = json::object(); });
    rejects(Errc::bad_event, [](json& o) { o["id"] = 7; });
    rejects(Errc::bad_event, [](json& o) { o["id"] = upper(o["id"]); });
    rejects(Errc::bad_event, [](json& o) { o["pubkey"] = o["pubkey"].get<std::string>().substr(2); });
    rejects(Errc::bad_event, [](json& o) { o["sig"] = o["sig"].get<std::string>() + "00"; });
    rejects(Errc::bad_event, [](json& o) { o["sig"] = "zz" + o["sig"].get<std::string>().substr(2); });
    rejects(Errc::bad_event, [](json& o) { o["kind"] = 70000; });
    rejects(Errc::bad_event, [](json& o) { o["kind"] = 65536; });
    rejects(Errc::bad_event, [](json& o) { o["kind"] = -1; });
    rejects(Errc::bad_event, [](json& o) { o["kind"] = 1.0; });
    rejects(Errc::bad_event, [](json& o) { o["created_at"] = 1.5; });
    rejects(Errc::bad_event, [](json& o) { o["created_at"] = -5; });
    rejects(Errc::bad_event, [](json& o) { o["created_at"] = std::uint64_t{1} << 53; });
    rejects(Errc::bad_event, [](json& o) { o["created_at"] = nullptr; });
    rejects(Errc::bad_event, [](json& o) { o["tags"] = json::array({json::array({"p", 1})}); });
    rejects(Errc::bad_event, [](json& o) { o["tags"] = json::array({json::array({"p", nullptr})}); });
    rejects(Errc::bad_event, [](json& o) { o["tags"] = json::array({"p"}); });
    rejects(Errc::bad_event, [](json& o) { o["tags"] = json::array({json::array({json::array({"p"})})}); });

    // Floats written in the text, as JSON.stringify might never produce but a hostile peer can.
    std::string text = good.dump();
    const auto at = text.find("1700000000");
    for (const char* number : {"1700000000.0", "1.7e9", "1700000000.5"}) {
        std::string changed = text;
        changed.replace(at, 10, number);
        require_error(Errc::bad_event, [&] { parse_event(changed); });
    }

    require_error(Errc::bad_event, [&] { parse_event("[]"); });
    require_error(Errc::bad_event, [&] { parse_event("\"event\""); });
}

TEST_CASE("NIP-01 parse rejects text that is not JSON", "[nostr][event]") {
    const std::string text = to_json_string(signed_note());
    require_error(Errc::bad_json, [&] { parse_event(""); });
    require_error(Errc::bad_json, [&] { parse_event(text.substr(0, text.size() - 1)); });
    require_error(Errc::bad_json, [&] { parse_event(text + "x"); });
    // Invalid UTF-8 inside a string: the JSON itself is invalid.
    std::string bad_utf8 = text;
    bad_utf8.replace(bad_utf8.find("hello"), 1, "\xff");
    require_error(Errc::bad_json, [&] { parse_event(bad_utf8); });
    // A lone surrogate escape cannot become UTF-8.
    std::string surrogate = text;
    surrogate.replace(surrogate.find("hello"), 1, "\\ud800");
    require_error(Errc::bad_json, [&] { parse_event(surrogate); });
    // Hostile nesting is refused before anything walks it.
    require_error(Errc::bad_json, [&] { parse_event(std::string(100000, '[') + std::string(100000, ']')); });
    require_error(Errc::bad_json, [&] { parse_event(std::string(100000, '[')); });
    std::string deep_tag = text;
    deep_tag.replace(deep_tag.find("[[\"e\""), 1, std::string(40, '[') + "\"x\"" + std::string(40, ']') + ",[");
    require_error(Errc::bad_json, [&] { parse_event(deep_tag); });
}

TEST_CASE("NIP-01 parse applies the limits", "[nostr][event]") {
    const json good = to_json(signed_note());
    EventLimits limits;
    limits.max_tags = 3;
    limits.max_tag_values = 3;
    limits.max_tag_value_bytes = 64;
    limits.max_content_bytes = 14;
    CHECK(event_from_json(good, limits) == signed_note());  // exactly at every limit

    const auto too_large = [&](const auto& mutate) {
        json object = good;
        mutate(object);
        require_error(Errc::too_large, [&] { event_from_json(object, limits); });
        require_error(Errc::too_large, [&] { parse_event(object.dump(), limits); });
    };
    too_large([](json& o) { o["tags"].push_back(json::array({"t", "more"})); });
    too_large([](json& o) { o["tags"][2].push_back("x"); o["tags"][2].push_back("y"); });
    too_large([](json& o) { o["tags"][2][1] = std::string(65, 'x'); });
    too_large([](json& o) { o["content"] = std::string(15, 'x'); });

    // The defaults: 2000 tags is fine, 2001 is not.
    json many = good;
    many["tags"] = json::array();
    for (int i = 0; i < 2000; ++i) many["tags"].push_back(json::array({"t", "x"}));
    CHECK(event_from_json(many).tags.size() == 2000);
    many["tags"].push_back(json::array({"t", "x"}));
    require_error(Errc::too_large, [&] { event_from_json(many); });
}

TEST_CASE("NIP-01 strings built in memory are checked for UTF-8 too", "[nostr][event]") {
    json object = to_json(signed_note());
    object["content"] = "\xff";
    require_error(Errc::bad_event, [&] { event_from_json(object); });
    object = to_json(signed_note());
    object["tags"][0][0] = "\xc0\x80";
    require_error(Errc::bad_event, [&] { event_from_json(object); });
}

TEST_CASE("NIP-01 kind classes", "[nostr][event]") {
    CHECK(classify(0) == KindClass::replaceable);
    CHECK(classify(1) == KindClass::regular);
    CHECK(classify(3) == KindClass::replaceable);
    CHECK(classify(4) == KindClass::regular);
    CHECK(classify(1059) == KindClass::regular);
    CHECK(classify(9999) == KindClass::regular);
    CHECK(classify(10000) == KindClass::replaceable);
    CHECK(classify(19999) == KindClass::replaceable);
    CHECK(classify(20000) == KindClass::ephemeral);
    CHECK(classify(29999) == KindClass::ephemeral);
    CHECK(classify(30000) == KindClass::addressable);
    CHECK(classify(39999) == KindClass::addressable);
    CHECK(classify(40000) == KindClass::regular);
    CHECK(classify(65535) == KindClass::regular);
}

TEST_CASE("NIP-01 first_tag_value", "[nostr][event]") {
    const std::vector<Tag> tags = {{}, {"d"}, {"p", "one"}, {"d", "slug", "extra"}, {"p", "two"}};
    REQUIRE(first_tag_value(tags, "p") != nullptr);
    CHECK(*first_tag_value(tags, "p") == "one");
    CHECK(*first_tag_value(tags, "d") == "slug");  // the valueless "d" is skipped
    CHECK(first_tag_value(tags, "e") == nullptr);
    CHECK(first_tag_value({}, "p") == nullptr);
}

TEST_CASE("NIP-40 expiration: a non-negative decimal time, else none", "[nostr][event]") {
    UnsignedEvent event;
    CHECK_FALSE(expiration(event));
    event.tags = {{"expiration", "1700000000"}, {"expiration", "5"}};
    CHECK(expiration(event) == 1700000000);  // the first tag counts
    for (const char* bad : {"", "-5", "+5", "1e9", " 5", "5 ", "0x10", "9999999999999999999"}) {
        INFO(bad);
        event.tags = {{"expiration", bad}};
        CHECK_FALSE(expiration(event));
    }
    event.tags = {{"expiration"}, {"expiration", "0"}};  // a tag without a value is skipped
    CHECK(expiration(event) == 0);
}
