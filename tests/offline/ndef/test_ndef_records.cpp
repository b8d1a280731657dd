// NDEF messages and the Text, URI and MIME records, as Android (NdefRecord.createTextRecord,
// createUri, createMime, createApplicationRecord) and Web NFC write them, and the NFC Forum
// specifications' own examples; then every rule parse_message enforces.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "offline/ndef/mime_record.hpp"
#include "offline/ndef/record.hpp"
#include "offline/ndef/text_record.hpp"
#include "offline/ndef/uri_record.hpp"
#include "support/errors.hpp"

using flash::as_bytes;
using flash::Bytes;
using flash::Errc;
using flash::codec::hex_decode;
using flash::codec::hex_encode;
using namespace flash::offline::ndef;

namespace {

Bytes text_bytes(std::string_view text) { return Bytes(text.begin(), text.end()); }

}  // namespace

TEST_CASE("ndef: the NFC Forum examples, byte for byte", "[offline][ndef]") {
    // RTD-Text: "Hello, world!" in English, one short record (MB ME SR, TNF well-known).
    const Bytes hello = hex_decode("d101105402656e48656c6c6f2c20776f726c6421");
    CHECK(encode_message(std::vector{make_text_record("Hello, world!")}) == hello);
    const auto records = parse_message(hello);
    REQUIRE(records.size() == 1);
    CHECK(parse_text_record(records[0]) == TextRecord{"en", "Hello, world!"});

    // RTD-URI: "http://www.nfc.com" abbreviated with code 0x01.
    const Bytes nfc = hex_decode("d1010855016e66632e636f6d");
    CHECK(encode_message(std::vector{make_uri_record("http://www.nfc.com")}) == nfc);
    CHECK(parse_uri_record(parse_message(nfc)[0]) == "http://www.nfc.com");

    // An empty NDEF message is one empty record.
    const auto empty = parse_message(hex_decode("d00000"));
    REQUIRE(empty.size() == 1);
    CHECK(empty[0] == Record{});
    CHECK(encode_message(std::vector{Record{}}) == hex_decode("d00000"));
}

TEST_CASE("ndef: long records, ids and several records", "[offline][ndef]") {
    const std::string token(700, 'x');
    const Record text = make_text_record("cashuB" + token);
    Record mime = make_mime_record("Application/Octet-Stream", text_bytes("craw..."));
    mime.id = text_bytes("1");
    const Record aar{Tnf::external, text_bytes("android.com:pkg"), {}, text_bytes("me.cashu.wallet")};
    const std::vector<Record> records = {text, mime, aar};
    const Bytes message = encode_message(records);
    // First record: MB, not SR, payload length 709 in 4 bytes, type "T".
    CHECK(hex_encode(Bytes(message.begin(), message.begin() + 7)) == "8101000002c554");
    CHECK(parse_message(message) == records);
    CHECK(mime_type(mime) == "application/octet-stream");
    CHECK(mime.type == text_bytes("application/octet-stream"));

    // A record with a 255-byte payload is still short; 256 bytes is not.
    CHECK((encode_message(std::vector{Record{Tnf::unknown, {}, {}, Bytes(255, 1)}})[0] & 0x10) != 0);
    CHECK((encode_message(std::vector{Record{Tnf::unknown, {}, {}, Bytes(256, 1)}})[0] & 0x10) == 0);
}

TEST_CASE("ndef: what Android and Web NFC write for a Cashu token", "[offline][ndef]") {
    const std::string token = "cashuBo2F0gqJhaUgA_9SLj17PgGFwgaNhYQFhc3hA";
    // NdefRecord.createTextRecord("en", token): status 0x02, "en", UTF-8 text; then the
    // application record Android apps append.
    Bytes android = hex_decode("91015754" "02656e");
    android[2] = static_cast<std::uint8_t>(3 + token.size());
    android.insert(android.end(), token.begin(), token.end());
    const Bytes aar = hex_decode("54" "0f" "0f" "616e64726f69642e636f6d3a706b67" "6d652e63617368752e77616c6c6574");
    android.insert(android.end(), aar.begin(), aar.end());
    const auto records = parse_message(android);
    REQUIRE(records.size() == 2);
    CHECK(parse_text_record(records[0]).text == token);
    CHECK(records[1].tnf == Tnf::external);
    CHECK(records[1].payload == text_bytes("me.cashu.wallet"));

    // NdefRecord.createUri / Web NFC "url": code 0x04 for "https://".
    const std::string url = "https://wallet.example/#token=" + token;
    const Record uri = make_uri_record(url);
    CHECK(uri.payload[0] == 0x04);
    CHECK(parse_uri_record(uri) == url);
    CHECK(parse_uri_record(make_uri_record("cashu:" + token)) == "cashu:" + token);
    CHECK(make_uri_record("cashu:" + token).payload[0] == 0x00);
    CHECK(make_uri_record("https://www.example.com").payload[0] == 0x02);  // the longest prefix
    CHECK(make_uri_record("ftp://anonymous:anonymous@host").payload[0] == 0x07);
    CHECK(make_uri_record("urn:nfc:ext:x").payload[0] == 0x23);

    // Web NFC "absolute-url": TNF 3, the URI in the type field.
    const Record absolute{Tnf::absolute_uri, text_bytes(url), {}, {}};
    CHECK(is_uri_record(absolute));
    CHECK(parse_uri_record(parse_message(encode_message(std::vector{absolute}))[0]) == url);
}

