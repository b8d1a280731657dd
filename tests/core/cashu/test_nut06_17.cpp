// NUT-06 mint info (the document flash-node serves, and other mints' documents read leniently)
// and NUT-17 WebSocket JSON-RPC messages, with the spec's examples.
#include <catch2/catch.hpp>
#include <string>

#include "core/cashu/nut06.hpp"
#include "core/cashu/nut17.hpp"
#include "core/codec/hex.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::cashu;
using nlohmann::json;
using test::require_error;

namespace {

MintInfo flash_mint_info() {
    MintInfo info;
    info.name = "Flash mint";
    info.pubkey = codec::hex_decode_array<33>("0283bf290884eed3a7ca2663fc0260de2e2064d6b355ea13f98dec004b7a7ead99");
    info.version = "flash-node/0.1.0";
    info.description = "test mint";
    info.contact = {{"email", "contact@me.com"}};
    info.urls = {"https://mint.example"};
    info.time = 1725304480;
    info.minting.methods = {{"bolt11", "sat", 1, 100000, true, false}};
    info.melting.methods = {{"bolt11", "sat", 1, 100000, false, false}};
    info.supported = {20, 7, 8, 9, 10, 11, 12};
    info.websocket = {{"bolt11", "sat", {"bolt11_mint_quote", "bolt11_melt_quote", "proof_state"}}};
    return info;
}

}  // namespace

TEST_CASE("NUT-06 mint info document", "[cashu][nut06]") {
    const MintInfo info = flash_mint_info();
    const auto doc = to_json(info);
    CHECK(doc["name"] == "Flash mint");
    CHECK(doc["pubkey"] == "0283bf290884eed3a7ca2663fc0260de2e2064d6b355ea13f98dec004b7a7ead99");
    CHECK(doc["contact"].dump() == R"([{"method":"email","info":"contact@me.com"}])");
    CHECK_FALSE(doc.contains("motd"));
    CHECK(doc["nuts"]["4"].dump() ==
          R"({"methods":[{"method":"bolt11","unit":"sat","min_amount":1,"max_amount":100000,"description":true,"options":{"description":true}}],"disabled":false})");
    CHECK(doc["nuts"]["5"].dump() ==
          R"({"methods":[{"method":"bolt11","unit":"sat","min_amount":1,"max_amount":100000}],"disabled":false})");
    for (const char* nut : {"7", "8", "9", "10", "11", "12", "20"}) CHECK(doc["nuts"][nut].dump() == R"({"supported":true})");
    CHECK(doc["nuts"]["17"].dump() ==
          R"({"supported":[{"method":"bolt11","unit":"sat","commands":["bolt11_mint_quote","bolt11_melt_quote","proof_state"]}]})");
    CHECK_FALSE(doc["nuts"].contains("14"));

    MintInfo sorted = info;
    sorted.supported = {7, 8, 9, 10, 11, 12, 20};
    CHECK(mint_info_from_json(json::parse(doc.dump())) == sorted);
    CHECK(sorted.supports(12));
    CHECK(sorted.supports(17));
    CHECK(sorted.supports(4));
    CHECK_FALSE(sorted.supports(14));

    MintInfo bare;
    const auto bare_doc = to_json(bare);
    CHECK(bare_doc.dump() ==
          R"({"name":"","version":"","contact":[],"nuts":{"4":{"methods":[],"disabled":false},"5":{"methods":[],"disabled":false}}})");
}

