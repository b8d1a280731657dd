// NIP-47 Nostr Wallet Connect: the spec's connection URI, URI round trips and errors, and the
// request/response/notification JSON.
#include <catch2/catch.hpp>
#include <string>

#include "core/codec/hex.hpp"
#include "core/nostr/nip47.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::nostr;
using test::require_error;
using nlohmann::json;

namespace {

// The example connection string of 47.md.
const std::string spec_uri =
    "nostr+walletconnect://b889ff5b1513b641e2a139f661a661364979c5beee91842f8f0ef42ab558e9d4"
    "?relay=wss%3A%2F%2Frelay.damus.io&secret=71a8c14c1407c113601079c4302dab36460f0ccd0ad506f1f2dc73b5100e4f3c";

}  // namespace

TEST_CASE("NWC connection URI from the spec parses and re-formats", "[nostr][nip47]") {
    const nwc::ConnectionUri uri = nwc::parse_connection_uri(spec_uri);
    CHECK(codec::hex_encode(uri.wallet_pubkey) == "b889ff5b1513b641e2a139f661a661364979c5beee91842f8f0ef42ab558e9d4");
    CHECK(uri.relays == std::vector<std::string>{"wss://relay.damus.io"});
    CHECK(codec::hex_encode(uri.secret.view()) == "71a8c14c1407c113601079c4302dab36460f0ccd0ad506f1f2dc73b5100e4f3c");
    CHECK_FALSE(uri.lud16);
    CHECK(nwc::format_connection_uri(uri) == spec_uri);

    const std::string many = "nostrwalletconnect://b889ff5b1513b641e2a139f661a661364979c5beee91842f8f0ef42ab558e9d4"
                             "?relay=wss://a.example&relay=wss%3a%2f%2fb.example%2Fpath&x=y"
                             "&secret=71a8c14c1407c113601079c4302dab36460f0ccd0ad506f1f2dc73b5100e4f3c"
                             "&lud16=alice%40flash.example";
    const nwc::ConnectionUri multi = nwc::parse_connection_uri(many);
    CHECK(multi.relays == std::vector<std::string>{"wss://a.example", "wss://b.example/path"});
    REQUIRE(multi.lud16);
    CHECK(*multi.lud16 == "alice@flash.example");
    const std::string formatted = nwc::format_connection_uri(multi);
    CHECK(formatted.find("lud16=alice%40flash.example") != std::string::npos);
    const nwc::ConnectionUri again = nwc::parse_connection_uri(formatted);
    CHECK(again.relays == multi.relays);
    CHECK(again.secret.array() == multi.secret.array());
}

TEST_CASE("NWC connection URI errors", "[nostr][nip47]") {
    const std::string pub = "b889ff5b1513b641e2a139f661a661364979c5beee91842f8f0ef42ab558e9d4";
    const std::string secret = "71a8c14c1407c113601079c4302dab36460f0ccd0ad506f1f2dc73b5100e4f3c";
    const std::string relay = "relay=wss%3A%2F%2Fr.example";
    const std::string base = "nostr+walletconnect://";
    require_error(Errc::bad_argument, [&] { nwc::parse_connection_uri("https://" + pub + "?" + relay); });
    require_error(Errc::bad_argument, [&] { nwc::parse_connection_uri(base + pub); });
    require_error(Errc::bad_argument, [&] { nwc::parse_connection_uri(base + pub + "?secret=" + secret); });
    require_error(Errc::bad_argument, [&] { nwc::parse_connection_uri(base + pub + "?" + relay); });
    require_error(Errc::bad_argument, [&] { nwc::parse_connection_uri(base + pub + "?relay=%zz&secret=" + secret); });
    require_error(Errc::bad_argument, [&] { nwc::parse_connection_uri(base + pub + "?relay=https%3A%2F%2Fx&secret=" + secret); });
    require_error(Errc::bad_argument,
                  [&] { nwc::parse_connection_uri(base + pub + "?" + relay + "&secret=" + secret + "&secret=" + secret); });
    require_error(Errc::bad_length, [&] { nwc::parse_connection_uri(base + "abcd?" + relay + "&secret=" + secret); });
    require_error(Errc::bad_hex, [&] { nwc::parse_connection_uri(base + std::string(64, 'g') + "?" + relay + "&secret=" + secret); });
    require_error(Errc::bad_secret_key,
                  [&] { nwc::parse_connection_uri(base + pub + "?" + relay + "&secret=" + std::string(64, '0')); });
}