TEST_CASE("ndef: chunked records are reassembled", "[offline][ndef]") {
    // "text/plain" payload "Hello, world" in three chunks: MB CF SR TNF2, CF SR TNF6, ME SR TNF6.
    const Bytes chunked = hex_decode("b20a04" "746578742f706c61696e" "48656c6c"
                                     "360004" "6f2c2077"
                                     "560004" "6f726c64");
    const auto records = parse_message(chunked);
    REQUIRE(records.size() == 1);
    CHECK(mime_type(records[0]) == "text/plain");
    CHECK(records[0].payload == text_bytes("Hello, world"));
    // A chunked record between two plain ones.
    const Bytes mixed = hex_decode("910000" "320002" "6869" "160001" "21" "500000");
    const auto three = parse_message(mixed);
    REQUIRE(three.size() == 3);
    CHECK(three[1].tnf == Tnf::media);
    CHECK(three[1].payload == text_bytes("hi!"));
    CHECK(three[2] == Record{});
}

TEST_CASE("ndef: malformed messages are bad_ndef", "[offline][ndef]") {
    const char* bad[] = {
        "",                          // nothing
        "510000",                    // no MB
        "9000009000" "005000",       // empty then... MB on the second record
        "900000",                    // no ME
        "d00000" "00",               // bytes after ME
        "d0000141",                  // empty record with a payload
        "d1015554",                  // payload length past the end
        "c10100000005" "54",         // 4-byte payload length past the end
        "c101ffffffff" "54",         // 4 GiB claimed
        "d1",                        // truncated header
        "d101",                      // truncated header
        "c1010000",                  // truncated 4-byte length
        "d7000000",                  // TNF 7
        "d501005400",                // unknown record with a type ("T"), length mismatch too
        "d5010054",                  // unknown record with a type
        "d6000000",                  // unchanged outside a chunk
        "d90000" "01",               // IL without the id length... truncated
        "f20a00" "746578742f706c61696e",        // ME on a chunk that says more follow
        "b20a00" "746578742f706c61696e" "160100" "54",  // continuation with a type
        "b20a00" "746578742f706c61696e" "520000",       // continuation that is not TNF unchanged
        "b20a00" "746578742f706c61696e" "5e000101" "00" "21",  // continuation with an id
        "b00000" "560000",           // a chunked empty record
    };
    for (const char* hex : bad) {
        INFO(hex);
        REQUIRE_THROWS_CODE(parse_message(hex_decode(hex)), Errc::bad_ndef);
    }
}

TEST_CASE("ndef: every truncation and random bytes give bad_ndef or records, never a crash", "[offline][ndef]") {
    std::vector<Record> records = {make_text_record("cashuB" + std::string(300, 'a')),
                                   make_uri_record("https://wallet.example/#token=cashuB"),
                                   make_mime_record(octet_stream, Bytes(20, 7))};
    records[1].id = text_bytes("id");
    const Bytes message = encode_message(records);
    for (std::size_t length = 0; length < message.size(); ++length)
        REQUIRE_THROWS_CODE(parse_message(flash::ByteView(message).first(length)), Errc::bad_ndef);

    std::mt19937 random(8);
    for (int round = 0; round < 20000; ++round) {
        Bytes bytes(random() % 24);
        for (auto& b : bytes) b = static_cast<std::uint8_t>(random());
        if (!bytes.empty() && round % 2 == 0) bytes[0] = static_cast<std::uint8_t>((bytes[0] & 0x3f) | 0x80 | 0x40 | 0x10);
        const auto code = flash::test::thrown_code([&] { parse_message(bytes); });
        CHECK((!code || *code == Errc::bad_ndef));
    }
}