TEST_CASE("NUT-06 reads other mints leniently", "[cashu][nut06]") {
    // The spec's example, plus old-style contacts, null limits, options and junk.
    const json doc = json::parse(R"({
      "name": "Bob's Cashu mint",
      "pubkey": "0283bf290884eed3a7ca2663fc0260de2e2064d6b355ea13f98dec004b7a7ead99",
      "version": "Nutshell/0.15.0",
      "description": "The short mint description",
      "description_long": "A description that can be a long piece of text.",
      "contact": [{"method": "email", "info": "contact@me.com"}, ["nostr", "npub..."], 7],
      "motd": "Message to display to users.",
      "icon_url": "https://mint.host/icon.jpg",
      "urls": ["https://mint.host", 3],
      "time": 1725304480,
      "nuts": {
        "4": {"methods": [{"method": "bolt11", "unit": "sat", "min_amount": 0, "max_amount": 10000,
                           "options": {"description": true}}], "disabled": false},
        "5": {"methods": [{"method": "bolt11", "unit": "sat", "min_amount": null, "max_amount": null,
                           "options": {"amountless": true}}], "disabled": true},
        "7": {"supported": true}, "8": {"supported": false}, "12": {"supported": true},
        "15": {"methods": [{"method": "bolt11", "unit": "sat"}]}, "x": {"supported": true}, "9": true,
        "17": {"supported": [{"method": "bolt11", "unit": "sat", "commands": ["proof_state", 1]}]}
      },
      "extra": {"anything": 1}})");
    const MintInfo info = mint_info_from_json(doc);
    CHECK(info.name == "Bob's Cashu mint");
    CHECK(info.version == "Nutshell/0.15.0");
    REQUIRE(info.contact.size() == 2);
    CHECK(info.contact[1].method == "nostr");
    CHECK(info.urls == std::vector<std::string>{"https://mint.host"});
    CHECK(info.time == 1725304480u);
    REQUIRE(info.minting.methods.size() == 1);
    CHECK(info.minting.methods[0].description);
    CHECK(info.minting.methods[0].max_amount == 10000u);
    CHECK(info.melting.disabled);
    CHECK(info.melting.methods[0].amountless);
    CHECK_FALSE(info.melting.methods[0].min_amount);
    CHECK(info.supported == std::vector<unsigned>{7, 12});
    REQUIRE(info.websocket.size() == 1);
    CHECK(info.websocket[0].commands == std::vector<std::string>{"proof_state"});
    CHECK_FALSE(info.supports(5));

    json bad_key = doc;
    bad_key["pubkey"] = "zz";
    bad_key["name"] = 5;
    const MintInfo lenient = mint_info_from_json(bad_key);
    CHECK_FALSE(lenient.pubkey);
    CHECK(lenient.name.empty());
    require_error(Errc::bad_message, [] { mint_info_from_json(json::array()); });
}

TEST_CASE("NUT-17 requests", "[cashu][nut17]") {
    // The spec's example subscribe and unsubscribe.
    const json subscribe = json::parse(R"({"jsonrpc": "2.0", "id": 0, "method": "subscribe",
      "params": {"kind": "proof_state",
                 "filters": ["02e208f9a78cd523444aadf854a4e91281d20f67a923d345239c37f14e137c7c3d"],
                 "subId": "Ua_IYvRHoCoF_wsZFlJ1m4gBDB--O0_6_n0zHg2T"}})");
    const WsRequest request = ws_request_from_json(subscribe);
    CHECK(request.method == WsMethod::subscribe);
    CHECK(request.kind == "proof_state");
    CHECK(parse_subscription_kind(request.kind) == SubscriptionKind::proof_state);
    CHECK(request.sub_id == "Ua_IYvRHoCoF_wsZFlJ1m4gBDB--O0_6_n0zHg2T");
    CHECK(request.filters.size() == 1);
    CHECK(request.id == 0);
    CHECK(ws_request_from_json(json::parse(to_json(request).dump())) == request);

    const json unsubscribe = json::parse(R"({"jsonrpc": "2.0", "id": 1, "method": "unsubscribe",
      "params": {"subId": "Ua_IYvRHoCoF_wsZFlJ1m4gBDB--O0_6_n0zHg2T"}})");
    const WsRequest unsub = ws_request_from_json(unsubscribe);
    CHECK(unsub.method == WsMethod::unsubscribe);
    CHECK(unsub.filters.empty());
    CHECK(to_json(unsub).dump() ==
          R"({"jsonrpc":"2.0","method":"unsubscribe","params":{"subId":"Ua_IYvRHoCoF_wsZFlJ1m4gBDB--O0_6_n0zHg2T"},"id":1})");

    CHECK(parse_subscription_kind("bolt11_melt_quote") == SubscriptionKind::bolt11_melt_quote);
    CHECK_FALSE(parse_subscription_kind("bolt12_mint_quote"));

    for (const char* bad : {R"({"jsonrpc":"1.0","id":1,"method":"unsubscribe","params":{"subId":"a"}})",
                            R"({"jsonrpc":"2.0","method":"unsubscribe","params":{"subId":"a"}})",
                            R"({"jsonrpc":"2.0","id":[1],"method":"unsubscribe","params":{"subId":"a"}})",
                            R"({"jsonrpc":"2.0","id":1,"method":"publish","params":{"subId":"a"}})",
                            R"({"jsonrpc":"2.0","id":1,"method":"unsubscribe","params":{"subId":""}})",
                            R"({"jsonrpc":"2.0","id":1,"method":"unsubscribe"})",
                            R"({"jsonrpc":"2.0","id":1,"method":"subscribe","params":{"subId":"a","filters":[]}})",
                            R"({"jsonrpc":"2.0","id":1,"method":"subscribe","params":{"subId":"a","kind":"proof_state","filters":[1]}})",
                            R"([1])"}) {
        INFO(bad);
        require_error(Errc::bad_message, [&] { ws_request_from_json(json::parse(bad)); });
    }
    CHECK(ws_request_id(json::parse(R"({"id": 5, "method": 3})")) == 5);
    CHECK(ws_request_id(json::parse(R"({"id": "7"})")) == "7");
    CHECK(ws_request_id(json::parse(R"({"id": {}})")).is_null());
    CHECK(ws_request_id(json::parse("[]")).is_null());
}