TEST_CASE("NWC request, response and notification JSON", "[nostr][nip47]") {
    const nwc::Request request{"pay_invoice", json{{"invoice", "lnbc50n1..."}, {"amount", 123}}};
    const std::string text = nwc::encode_request(request);
    CHECK(json::parse(text) == json{{"method", "pay_invoice"}, {"params", {{"invoice", "lnbc50n1..."}, {"amount", 123}}}});
    const nwc::Request back = nwc::decode_request(text);
    CHECK(back.method == "pay_invoice");
    CHECK(back.params.at("amount") == 123);
    CHECK(nwc::is_known_method(back.method));
    CHECK_FALSE(nwc::is_known_method("steal_funds"));

    const nwc::Response ok{"pay_invoice", std::nullopt, json{{"preimage", "0123"}}};
    const json ok_json = json::parse(nwc::encode_response(ok));
    CHECK(ok_json.at("error").is_null());
    const nwc::Response ok_back = nwc::decode_response(ok_json.dump());
    CHECK_FALSE(ok_back.error);
    CHECK(ok_back.result.at("preimage") == "0123");

    const nwc::Response failed{"pay_invoice", nwc::ResponseError{"PAYMENT_FAILED", "no route"}, nullptr};
    const nwc::Response failed_back = nwc::decode_response(nwc::encode_response(failed));
    REQUIRE(failed_back.error);
    CHECK(failed_back.error->code == "PAYMENT_FAILED");
    CHECK(failed_back.error->message == "no route");
    CHECK(failed_back.result.is_null());

    const nwc::Notification note{"payment_received", json{{"payment_hash", "ab"}}};
    const nwc::Notification note_back = nwc::decode_notification(nwc::encode_notification(note));
    CHECK(note_back.notification_type == "payment_received");
    CHECK(note_back.notification.at("payment_hash") == "ab");
}

TEST_CASE("NWC JSON errors", "[nostr][nip47]") {
    require_error(Errc::bad_json, [] { nwc::decode_request("{"); });
    require_error(Errc::bad_message, [] { nwc::decode_request("[]"); });
    require_error(Errc::bad_message, [] { nwc::decode_request(R"({"params":{}})"); });
    require_error(Errc::bad_message, [] { nwc::decode_request(R"({"method":"get_info"})"); });
    require_error(Errc::bad_message, [] { nwc::decode_request(R"({"method":"get_info","params":[]})"); });
    require_error(Errc::bad_message, [] { nwc::decode_request(R"({"method":"","params":{}})"); });
    require_error(Errc::bad_message, [] { nwc::decode_response(R"({"result":{}})"); });
    require_error(Errc::bad_message, [] { nwc::decode_response(R"({"result_type":"x","result":null})"); });
    require_error(Errc::bad_message, [] { nwc::decode_response(R"({"result_type":"x","error":{"code":"OTHER"}})"); });
    require_error(Errc::bad_message, [] { nwc::decode_response(R"({"result_type":"x","error":"bad"})"); });
    require_error(Errc::bad_message, [] { nwc::decode_response(R"({"result_type":"x","result":5})"); });
    require_error(Errc::bad_message, [] { nwc::decode_notification(R"({"notification_type":"x"})"); });
    require_error(Errc::too_large, [] { nwc::decode_request(std::string(nwc::max_payload_bytes + 1, ' ')); });
    require_error(Errc::bad_argument, [] { nwc::encode_request({"", json::object()}); });
    require_error(Errc::bad_argument, [] { nwc::encode_request({"get_info", json::array()}); });
    require_error(Errc::bad_argument, [] { nwc::encode_response({"get_info", std::nullopt, json::array()}); });
    CHECK(nwc::decode_request(R"({"method":"get_info","params":{},"extra":1})").method == "get_info");
}

TEST_CASE("NWC events and info", "[nostr][nip47]") {
    const nwc::Info info{{"pay_invoice", "get_balance", "notifications"}, {"nip44_v2", "nip04"}, {"payment_received"}};
    const UnsignedEvent info_event = nwc::make_info_event(info, 1700000000);
    CHECK(info_event.kind == nwc::kind_info);
    CHECK(info_event.content == "pay_invoice get_balance notifications");
    const nwc::Info back = nwc::parse_info_event(info_event);
    CHECK(back.methods == info.methods);
    CHECK(back.encryptions == info.encryptions);
    CHECK(back.notifications == info.notifications);
    UnsignedEvent spaced = info_event;
    spaced.content = "  pay_invoice   get_info ";
    CHECK(nwc::parse_info_event(spaced).methods == std::vector<std::string>{"pay_invoice", "get_info"});
    require_error(Errc::bad_event, [] { nwc::parse_info_event(UnsignedEvent{}); });

    const crypto::XOnlyKey wallet{1, 2, 3};
    const UnsignedEvent req = nwc::make_request_event(wallet, "ciphertext", 1700000000, 1700000060);
    CHECK(req.kind == 23194);
    CHECK(*first_tag_value(req.tags, "p") == codec::hex_encode(wallet));
    CHECK(*first_tag_value(req.tags, "encryption") == "nip44_v2");
    CHECK(*first_tag_value(req.tags, "expiration") == "1700000060");
    const EventId request_id{9};
    const UnsignedEvent resp = nwc::make_response_event(wallet, request_id, "ciphertext", 1700000001);
    CHECK(resp.kind == 23195);
    CHECK(*first_tag_value(resp.tags, "e") == codec::hex_encode(request_id));
    CHECK(nwc::kind_notification == 23197);
}