TEST_CASE("ndef: malformed Text, URI and MIME records", "[offline][ndef]") {
    const auto text = [](const char* payload_hex) { return Record{Tnf::well_known, {'T'}, {}, hex_decode(payload_hex)}; };
    REQUIRE_THROWS_CODE(parse_text_record(text("")), Errc::bad_ndef);                // no status byte
    REQUIRE_THROWS_CODE(parse_text_record(text("05656e")), Errc::bad_ndef);          // language past the end
    REQUIRE_THROWS_CODE(parse_text_record(text("02656eff")), Errc::bad_ndef);        // not UTF-8
    REQUIRE_THROWS_CODE(parse_text_record(text("02650a41")), Errc::bad_ndef);        // control character in language
    REQUIRE_THROWS_CODE(parse_text_record(text("82656e0041")), Errc::bad_ndef);      // UTF-16
    CHECK(parse_text_record(text("00")) == TextRecord{"", ""});
    CHECK(parse_text_record(text("4002")).text == "\x02");                           // RFU bit ignored
    REQUIRE_THROWS_CODE(parse_text_record(make_uri_record("tel:1")), Errc::bad_argument);
    REQUIRE_THROWS_CODE(make_text_record("x", std::string(64, 'e')), Errc::bad_argument);
    REQUIRE_THROWS_CODE(make_text_record("x", "e n"), Errc::bad_argument);
    REQUIRE_THROWS_CODE(make_text_record("\xff", "en"), Errc::bad_argument);

    const auto uri = [](const char* payload_hex) { return Record{Tnf::well_known, {'U'}, {}, hex_decode(payload_hex)}; };
    REQUIRE_THROWS_CODE(parse_uri_record(uri("")), Errc::bad_ndef);      // no code
    REQUIRE_THROWS_CODE(parse_uri_record(uri("2441")), Errc::bad_ndef);  // reserved code
    REQUIRE_THROWS_CODE(parse_uri_record(uri("00")), Errc::bad_ndef);    // empty URI
    REQUIRE_THROWS_CODE(parse_uri_record(uri("04c3")), Errc::bad_ndef);  // truncated UTF-8
    REQUIRE_THROWS_CODE(parse_uri_record(uri("04610a62")), Errc::bad_ndef);  // control character
    CHECK(parse_uri_record(uri("04")) == "https://");
    REQUIRE_THROWS_CODE(parse_uri_record(make_text_record("x")), Errc::bad_argument);
    REQUIRE_THROWS_CODE(make_uri_record(""), Errc::bad_argument);

    REQUIRE_THROWS_CODE(mime_type(Record{Tnf::media, text_bytes("application"), {}, {}}), Errc::bad_ndef);
    REQUIRE_THROWS_CODE(mime_type(Record{Tnf::media, text_bytes("a/b c"), {}, {}}), Errc::bad_ndef);
    CHECK(mime_type(Record{Tnf::media, text_bytes("Text/Plain; charset=utf-8"), {}, {}}) == "text/plain; charset=utf-8");
    REQUIRE_THROWS_CODE(mime_type(make_text_record("x")), Errc::bad_argument);
    REQUIRE_THROWS_CODE(make_mime_record("application/", {}), Errc::bad_argument);
    REQUIRE_THROWS_CODE(make_mime_record("/x", {}), Errc::bad_argument);
}

TEST_CASE("ndef: records that cannot be encoded are refused", "[offline][ndef]") {
    REQUIRE_THROWS_CODE(encode_message(std::vector<Record>{}), Errc::bad_argument);
    REQUIRE_THROWS_CODE(encode_message(std::vector{Record{Tnf::unchanged, {}, {}, {}}}), Errc::bad_argument);
    REQUIRE_THROWS_CODE(encode_message(std::vector{Record{Tnf::empty, {}, {}, {1}}}), Errc::bad_argument);
    REQUIRE_THROWS_CODE(encode_message(std::vector{Record{Tnf::unknown, {'T'}, {}, {}}}), Errc::bad_argument);
    REQUIRE_THROWS_CODE(encode_message(std::vector{Record{Tnf::external, Bytes(256, 'a'), {}, {}}}), Errc::bad_argument);
    REQUIRE_THROWS_CODE(encode_message(std::vector{Record{Tnf::external, {'a'}, Bytes(256, 'a'), {}}}), Errc::bad_argument);
}