TEST_CASE("NUT-17 responses, errors and notifications", "[cashu][nut17]") {
    const auto ok = ws_ok_response("Ua_IYvRHoCoF_wsZFlJ1m4gBDB--O0_6_n0zHg2T", 0);
    CHECK(ok.dump() == R"({"jsonrpc":"2.0","result":{"status":"OK","subId":"Ua_IYvRHoCoF_wsZFlJ1m4gBDB--O0_6_n0zHg2T"},"id":0})");
    const auto error = ws_error_response(ws_error::invalid_request, "bad request", "1");
    CHECK(error.dump() == R"({"jsonrpc":"2.0","error":{"code":-32600,"message":"bad request"},"id":"1"})");
    nlohmann::ordered_json payload;
    payload["Y"] = "02e208f9a78cd523444aadf854a4e91281d20f67a923d345239c37f14e137c7c3d";
    payload["state"] = "UNSPENT";
    payload["witness"] = nullptr;
    const auto note = ws_notification("Ua_IYvRHoCoF_wsZFlJ1m4gBDB--O0_6_n0zHg2T", payload);
    CHECK(note.dump() ==
          R"({"jsonrpc":"2.0","method":"subscribe","params":{"subId":"Ua_IYvRHoCoF_wsZFlJ1m4gBDB--O0_6_n0zHg2T","payload":{"Y":"02e208f9a78cd523444aadf854a4e91281d20f67a923d345239c37f14e137c7c3d","state":"UNSPENT","witness":null}}})");

    // The wallet reads them back.
    const WsMessage ok_read = ws_message_from_json(json::parse(ok.dump()));
    CHECK(ok_read.type == WsMessage::Type::ok);
    CHECK(ok_read.id == 0);
    CHECK(ok_read.sub_id == "Ua_IYvRHoCoF_wsZFlJ1m4gBDB--O0_6_n0zHg2T");
    const WsMessage error_read = ws_message_from_json(json::parse(error.dump()));
    CHECK(error_read.type == WsMessage::Type::error);
    CHECK(error_read.error_code == -32600);
    CHECK(error_read.error_message == "bad request");
    const WsMessage note_read = ws_message_from_json(json::parse(note.dump()));
    CHECK(note_read.type == WsMessage::Type::notification);
    CHECK(note_read.payload["state"] == "UNSPENT");
    require_error(Errc::bad_message, [] { ws_message_from_json(json::parse(R"({"jsonrpc":"2.0","id":1})")); });
    require_error(Errc::bad_message,
                  [] { ws_message_from_json(json::parse(R"({"jsonrpc":"2.0","result":{"status":"NO","subId":"a"},"id":1})")); });
}
